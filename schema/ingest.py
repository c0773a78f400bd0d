"""Provenance: the ingest run behind every fact (each fact type exposes its ``run``)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from hub import models
from hub.listing import filters
from schema.info import Info
from schema.pagination import Connection, SortDirection, as_filter, as_order, paginate


@strawberry.type
class IngestRun:
    """One load of one file or pull through one connector, with its counts and outcome."""

    id: int
    connector: str
    source: str
    file_hash: str | None
    started_at: datetime
    finished_at: datetime | None
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    rows_flagged: int
    status: str
    error_code: str | None
    message: str | None
    actor: str | None

    @classmethod
    def from_model(cls, row: models.IngestRun) -> IngestRun:
        assert row.id is not None
        return cls(id=row.id, connector=row.connector, source=row.source, file_hash=row.file_hash,
                   started_at=row.started_at, finished_at=row.finished_at, rows_read=row.rows_read,
                   rows_loaded=row.rows_loaded, rows_rejected=row.rows_rejected, rows_flagged=row.rows_flagged,
                   status=row.status, error_code=row.error_code, message=row.message, actor=row.actor)


async def load_run(info: Info, run_id: int | None) -> IngestRun | None:
    """The run ``run_id`` through the request's loader (None for facts entered without a run)."""
    row = await info.context.loaders.run.load(run_id) if run_id is not None else None
    return IngestRun.from_model(row) if row else None


@strawberry.enum
class RunOrderField(Enum):
    """Sortable columns of runs."""

    STARTED_AT = "started_at"
    CONNECTOR = "connector"


@strawberry.input
class RunOrder:
    """Sort runs by a column."""

    field: RunOrderField
    direction: SortDirection = SortDirection.DESC


@strawberry.input(description=filters.IngestRunFilter.__doc__)
class IngestRunFilter(filters.IngestRunFilter):
    """The list's filter as a GraphQL input (fields as in ``hub.listing.filters``)."""


@strawberry.type
class IngestQuery:
    """Provenance root fields."""

    @strawberry.field(description="Ingest runs, filtered and paginated (newest first by default).")
    async def ingest_runs(self, info: Info, filter: IngestRunFilter | None = None,
                          order_by: list[RunOrder] | None = None, first: int | None = None,
                          after: str | None = None) -> Connection[IngestRun]:
        order = as_order(order_by) or [("started_at", True)]
        return await paginate(info, "ingest-runs", as_filter(filters.IngestRunFilter, filter), order,
                              first=first, after=after, convert=IngestRun.from_model)
