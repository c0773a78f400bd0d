"""Provenance: the ingest run behind every fact (each fact type exposes its ``run``), and file uploads
through any ingest source (regional self-service)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.file_uploads import Upload

from schema.errors import OperationError, errors_as_data
from schema.info import Info
from schema.pagination import SortDirection, list_field
from schema.rows import FromRow
from schema.uploads import ingest_upload


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
    """The run ``run_id`` through the request's loader (None for facts entered without a run)."""
    row = await info.context.loaders.run.load(run_id) if run_id is not None else None
    return IngestRun.from_model(row) if row else None


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


@strawberry.input
class IngestOption:
    """A connector parameter of an upload, e.g. ``year`` = ``2025`` or ``stage`` = ``murni``."""

    key: str
    value: str


UploadSourceFileResult = Annotated[IngestRun | OperationError, strawberry.union("UploadSourceFileResult")]


@strawberry.type
class IngestMutation:
    """Uploads through the ingest pipeline (the same rules as ``POST /ingest/{source}``)."""

    @strawberry.mutation(
        description="Load an uploaded file through an ingest source as the caller, all rows or none. A region "
        "token loads the regional sources (budget, achievement, population, schools) for its own region "
        "(`region`; a province also for its kabupaten/kota) and links as proposals; the ministry loads any "
        "source. See docs/security.md."
    )
    @errors_as_data
    async def upload_source_file(
        self,
        info: Info,
        source: str,
        file: Upload,
        region: str | None = None,
        options: list[IngestOption] | None = None,
        dry_run: bool = False,
    ) -> UploadSourceFileResult:
        values = {option.key: option.value for option in options or []}
        if region is not None:
            values["region"] = region
        summary = await ingest_upload(info, source, file, options=values, dry_run=dry_run)
        run = await load_run(info, summary.run_id)
        assert run is not None
        return run
