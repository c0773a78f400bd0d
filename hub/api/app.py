"""The ASGI application: Starlette with the GraphQL endpoint (GraphiQL at /graphql), uploads and /healthz.

Browser apps on the origins of ``SPM_HUB_CORS_ORIGINS`` may call it (CORS, outermost).

Every request first passes ``GateMiddleware`` (body cap, bearer token -> caller). The GraphQL view
then applies the per-request time limit and the batch limit, and presents every error with a
stable code (``schema.errors``); limits and the access policy run inside the schema (``schema.guard``).
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any

from cross_web import HTTPException
from graphql import GraphQLError, OperationType, parse
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
from strawberry.utils.operation import get_operation_type

from hub.access.auth import caller_of
from hub.api.assistance import ROUTES as ASSISTANCE_ROUTES
from hub.api.dashboard import dashboard_app
from hub.api.export import export_route
from hub.api.graphiql import STATIC_DIR, graphiql_page
from hub.api.middleware import GateMiddleware, error_response, unexpected_error
from hub.api.operations import (
    Metrics,
    OperationsMiddleware,
    RateLimitMiddleware,
    configure_logging,
    count_statements,
    note_operations,
)
from hub.api.uploads import ingest_upload
from hub.core.errors import BadInput, HubError, LimitExceeded, RequestTimeout
from hub.core.settings import Settings, get_settings, pool_size
from hub.db import migrate
from hub.db.engine import make_async_engine, make_engine
from hub.db.request import RequestDB
from hub.ingest.pipeline import interrupt_stale_runs
from schema import schema
from schema.context import Context
from schema.presentation import present_errors


class HubGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI view with a per-request session in a typed context."""

    def __init__(
        self, engine: AsyncEngine, settings: Settings, *, read_engine: AsyncEngine | None = None, **kwargs: Any
    ) -> None:
        super().__init__(schema, **kwargs)
        self.engine = engine
        self.read_engine = read_engine or engine
        self.settings = settings

    async def get_context(self, request: Request, response: Response | None = None) -> Context:  # type: ignore[override]
        primary = None
        if self.read_engine is not self.engine:
            primary = lambda: AsyncSession(self.engine, expire_on_commit=False)  # noqa: E731
        db = RequestDB(AsyncSession(self.read_engine, expire_on_commit=False), primary)
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
        db = getattr(request.state, "db", None) if isinstance(request, Request) else None
        if db is not None and self.read_engine is not self.engine and _has_mutation(data):
            db.use_primary()
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


def _has_mutation(data: Any) -> bool:
    """Whether any operation of a request (or batch) is a mutation; unparsable ones are left to the executor."""
    for item in data if isinstance(data, list) else [data]:
        query = getattr(item, "query", None)
        if not query:
            continue
        try:
            if get_operation_type(parse(query, no_location=True), item.operation_name) == OperationType.MUTATION:
                return True
        except (GraphQLError, RuntimeError):  # a syntax error, or no such operation: the executor reports it
            continue
    return False


def _async_engine(url: str, settings: Settings) -> AsyncEngine:
    """An API engine; on PostgreSQL its pool holds this process's share of the connection budget."""
    if url.startswith("postgresql"):
        size = pool_size(settings)
        return make_async_engine(url, pool_size=size, max_overflow=size, pool_pre_ping=True)
    return make_async_engine(url)


def tune_gc() -> None:
    """After start-up: move the ~230,000 long-lived objects (schema, models, modules) out of the
    collector's sight and collect the young generation less often. A full collection of that heap
    was a third of a heavy GraphQL request (benchmarks/query.py); request garbage is still freed."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def create_served_app() -> Starlette:
    """The app ``spm-hub serve`` runs in each worker process: ``create_app`` plus ``tune_gc`` at start-up,
    logging JSON lines (each worker process configures its own)."""
    configure_logging()
    return create_app(served=True)


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


def create_app(settings: Settings | None = None, *, served: bool = False) -> Starlette:
    """Build the app for ``settings`` (default: the environment).

    GraphQL queries and exports read from ``read_database_url`` when it is set (a replica);
    mutations, uploads and token checks use ``database_url``."""
    settings = settings or get_settings()
    engine = _async_engine(settings.database_url, settings)
    read_engine = _async_engine(settings.read_database_url, settings) if settings.read_database_url else engine
    sync_engine = make_engine(settings.database_url)
    count_statements(engine.sync_engine)
    if read_engine is not engine:
        count_statements(read_engine.sync_engine)
    count_statements(sync_engine)
    metrics = Metrics()

    expected = migrate.heads()

    async def healthz(_request: Request) -> JSONResponse:
        for role, checked in (("database", engine), ("read_database", read_engine)):
            try:
                async with checked.connect() as connection:
                    await connection.execute(text("SELECT 1"))
            except Exception:  # any failure to reach the store means unhealthy
                return JSONResponse({"status": "unavailable", role: "unreachable"}, status_code=503)
        try:
            async with engine.connect() as connection:
                found = set((await connection.execute(text("SELECT version_num FROM alembic_version"))).scalars())
        except Exception:  # no alembic_version table: never migrated
            found = set()
        if found != expected:
            body = {"status": "unavailable", "database": engine.dialect.name, "migrations": "not at head"}
            return JSONResponse({**body, "expected": sorted(expected), "found": sorted(found)}, status_code=503)
        ok: dict[str, str] = {"status": "ok", "database": engine.dialect.name, "migrations": "at head"}
        if read_engine is not engine:
            ok["read_database"] = read_engine.dialect.name
        return JSONResponse(ok)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        with suppress(Exception):  # an unmigrated or unreachable store: /healthz says so
            interrupt_stale_runs(sync_engine)
        if served:
            tune_gc()
        yield
        await engine.dispose()
        if read_engine is not engine:
            await read_engine.dispose()
        sync_engine.dispose()

    graphql = HubGraphQL(
        engine,
        settings,
        read_engine=read_engine,
        graphql_ide="graphiql" if settings.introspection else None,
        multipart_uploads_enabled=True,
    )
    app = Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/ingest/{source}", ingest_upload, methods=["POST"]),
            export_route(read_engine),
            *ASSISTANCE_ROUTES,
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
