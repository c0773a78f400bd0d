"""The ASGI application: Starlette with the GraphQL endpoint (GraphiQL at /graphql), uploads and /healthz.

Browser apps on the origins of ``SPM_HUB_CORS_ORIGINS`` may call it (CORS, outermost).

Every request first passes ``GateMiddleware`` (body cap, bearer token -> caller). The GraphQL view
then applies the per-request time limit and the batch limit, and presents every error with a
stable code (``schema.errors``); limits and the access policy run inside the schema (``schema.guard``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from cross_web import HTTPException
from graphql import GraphQLError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel.ext.asyncio.session import AsyncSession
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from hub.access.auth import caller_of
from hub.api.dashboard import dashboard_app
from hub.api.export import export_route
from hub.api.graphiql import STATIC_DIR, graphiql_page
from hub.api.middleware import GateMiddleware, error_response, unexpected_error
from hub.api.operations import Metrics, OperationsMiddleware, RateLimitMiddleware, count_statements, note_operations
from hub.api.uploads import ingest_upload
from hub.core.errors import BadInput, HubError, LimitExceeded, RequestTimeout
from hub.core.settings import Settings, get_settings
from hub.db.engine import make_async_engine, make_engine
from hub.db.request import RequestDB
from schema import schema
from schema.context import Context
from schema.presentation import present_errors


class HubGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI view with a per-request session in a typed context."""

    def __init__(self, engine: AsyncEngine, settings: Settings, **kwargs: Any) -> None:
        super().__init__(schema, **kwargs)
        self.engine = engine
        self.settings = settings

    async def get_context(self, request: Request, response: Response | None = None) -> Context:  # type: ignore[override]
        db = RequestDB(AsyncSession(self.engine, expire_on_commit=False))
        request.state.db = db
        caller = caller_of(request)
        return Context(
            db=db,
            settings=self.settings,
            caller=caller,
            request=request,
            response=response,
        )

    async def render_graphql_ide(self, request: Request) -> Response:
        """Our GraphiQL page: assets from the package, SPM example tabs, the token header prefilled."""
        return HTMLResponse(graphiql_page())

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        try:
            return await super().run(request, context, root_value)
        except HTTPException as exc:  # strawberry's transport errors: malformed body, wrong method...
            return error_response(BadInput(exc.reason))
        except HubError as exc:
            return error_response(exc)
        finally:
            db = getattr(request.state, "db", None)
            if db is not None:
                await db.close()
            if isinstance(request, Request):
                await request.close()  # uploaded files too, when the operation was refused before a resolver read them

    async def parse_http_body(self, request: Any) -> Any:
        try:
            data = await super().parse_http_body(request)
        except AttributeError as exc:  # a batch item that is not an object
            raise BadInput("Each operation of a batched request must be a JSON object.") from exc
        except UnicodeDecodeError as exc:
            raise BadInput("The request body is not UTF-8 JSON.") from exc
        note_operations(data)
        if isinstance(data, list) and len(data) > self.settings.max_operations_per_request:
            raise LimitExceeded(
                f"The batch holds {len(data)} operations; the maximum is {self.settings.max_operations_per_request}."
            )
        return data

    async def execute_operation(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return await asyncio.wait_for(
                super().execute_operation(*args, **kwargs), self.settings.request_timeout_seconds
            )
        except TimeoutError:
            error = RequestTimeout(
                f"The request took longer than {self.settings.request_timeout_seconds:g} s "
                "and was cancelled; ask for less data per request."
            )
            return ExecutionResult(data=None, errors=[GraphQLError(error.message, original_error=error)])

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        result.errors = present_errors(result.errors, self.settings)
        return await super().process_result(request, result)


def _cors(settings: Settings) -> list[Middleware]:
    """CORS for the configured origins (outermost, so refusals from the gate carry the headers too)."""
    origins = settings.cors_origin_list
    if not origins:
        return []
    return [
        Middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type", "Accept"],
            max_age=settings.cors_max_age_seconds,
        )
    ]


def create_app(settings: Settings | None = None) -> Starlette:
    """Build the app for ``settings`` (default: the environment)."""
    settings = settings or get_settings()
    engine = make_async_engine(settings.database_url)
    sync_engine = make_engine(settings.database_url)
    count_statements(engine.sync_engine)
    count_statements(sync_engine)
    metrics = Metrics()

    async def healthz(_request: Request) -> JSONResponse:
        try:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:  # any failure to reach the store means unhealthy
            return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
        return JSONResponse({"status": "ok", "database": engine.dialect.name})

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        await engine.dispose()
        sync_engine.dispose()

    graphql = HubGraphQL(
        engine, settings, graphql_ide="graphiql" if settings.introspection else None, multipart_uploads_enabled=True
    )
    app = Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/ingest/{source}", ingest_upload, methods=["POST"]),
            export_route(engine),
            Mount("/graphiql", StaticFiles(directory=STATIC_DIR / "graphiql"), name="graphiql"),
            *([Route("/metrics", metrics.endpoint)] if settings.metrics_enabled else []),
            Mount("/", dashboard_app()),  # Papan SPM (hub/api/dashboard): last, it owns the rest of the paths
        ],
        middleware=[
            *_cors(settings),
            Middleware(OperationsMiddleware, metrics=metrics),
            Middleware(GateMiddleware, engine=engine, settings=settings),
            Middleware(RateLimitMiddleware, settings=settings, metrics=metrics),
        ],
        exception_handlers={Exception: unexpected_error},
        lifespan=lifespan,
    )
    app.state.engine = engine
    app.state.sync_engine = sync_engine
    app.state.settings = settings
    return app
