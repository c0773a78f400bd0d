"""Planning-office workflow on service links: propose, approve or reject with a note. Every change
adds a LinkEvent (the review trail) and an AuditEvent in the same transaction."""

from __future__ import annotations

from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from hub import models
from hub.access.auth import TOKEN_ROLES, audit_record, require_role
from hub.access.caller import Caller
from hub.core.errors import Conflict, NotFound, RowIssue, ValidationFailed
from hub.core.vocabulary import SERVICE_LEVELS
from hub.models.clock import utcnow
from hub.models.nomenclature import LEVELS

MAX_TEXT = 2_000  # characters of a proposal's reason or a reviewer's note
SUB_KEGIATAN = LEVELS.index("sub_kegiatan") + 1


def snapshot(link: models.ServiceLink) -> dict[str, Any]:
    """The reviewable state of a link, as the audit trail records it before and after a change."""
    return {"service_code": link.service_code, "node_id": link.node_id, "status": link.status, "note": link.note}


async def propose(
    session: AsyncSession, caller: Caller, *, service_code: str, node_id: int, reason: str | None = None
) -> models.ServiceLink:
    """A new proposed link (or a rejected one reopened).

    Raises:
        Unauthenticated, PermissionDenied: not a region or ministry token.
        ValidationFailed: unknown service or node, a node that is not a sub kegiatan, a service of
            another government level than the node (the bulk import's checks), or an overlong reason.
        Conflict: the link already exists and is proposed or approved.
    """
    require_role(caller, *TOKEN_ROLES)
    _check_text("reason", reason)
    service = await session.get(models.SpmService, service_code)
    if service is None:
        raise ValidationFailed(
            f"Unknown SPM service {service_code!r}.",
            [RowIssue(None, "serviceCode", service_code, "no such SPM service")],
        )
    node = await session.get(models.NomenclatureNode, node_id)
    if node is None:
        raise ValidationFailed(
            f"Unknown nomenclature node {node_id}.",
            [RowIssue(None, "nodeId", str(node_id), "no such nomenclature node")],
        )
    _check_levels(service, node)
    link = (
        await session.exec(
            select(models.ServiceLink).where(
                models.ServiceLink.service_code == service_code, models.ServiceLink.node_id == node_id
            )
        )
    ).first()
    if link is not None and link.status != "rejected":
        raise Conflict(f"Service {service_code} is already linked to node {node_id} (status {link.status}).")
    before = snapshot(link) if link else None
    action = "reopened" if link else "proposed"
    if link is None:
        link = models.ServiceLink(service_code=service_code, node_id=node_id, proposed_by=caller.name)
    status_from = link.status if before else None
    link.status, link.reason, link.proposed_by, link.proposed_at = "proposed", reason, caller.name, utcnow()
    link.reviewed_by = link.reviewed_at = link.note = None
    session.add(link)
    await session.flush()
    assert link.id is not None
    session.add(
        models.LinkEvent(
            link_id=link.id,
            action=action,
            status_from=status_from,
            status_to="proposed",
            actor=caller.name,
            note=reason,
        )
    )
    session.add(
        audit_record(caller, f"link.{action}", "service_link", str(link.id), before=before, after=snapshot(link))
    )
    return link


async def review(
    session: AsyncSession, caller: Caller, link_id: int, *, approve: bool, note: str | None
) -> models.ServiceLink:
    """Approve or reject a proposed link; a rejection needs a note saying why.

    Raises:
        Unauthenticated, PermissionDenied: not a ministry token.
        NotFound: no such link.
        ValidationFailed: rejecting without a note.
        Conflict: the link is not proposed.
    """
    require_role(caller, "ministry")
    _check_text("note", note)
    link = await session.get(models.ServiceLink, link_id)
    if link is None:
        raise NotFound(f"No service link {link_id}.")
    if not approve and not (note or "").strip():
        raise ValidationFailed(
            "A rejection needs a note saying why.", [RowIssue(None, "note", note, "is required when rejecting a link")]
        )
    if link.status != "proposed":
        raise Conflict(f"Link {link_id} is {link.status}; only proposed links can be reviewed (propose it again).")
    before = snapshot(link)
    link.status = "approved" if approve else "rejected"
    link.reviewed_by, link.reviewed_at, link.note, link.needs_review = caller.name, utcnow(), note, False
    session.add(link)
    session.add(
        models.LinkEvent(
            link_id=link_id,
            action=link.status,
            status_from="proposed",
            status_to=link.status,
            actor=caller.name,
            note=note,
        )
    )
    session.add(
        audit_record(caller, f"link.{link.status}", "service_link", str(link_id), before=before, after=snapshot(link))
    )
    return link


def _check_text(field: str, text: str | None) -> None:
    if text is not None and len(text) > MAX_TEXT:
        raise ValidationFailed(
            f"{field}: {len(text):,} characters; at most {MAX_TEXT:,}.",
            [RowIssue(None, field, text[:40], f"at most {MAX_TEXT:,} characters")],
        )


def _check_levels(service: models.SpmService, node: models.NomenclatureNode) -> None:
    """A link joins a sub kegiatan to a service of the same government level (as the bulk import checks)."""
    if node.level != SUB_KEGIATAN:
        raise ValidationFailed(
            f"Node {node.id} ({node.code}) is not a sub kegiatan; services link to sub kegiatan only.",
            [RowIssue(None, "nodeId", str(node.id), "is not a sub kegiatan")],
        )
    if node.government_level and SERVICE_LEVELS.get(node.government_level) != service.level:
        raise ValidationFailed(
            f"{service.code} is a {service.level} service but sub kegiatan {node.code} is a "
            f"{node.government_level} one.",
            [
                RowIssue(
                    None, "serviceCode", service.code, f"choose a {SERVICE_LEVELS.get(node.government_level)} service"
                )
            ],
        )
