"""Uploaded files go through the same ingest pipeline (and connector rules) as the CLI and the
``/ingest`` route: the same access rule (``require_ingest``: regional sources for the caller's own
region, links as proposals from a region, national sources for the ministry) and the same hygiene."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import anyio.to_thread

from hub.access.auth import audit_record, require_ingest
from hub.access.caller import Caller
from hub.core.errors import BadInput
from hub.db.engine import make_engine, session_scope
from hub.ingest import IngestOptions, RunSummary, ingest
from hub.ingest.registry import get_source
from hub.ingest.uploads import check_content, safe_filename, save_upload
from schema.info import Info

ALLOWED_SUFFIXES = (".csv", ".xlsx", ".json")


async def ingest_upload(
    info: Info, source: str, upload: Any, *, options: Mapping[str, str], dry_run: bool
) -> RunSummary:
    """Run source ``source`` on an uploaded file as the caller.

    Raises:
        NotFound: no such source.
        Unauthenticated, PermissionDenied: the caller may not load this source (for this region).
        BadInput: no ``region`` for a regional source; not a .csv/.xlsx/.json file, empty, or content that
            does not match the extension.
        LimitExceeded: larger than ``settings.max_upload_bytes``.
        ValidationFailed: a row breaks the rules; nothing was loaded.
    """
    return await _import(info, upload, source, dict(options), dry_run=dry_run, check=True)


async def import_links(info: Info, upload: Any, *, dry_run: bool) -> RunSummary:
    """The links source on an uploaded file (a region's rows stay proposals). Raises as ``ingest_upload``."""
    return await ingest_upload(info, "links", upload, options={}, dry_run=dry_run)


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
        registered = get_source(source)
        if check:
            require_ingest(
                caller,
                connector_options,
                regional=registered.regional,
                proposes=registered.proposals,
                own_data=registered.own_data,
            )
        if not re.fullmatch(r"[A-Za-z0-9_-]*", connector_options.get("layout", "")):
            raise BadInput("layout: name a shipped layout (e.g. kepmendagri_lampiran); files are for the CLI")
        suffix = Path(safe_filename(getattr(upload, "filename", None) or "upload")).suffix.lower()
        if suffix not in ALLOWED_SUFFIXES:
            raise BadInput(f"Upload a .csv, .xlsx or .json file (got {suffix or 'no extension'!r}).")
        options = IngestOptions(
            dry_run=dry_run,
            actor=caller.name,
            options=registered.caller_options(connector_options, reviewer=caller.role == "ministry"),
        )
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"upload{suffix}"
            await save_upload(upload, path, settings.max_upload_bytes)
            check_content(path)  # the same checks as the /ingest upload route
            summary = await anyio.to_thread.run_sync(
                _ingest, settings.database_url, registered.name, path, options, caller
            )
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
                        region_code=options.options.get("region"),
                        after={"rows_loaded": summary.rows_loaded, "status": summary.status},
                    )
                )
        return summary
    finally:
        engine.dispose()
