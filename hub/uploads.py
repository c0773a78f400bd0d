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
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

from hub.auth import caller_of, require_ingest
from hub.errors import BadInput, HubError, LimitExceeded, ValidationFailed
from hub.ingest import IngestOptions, RunSummary, ingest
from hub.ingest.registry import REGIONAL_SOURCES, get_source
from hub.middleware import error_response

ALLOWED_SUFFIXES = (".xlsx", ".csv", ".json")
_FLAGS = ("dry_run", "allow_partial", "strict")
_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._()+,-]{0,150}")
_CHUNK = 1 << 16


def safe_filename(name: str | None) -> str:
    """``name`` if it is a plain file name with an accepted extension.

    Raises:
        BadInput: missing, a path (``/``, ``\\``, ``..``), control or NUL bytes, odd characters, or a
            type other than .xlsx/.csv/.json.
    """
    if not name:
        raise BadInput("The upload has no file name; send it as multipart field 'file' with a filename.")
    shown = name[:80].encode("unicode_escape").decode("ascii")
    if "/" in name or "\\" in name or ".." in name or any(ord(char) < 32 for char in name):
        raise BadInput(f"Refused file name '{shown}': a plain name is required (no folders, '..' or control bytes).")
    if not _PLAIN_NAME.fullmatch(name):
        raise BadInput(f"Refused file name '{shown}': use letters, digits, spaces and . _ - ( ) + , only.")
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        raise BadInput(f"Refused file '{shown}': upload {', '.join(ALLOWED_SUFFIXES)} files only.")
    return name


def check_content(path: Path) -> None:
    """Refuse content that does not match the extension (an executable renamed .csv, a PDF as .xlsx).

    Raises:
        BadInput: the bytes are not what the extension says.
    """
    with path.open("rb") as handle:
        head = handle.read(_CHUNK)
    if path.suffix.lower() == ".xlsx":
        if not head.startswith(b"PK\x03\x04"):
            raise BadInput(f"{path.name}: this is not an XLSX workbook (save it as Excel .xlsx, or upload a .csv).")
    elif b"\x00" in head:
        raise BadInput(f"{path.name}: binary content in a {path.suffix} file; upload UTF-8 text.")


async def save_upload(upload: Any, path: Path, cap: int) -> None:
    """Stream ``upload`` to ``path``, never holding more than one chunk in memory.

    Raises:
        LimitExceeded: more than ``cap`` bytes.
        BadInput: the file is empty.
    """
    written = 0
    with path.open("wb") as handle:
        while chunk := await upload.read(_CHUNK):
            written += len(chunk)
            if written > cap:
                raise LimitExceeded(f"The file is over the {cap:,}-byte upload limit.")
            handle.write(chunk)
    if written == 0:
        raise BadInput(f"{path.name}: the file is empty.")


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
        source = request.path_params["source"]
        get_source(source)
        require_ingest(caller, params, regional=source in REGIONAL_SOURCES)
        try:
            async with request.form(max_files=1, max_fields=5) as form:
                upload = form.get("file")
                if not isinstance(upload, UploadFile):
                    raise BadInput("Send the file as multipart/form-data field 'file'.")
                summary = await _load(
                    request, source, upload, IngestOptions(actor=caller.name, options=params, **flags)
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
