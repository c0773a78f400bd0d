"""Store imported service links: new (service, node) pairs are inserted, changed statuses updated,
and every change leaves a LinkEvent (action ``imported``) naming the run's actor."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import tuple_
from sqlmodel import Session, select

from hub import models
from hub.errors import RowIssue, ValidationFailed
from hub.models.clock import utcnow


class LinkWriter:
    """Writer for the ``mappings`` source."""

    def write(self, session: Session, frame: pd.DataFrame, run: models.IngestRun) -> int:
        actor = run.actor or "import"
        pairs = {(edition, code) for edition, code in zip(frame["edition"], frame["sub_activity_code"], strict=True)}
        nodes = {(edition, code): node_id for node_id, edition, code in session.exec(
            select(models.NomenclatureNode.id, models.NomenclatureEdition.code, models.NomenclatureNode.code)
            .join(models.NomenclatureEdition)
            .where(tuple_(models.NomenclatureEdition.code, models.NomenclatureNode.code).in_(list(pairs))))}
        missing = [RowIssue(int(row), "sub_activity_code", code, f"not in edition {edition!r}")
                   for row, edition, code in zip(frame["source_row"], frame["edition"], frame["sub_activity_code"],
                                                 strict=True) if (edition, code) not in nodes]
        if missing:
            raise ValidationFailed(f"{len(missing)} row(s) name a code missing from their edition; nothing was loaded.",
                                   missing)
        written = 0
        for service, edition, code, status, note in zip(frame["service_code"], frame["edition"],
                                                       frame["sub_activity_code"], frame["status"], frame["note"],
                                                       strict=True):
            note = None if pd.isna(note) else str(note)
            node_id = nodes[(edition, code)]
            link = session.exec(select(models.ServiceLink).where(models.ServiceLink.service_code == service,
                                                                 models.ServiceLink.node_id == node_id)).first()
            previous = link.status if link else None
            if link is not None and previous == status:
                continue
            link = link or models.ServiceLink(service_code=service, node_id=node_id, origin="import", proposed_by=actor)
            link.status, link.note = status, note
            if status != "proposed":
                link.reviewed_by, link.reviewed_at = actor, utcnow()
            session.add(link)
            session.flush()
            assert link.id is not None
            session.add(models.LinkEvent(link_id=link.id, action="imported", status_from=previous, status_to=status,
                                         actor=actor, note=note))
            written += 1
        return written

    def finish(self, session: Session, run: models.IngestRun) -> None:
        del session, run
