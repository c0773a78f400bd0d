"""The ASGI gate every HTTP request passes before any endpoint: body size cap and authentication.

This is the one place a bearer token becomes a ``Caller`` (in ``request.state.caller``), for
GraphQL queries and mutations, uploads and export routes alike. No token is the public role; an
unknown or revoked token is 401 ``UNAUTHENTICATED`` (never silently public). The body is counted
as it streams, so a client that lies about (or omits) Content-Length still gets 413 at the cap.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub.access.tokens import bearer_secret, resolve_caller
from hub.core.errors import ErrorCode, HubError, LimitExceeded, Unauthenticated
from hub.core.settings import Settings

UPLOAD_PREFIXES = ("/ingest/",)
_STATUS = {
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.PERMISSION_DENIED: 403,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.LIMIT_EXCEEDED: 413,
    ErrorCode.VALIDATION_FAILED: 422,
    ErrorCode.CONFLICT: 409,
    ErrorCode.TIMEOUT: 504,
    ErrorCode.INTERNAL: 500,
}


def error_response(error: HubError, *, extra: dict[str, Any] | None = None) -> JSONResponse:
    """A GraphQL-shaped JSON error body with the error's code and an HTTP status to match."""
    body = {"errors": [{"message": error.message, "extensions": {"code": str(error.code), **(extra or {})}}]}
    return JSONResponse(body, status_code=_STATUS.get(error.code, 400))


async def unexpected_error(_request: Request, _exc: Exception) -> JSONResponse:
    """Last resort for bugs: a stable code, no traceback, no internals."""
    body = {"errors": [{"message": "Unexpected error.", "extensions": {"code": str(ErrorCode.INTERNAL)}}]}
    return JSONResponse(body, status_code=500)


class _BodyTooLarge(Exception):
    pass


class GateMiddleware:
    """Caps request bodies and resolves the caller, for every HTTP route."""

    def __init__(self, app: ASGIApp, *, engine: AsyncEngine, settings: Settings) -> None:
        self.app = app
        self.engine = engine
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        uploads = scope["path"].startswith(UPLOAD_PREFIXES)
        cap = self.settings.max_upload_bytes if uploads else self.settings.max_body_bytes
        too_large = LimitExceeded(
            f"The request body is over the {cap:,}-byte limit{' for uploads' if uploads else ''}."
        )
        headers = Headers(scope=scope)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            await error_response(too_large)(scope, receive, send)
            return
        try:
            caller = await resolve_caller(self.engine, bearer_secret(headers.get("authorization")))
        except Unauthenticated as exc:
            await error_response(exc)(scope, receive, send)
            return
        scope.setdefault("state", {})["caller"] = caller
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cap:
                    raise _BodyTooLarge
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except _BodyTooLarge:
            if not started:
                await error_response(too_large)(scope, receive, send)
