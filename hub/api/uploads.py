"""``POST /ingest/{source}?region=..&year=..``: a region or the ministry uploads a file for a connector.

The caller (from the gate) is checked against the connector options *before* the body is read;
the file name must be a plain name (no folders, ``..`` or control bytes); the content must match
its extension; the file is saved under a fresh temporary folder with a size cap, then loaded by
the one ingest pipeline (all or nothing, serialised per table, audited).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

from hub.access.auth import caller_of, require_ingest
from hub.api.middleware import error_response
from hub.core.errors import BadInput, HubError, ValidationFailed
from hub.ingest import IngestOptions, RunSummary, ingest
from hub.ingest.registry import get_source
from hub.ingest.uploads import check_content, safe_filename, save_upload

_FLAGS = ("dry_run", "allow_partial", "strict")


async def _load(request: Request, source: str, upload: UploadFile, options: IngestOptions) -> RunSummary:
    name = safe_filename(upload.filename)
    with tempfile.TemporaryDirectory(prefix="spm-upload-") as folder:
        path = Path(folder) / name
        await save_upload(upload, path, request.app.state.settings.max_upload_bytes)
        check_content(path)
        return await run_in_threadpool(ingest, request.app.state.sync_engine, source, path, options)


async def ingest_upload(request: Request) -> JSONResponse:
    """Load one uploaded file through connector ``source`` for the calling token."""
    caller = caller_of(request)
    params = dict(request.query_params)
    flags = {flag: params.pop(flag, "").lower() in ("1", "true", "yes") for flag in _FLAGS}
    try:
        registered = get_source(request.path_params["source"])
        source = registered.name
        require_ingest(
            caller, params, regional=registered.regional, proposes=registered.proposals, own_data=registered.own_data
        )
        if not re.fullmatch(r"[A-Za-z0-9_-]*", params.get("layout", "")):
            raise BadInput("layout: name a shipped layout (e.g. kepmendagri_lampiran); files are for the CLI")
        params = registered.caller_options(params, reviewer=caller.role == "ministry")
        try:
            async with request.form(max_files=1, max_fields=5) as form:
                upload = form.get("file")
                if not isinstance(upload, UploadFile):
                    raise BadInput("Send the file as multipart/form-data field 'file'.")
                summary = await _load(
                    request,
                    source,
                    upload,
                    IngestOptions(
                        actor=caller.name,
                        options=params,
                        dry_run=flags["dry_run"],
                        allow_partial=flags["allow_partial"],
                        strict=flags["strict"],
                    ),
                )
        except HTTPException as exc:
            raise BadInput(f"Unreadable upload: {exc.detail}") from exc
    except ValidationFailed as exc:
        return error_response(exc, extra={"issues": [issue.describe() for issue in exc.issues[:100]]})
    except HubError as exc:
        return error_response(exc)
    return JSONResponse(
        {
            "runId": summary.run_id,
            "status": summary.status,
            "rowsRead": summary.rows_read,
            "rowsLoaded": summary.rows_loaded,
            "rowsRejected": summary.rows_rejected,
            "rowsFlagged": summary.rows_flagged,
            "warnings": [issue.describe() for issue in summary.warnings[:100]],
        }
    )
