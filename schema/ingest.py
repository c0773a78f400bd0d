"""Provenance: the ingest run behind every fact (each fact type exposes its ``run``)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from hub import models
from schema.info import Info
from schema.pagination import SortDirection, list_field


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
        return cls(
            id=row.id,
            connector=row.connector,
            source=row.source,
            file_hash=row.file_hash,
            started_at=row.started_at,
            finished_at=row.finished_at,
            rows_read=row.rows_read,
            rows_loaded=row.rows_loaded,
            rows_rejected=row.rows_rejected,
            rows_flagged=row.rows_flagged,
            status=row.status,
            error_code=row.error_code,
            message=row.message,
            actor=row.actor,
        )


async def load_run(info: Info, run_id: int | None) -> IngestRun | None:
    """The run ``run_id`` through the request's loader (None for facts entered without a run). Runs hold
    actors, token ids and messages: like ``ingestRuns`` they are the ministry's, except that a region sees
    the runs it made itself (None for any other)."""
    row = await info.context.loaders.run.load(run_id) if run_id is not None else None
    caller = info.context.caller
    if row is None or (caller.role != "ministry" and row.actor != caller.name):
        return None
    return IngestRun.from_model(row)


@strawberry.type
class IngestQuery:
    """Provenance root fields."""

    ingest_runs = list_field(
        "ingest-runs",
        IngestRun,
        order="Run",
        direction=SortDirection.DESC,
        default_order=[("started_at", True)],
        description="Ingest runs, filtered and paginated (newest first by default).",
    )
