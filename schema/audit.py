"""The audit log: every write, who made it, when, and the record before and after (ministry only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

import strawberry
from sqlalchemy import func
from sqlmodel import col, select
from strawberry.scalars import JSON

from hub import models
from hub.access.auth import require_role
from hub.core.errors import BadInput
from schema.info import Info


@strawberry.type
class AuditEvent:
    """One write: ``before`` is null for a creation, ``after`` null for a deletion."""

    id: strawberry.ID
    at: datetime
    actor: str
    action: str
    entity: str
    entity_key: str
    region_code: str | None
    before: JSON | None
    after: JSON | None

    @classmethod
    def from_model(cls, row: models.AuditEvent) -> AuditEvent:
        return cls(
            id=strawberry.ID(str(row.id)),
            at=row.at,
            actor=row.actor,
            action=row.action,
            entity=row.entity,
            entity_key=row.entity_key,
            region_code=row.region_code,
            before=cast(JSON, row.before),
            after=cast(JSON, row.after),
        )


@strawberry.type
class AuditPageInfo:
    """Where the page ends; pass ``endCursor`` as ``after`` for the next (older) page."""

    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class AuditEventConnection:
    """A page of audit events, newest first."""

    total_count: int
    nodes: list[AuditEvent]
    page_info: AuditPageInfo


@strawberry.type
class AuditQuery:
    """Audit root fields."""

    @strawberry.field(description="The audit log, newest first, with optional filters (ministry only).")
    async def audit_events(
        self,
        info: Info,
        first: int = 50,
        after: str | None = None,
        entity: str | None = None,
        action: str | None = None,
        actor: str | None = None,
        region_code: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> AuditEventConnection:
        require_role(info.context.caller, "ministry")
        first = max(0, min(first, info.context.settings.max_page_size))
        filters: list[Any] = []
        for column, value in (
            (models.AuditEvent.entity, entity),
            (models.AuditEvent.action, action),
            (models.AuditEvent.actor, actor),
            (models.AuditEvent.region_code, region_code),
        ):
            if value is not None:
                filters.append(column == value)
        if since is not None:
            filters.append(col(models.AuditEvent.at) >= since)
        if until is not None:
            filters.append(col(models.AuditEvent.at) < until)
        total = await info.context.db.first(select(func.count()).select_from(models.AuditEvent).where(*filters))
        if after is not None:
            if not after.isdigit():
                raise BadInput(f"Invalid cursor {after[:40]!r}; pass a pageInfo.endCursor back unchanged.")
            filters.append(col(models.AuditEvent.id) < int(after))
        rows = await info.context.db.all(
            select(models.AuditEvent).where(*filters).order_by(col(models.AuditEvent.id).desc()).limit(first + 1)
        )
        nodes = [AuditEvent.from_model(row) for row in rows[:first]]
        return AuditEventConnection(
            total_count=total or 0,
            nodes=nodes,
            page_info=AuditPageInfo(has_next_page=len(rows) > first, end_cursor=str(nodes[-1].id) if nodes else None),
        )
