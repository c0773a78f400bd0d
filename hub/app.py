"""The ASGI application: Starlette with the GraphQL endpoint (GraphiQL at /graphql) and /healthz."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel.ext.asyncio.session import AsyncSession
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from strawberry.asgi import GraphQL
from strawberry.types.unset import UNSET

from hub.auth import caller_from_request
from hub.context import Context, RequestDB
from hub.db import make_async_engine
from hub.export import export_route
from hub.loaders import make_loaders
from hub.settings import Settings, get_settings
from schema import schema


class HubGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI view with a per-request session in a typed context."""

    def __init__(self, engine: AsyncEngine, settings: Settings, **kwargs: Any) -> None:
        super().__init__(schema, **kwargs)
        self.engine = engine
        self.settings = settings

    async def get_context(self, request: Request, response: Response | None = None) -> Context:  # type: ignore[override]
        db = RequestDB(AsyncSession(self.engine, expire_on_commit=False))
        request.state.db = db
        caller = await caller_from_request(request, db)
        return Context(db=db, settings=self.settings, caller=caller, loaders=make_loaders(db), request=request,
                       response=response)

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:  # type: ignore[override]
        try:
            return await super().run(request, context, root_value)
        finally:
            db = getattr(request.state, "db", None)
            if db is not None:
                await db.close()


def create_app(settings: Settings | None = None) -> Starlette:
    """Build the app for ``settings`` (default: the environment)."""
    settings = settings or get_settings()
    engine = make_async_engine(settings.database_url)

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

    graphql = HubGraphQL(engine, settings, graphql_ide="graphiql", multipart_uploads_enabled=True)
    app = Starlette(
        routes=[Route("/healthz", healthz), Route("/graphql", graphql, methods=["GET", "POST"]),
                export_route(engine)],
        lifespan=lifespan,
    )
    app.state.engine = engine
    app.state.settings = settings
    return app
