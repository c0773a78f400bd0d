"""Store mapping rows as ServiceLinks, changing only what differs from the stored state.

A row names its sub kegiatan by (edition, government level, code): SIPD reuses codes across PROV
and KABKOT, and the connector's check has resolved each row to one node's level. With a
``link_id`` (the hub's workbook) the row edits that link, so a changed service re-points it;
without one the link is found by (service, node). Each created or changed link gets exactly one
LinkEvent; an unchanged row writes nothing. Links absent from the file are left alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from sqlalchemy import tuple_
from sqlmodel import Session, col, select

from hub.core.errors import RowIssue, ValidationFailed
from hub.models import IngestRun, LinkEvent, NomenclatureEdition, NomenclatureNode, ServiceLink
from hub.models.clock import utcnow

STATUS_ACTIONS = {"approved": "approved", "rejected": "rejected", "proposed": "reopened"}


class LinkWriter:
    """Writer for the ``mappings`` source (see module docstring)."""

    def __init__(self, options: Mapping[str, str]) -> None:
        self.options = options

    def write(self, session: Session, frame: pd.DataFrame, run: IngestRun) -> int:
        rows = frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
        nodes = _node_ids(session, {(r["edition"], r["sub_activity_code"]) for r in rows})
        by_id, by_key = _links(session, set(nodes.values()), {int(r["link_id"]) for r in rows if r["link_id"]})
        actor = run.actor or "import"
        issues: list[RowIssue] = []
        changed = 0
        for row in rows:
            node_id = nodes[(row["edition"], row["government_level"], row["sub_activity_code"])]
            link = by_id.get(int(row["link_id"])) if row["link_id"] else by_key.get((row["service_code"], node_id))
            if row["link_id"] and (link is None or link.node_id != node_id):
                issues.append(
                    _issue(
                        row,
                        "link_id",
                        row["link_id"],
                        f"is not a link of the {row['government_level']} "
                        f"sub kegiatan {row['sub_activity_code']} in edition {row['edition']}; "
                        "do not edit link_id or level",
                    )
                )
                continue
            if link is None:
                link = _create(session, row, node_id, actor)
                by_key[(link.service_code, node_id)] = link
                changed += 1
                continue
            clash = by_key.get((row["service_code"], node_id))
            if clash is not None and clash is not link:
                issues.append(
                    _issue(
                        row,
                        "service_code",
                        row["service_code"],
                        f"this sub kegiatan is already linked to that service (link {clash.id}); edit that row instead",
                    )
                )
                continue
            if _update(session, link, row, actor):
                by_key[(link.service_code, node_id)] = link
                changed += 1
        if issues:
            raise ValidationFailed(
                f"{len(issues)} mapping row(s) conflict with the stored links; nothing was changed.", issues
            )
        session.flush()
        return changed

    def finish(self, session: Session, run: IngestRun) -> None:
        del session, run


def _issue(row: dict[str, Any], column: str, value: Any, rule: str) -> RowIssue:
    return RowIssue(row=row.get("source_row"), column=column, value=str(value), rule=rule)


def _node_ids(session: Session, keys: set[tuple[str, str]]) -> dict[tuple[str, str | None, str], int]:
    """Node ids by (edition, government level, code) for the (edition, code) pairs of the rows."""
    statement = (
        select(NomenclatureEdition.code, NomenclatureNode.government_level, NomenclatureNode.code, NomenclatureNode.id)
        .join(NomenclatureEdition, col(NomenclatureNode.edition_id) == col(NomenclatureEdition.id))
        .where(tuple_(col(NomenclatureEdition.code), col(NomenclatureNode.code)).in_(list(keys)))
    )
    return {(edition, level, code): node_id for edition, level, code, node_id in session.exec(statement) if node_id}


def _links(
    session: Session, node_ids: set[int], link_ids: set[int]
) -> tuple[dict[int, ServiceLink], dict[tuple[str, int], ServiceLink]]:
    links = session.exec(
        select(ServiceLink).where(col(ServiceLink.node_id).in_(node_ids) | col(ServiceLink.id).in_(link_ids))
    ).all()
    return (
        {link.id: link for link in links if link.id is not None},
        {(link.service_code, link.node_id): link for link in links},
    )


def _create(session: Session, row: dict[str, Any], node_id: int, actor: str) -> ServiceLink:
    reviewed = row["status"] != "proposed"
    link = ServiceLink(
        service_code=row["service_code"],
        node_id=node_id,
        status=row["status"],
        origin="import",
        proposed_by=actor,
        note=row["note"],
        reviewed_by=actor if reviewed else None,
        reviewed_at=utcnow() if reviewed else None,
    )
    session.add(link)
    session.flush()
    assert link.id is not None
    session.add(
        LinkEvent(
            link_id=link.id, action="imported", status_from=None, status_to=link.status, actor=actor, note=row["note"]
        )
    )
    return link


def _update(session: Session, link: ServiceLink, row: dict[str, Any], actor: str) -> bool:
    """Apply the row's service, status and note to ``link``; one LinkEvent if anything changed."""
    changes = []
    action = "noted"
    status_from = link.status
    if row["service_code"] != link.service_code:
        changes.append(f"service {link.service_code} -> {row['service_code']}")
        link.service_code, action = row["service_code"], "reassigned"
    if row["status"] != link.status:
        changes.append(f"status {link.status} -> {row['status']}")
        action = action if action == "reassigned" else STATUS_ACTIONS[row["status"]]
        link.status = row["status"]
        link.reviewed_by, link.reviewed_at = actor, utcnow()
    if (row["note"] or None) != (link.note or None):
        changes.append("note changed")
        link.note = row["note"]
    if not changes:
        return False
    session.add(link)
    assert link.id is not None
    session.add(
        LinkEvent(
            link_id=link.id,
            action=action,
            status_from=status_from,
            status_to=link.status,
            actor=actor,
            note="; ".join(changes) + (f": {link.note}" if link.note else ""),
        )
    )
    return True
