"""Uploaded spreadsheets go through the same ingest pipeline (and connector rules) as the CLI."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import anyio.to_thread

from hub.access.auth import TOKEN_ROLES, audit_record, require_role
from hub.access.caller import Caller
from hub.core.errors import BadInput
from hub.db.engine import make_engine, session_scope
from hub.ingest import IngestOptions, RunSummary, ingest
from hub.ingest.registry import get_source
from hub.ingest.uploads import check_content, save_upload
from schema.info import Info

ALLOWED_SUFFIXES = (".csv", ".xlsx")


async def import_links(info: Info, upload: Any, *, dry_run: bool) -> RunSummary:
    """Run the ``links`` source on an uploaded file as the caller.

    Raises:
        Unauthenticated, PermissionDenied: not a region or ministry token.
        BadInput: not a .csv or .xlsx file, empty, or content that does not match the extension.
        LimitExceeded: larger than ``settings.max_upload_bytes``.
        ValidationFailed: a row breaks the rules; nothing was loaded.
    """
    caller = info.context.caller
    reviewer = "1" if caller.role == "ministry" else "0"
    return await _import(info, upload, "links", {"reviewer": reviewer}, dry_run=dry_run, check=True)


async def import_minutes(info: Info, upload: Any, session_id: int, *, dry_run: bool) -> RunSummary:
    """Run the ``minutes`` source on an uploaded workbook for session ``session_id`` (the caller
    has been checked to host it). Raises as ``import_links``."""
    return await _import(info, upload, "minutes", {"session": str(session_id)}, dry_run=dry_run, check=False)


async def _import(
    info: Info, upload: Any, source: str, connector_options: dict[str, str], *, dry_run: bool, check: bool
) -> RunSummary:
    caller, settings = info.context.caller, info.context.settings
    if not hasattr(upload, "read"):
        raise BadInput(
            "file must be an uploaded file: send the request as multipart/form-data "
            "(GraphQL multipart request spec), not a string."
        )
    try:
        if check:
            require_role(caller, *TOKEN_ROLES)
        suffix = Path(getattr(upload, "filename", "") or "").suffix.lower()
        if suffix not in ALLOWED_SUFFIXES:
            raise BadInput(f"Upload a .csv or .xlsx file (got {suffix or 'no extension'!r}).")
        options = IngestOptions(
            dry_run=dry_run,
            actor=caller.name,
            options=get_source(source).caller_options(connector_options, reviewer=caller.role == "ministry"),
        )
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"upload{suffix}"
            await save_upload(upload, path, settings.max_upload_bytes)
            check_content(path)  # the same checks as the /ingest upload route
            summary = await anyio.to_thread.run_sync(_ingest, settings.database_url, source, path, options, caller)
    finally:
        await upload.close()
    async with info.context.db.writing():
        pass  # ends the request's read snapshot, so the new run and rows are visible to this request
    return summary


def _ingest(database_url: str, source: str, path: Path, options: IngestOptions, caller: Caller) -> RunSummary:
    """The ingest and its audit record on a sync engine of their own (the request's async session
    holds a read snapshot that SQLite would refuse to upgrade to a write after the ingest commits)."""
    engine = make_engine(database_url)
    try:
        summary = ingest(engine, source, path, options)
        if not options.dry_run:
            with session_scope(engine) as session:
                session.add(
                    audit_record(
                        caller,
                        f"{source}.import",
                        "ingest_run",
                        str(summary.run_id),
                        after={"rows_loaded": summary.rows_loaded, "status": summary.status},
                    )
                )
        return summary
    finally:
        engine.dispose()
