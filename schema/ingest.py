"""Provenance: the ingest run behind every fact (each fact type exposes its ``run``)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.info import Info
from schema.pagination import SortDirection, list_field
from schema.rows import FromRow


@strawberry.type
class IngestRun(FromRow):
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
