"""Downloads of the assistance cycle, with the caller's token and the same rules as GraphQL:

- ``GET /assistance/digest.xlsx|.html?clusterId=1&on=2025-10-02`` (or ``regionCode=53.01``): the weekly
  digest as a workbook or a printable page;
- ``GET /assistance/minutes/{session}.xlsx``: the session's minutes workbook (the template, or the
  export with current statuses) for its host.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import anyio.to_thread
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from hub.access.auth import caller_of
from hub.access.caller import Caller
from hub.assistance.digest import cluster_digest, digest_html, digest_xlsx, region_digest
from hub.assistance.minutes import minutes_workbook
from hub.core.errors import BadInput, HubError, NotFound, PermissionDenied, Unauthenticated

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_STATUS = {BadInput: 400, NotFound: 404, Unauthenticated: 401, PermissionDenied: 403}


def _digest(engine: Engine, caller: Caller, params: dict[str, str], fmt: str) -> Response:
    try:
        on = date.fromisoformat(params["on"]) if "on" in params else date.today()
    except ValueError as exc:
        raise BadInput("on must be a date (YYYY-MM-DD).") from exc
    with Session(engine) as session:
        if params.get("clusterId", "").isdigit():
            found = cluster_digest(session, caller, int(params["clusterId"]), on)
        elif "regionCode" in params:
            found = region_digest(session, caller, params["regionCode"], on)
        else:
            raise BadInput("Pass clusterId=<id> or regionCode=<kode wilayah>.")
    name = f"digest-{on.isoformat()}"
    if fmt == "html":
        return HTMLResponse(digest_html(found))
    return Response(
        digest_xlsx(found), media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'}
    )


def _minutes(engine: Engine, caller: Caller, session_id: int) -> Response:
    with Session(engine) as session:
        content = minutes_workbook(session, caller, session_id)
    return Response(
        content,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="notulen-sesi-{session_id}.xlsx"'},
    )


async def _answer(request: Request, work: Any, *args: Any) -> Response:
    try:
        return await anyio.to_thread.run_sync(work, request.app.state.sync_engine, caller_of(request), *args)
    except HubError as error:
        return JSONResponse(
            {"code": str(error.code), "message": error.message}, status_code=_STATUS.get(type(error), 400)
        )


async def digest_download(request: Request) -> Response:
    """The weekly digest as XLSX or HTML."""
    if request.path_params["fmt"] not in ("xlsx", "html"):
        return JSONResponse({"code": "NOT_FOUND", "message": "Use /assistance/digest.xlsx or .html"}, status_code=404)
    return await _answer(request, _digest, dict(request.query_params), request.path_params["fmt"])


async def minutes_download(request: Request) -> Response:
    """A session's minutes workbook."""
    return await _answer(request, _minutes, request.path_params["session_id"])


ROUTES = [
    Route("/assistance/digest.{fmt:str}", digest_download),
    Route("/assistance/minutes/{session_id:int}.xlsx", minutes_download),
]
