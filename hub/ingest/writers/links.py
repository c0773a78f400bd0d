"""Store mapping rows as ServiceLinks, changing only what differs from the stored state.

A row names its sub kegiatan by (edition, government level, code): SIPD reuses codes across PROV
and KABKOT, and the connector's check has resolved each row to one node's level. With a
``link_id`` (the hub's workbook) the row edits that link, so a changed service re-points it;
without one the link is found by (service, node). Each created or changed link gets exactly one
LinkEvent and one AuditEvent with its state before and after; an unchanged row writes nothing.
Links absent from the file are left alone.

Only a reviewer (option ``reviewer`` not ``0``: the ministry, or the CLI operator) may change a link
the ministry has approved or rejected; for anyone else such a row is refused with its reason, as
``proposeLink`` refuses it, and the link, its note and ``reviewed_by`` stay as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from sqlalchemy import tuple_
from sqlmodel import Session, col, select

from hub.core.errors import RowIssue, ValidationFailed
from hub.models import AuditEvent, IngestRun, LinkEvent, NomenclatureEdition, NomenclatureNode, ServiceLink
from hub.models.clock import utcnow
from hub.workbench.review import snapshot

STATUS_ACTIONS = {"approved": "approved", "rejected": "rejected", "proposed": "reopened"}


class LinkWriter:
    """Writer for the ``mappings`` source (see module docstring)."""

    def __init__(self, options: Mapping[str, str]) -> None:
        self.options = options
        self.reviewer = options.get("reviewer", "1") != "0"

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
            if not self.reviewer and link.status != "proposed" and _changes(link, row):
                issues.append(
                    _issue(
                        row,
                        "status",
                        row["status"],
                        f"link {link.id} was {link.status} by the ministry's review; only the ministry may "
                        "change it (propose it again with proposeLink once it is rejected)",
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
    session.add(_audit(actor, "link.imported", link, None))
    return link


def _audit(actor: str, action: str, link: ServiceLink, before: dict[str, Any] | None) -> AuditEvent:
    return AuditEvent(
        actor=actor, action=action, entity="service_link", entity_key=str(link.id), before=before, after=snapshot(link)
    )


def _changes(link: ServiceLink, row: dict[str, Any]) -> list[str]:
    """What the row would change on ``link`` (empty: nothing)."""
    changes = []
    if row["service_code"] != link.service_code:
        changes.append(f"service {link.service_code} -> {row['service_code']}")
    if row["status"] != link.status:
        changes.append(f"status {link.status} -> {row['status']}")
    if (row["note"] or None) != (link.note or None):
        changes.append("note changed")
    return changes


def _update(session: Session, link: ServiceLink, row: dict[str, Any], actor: str) -> bool:
    """Apply the row's service, status and note to ``link``; one LinkEvent and one AuditEvent if anything changed."""
    changes = _changes(link, row)
    if not changes:
        return False
    before, status_from, action = snapshot(link), link.status, "noted"
    service_from = link.service_code if row["service_code"] != link.service_code else None
    if row["service_code"] != link.service_code:
        link.service_code, action = row["service_code"], "reassigned"
    if row["status"] != link.status:
        action = action if action == "reassigned" else STATUS_ACTIONS[row["status"]]
        link.status = row["status"]
        link.reviewed_by, link.reviewed_at = actor, utcnow()
    link.note = row["note"]
    session.add(link)
    assert link.id is not None
    session.add(
        LinkEvent(
            link_id=link.id,
            action=action,
            status_from=status_from,
            status_to=link.status,
            service_from=service_from,
            actor=actor,
            note="; ".join(changes) + (f": {link.note}" if link.note else ""),
        )
    )
    session.add(_audit(actor, f"link.{action}", link, before))
    return True
