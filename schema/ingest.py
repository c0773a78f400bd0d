"""Provenance: the ingest run behind every fact (each fact type exposes its ``run``), and file uploads
through any ingest source (regional self-service)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry.file_uploads import Upload

from hub.ingest import report
from schema.errors import OperationError, errors_as_data
from schema.info import Info
from schema.nodes import Node
from schema.pagination import SortDirection, list_field
from schema.rows import FromRow
from schema.uploads import ingest_upload


@strawberry.type(description="Every issue of one severity, rule and column in a run.")
class IssueGroup:
    severity: str = strawberry.field(description="error (rejects the row) or warning (loads it flagged).")
    rule: str
    column: str | None
    count: int = strawberry.field(description="How many issues the group has (every one, not only those kept).")
    first_rows: list[int] = strawberry.field(description="The first rows of the file with the issue.")
    row_ranges: str = strawberry.field(description="The rows as ranges, e.g. '2-10, 15' ('...': more).")


@strawberry.type
class IngestRun(FromRow, Node):
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
    report_groups: strawberry.Private[list[dict[str, Any]] | None]

    @strawberry.field(description="The run's issues grouped by rule: errors first, then warnings, largest first.")
    def report(self) -> list[IssueGroup]:
        found = [report.IssueGroup.from_dict(group) for group in self.report_groups or []]
        return [
            IssueGroup(
                severity=g.severity,
                rule=g.rule,
                column=g.column,
                count=g.count,
                first_rows=g.first_rows,
                row_ranges=g.ranges_text,
            )
            for g in found
        ]


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
        "token loads the regional sources (budget, achievement, population, schools, quarter, prices) for its "
        "own region (`region`; a province also for its kabupaten/kota) and links as proposals; the ministry "
        "loads any source. See docs/security.md."
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
