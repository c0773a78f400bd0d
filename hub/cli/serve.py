"""`spm-hub serve` and `spm-hub demo`."""

from __future__ import annotations

import os

import typer
import uvicorn

from hub import reference
from hub.access.tokens import create_token
from hub.cli.common import engine, out
from hub.core.settings import get_settings
from hub.db import migrate
from hub.db.engine import session_scope


def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to bind."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(
        1, help="Worker processes: about one per core given to the hub, on PostgreSQL (see docs/performance.md)."
    ),
) -> None:
    """Serve the GraphQL API (GraphiQL at /graphql, health at /healthz).

    Each worker process keeps its share of the PostgreSQL connection budget (SPM_HUB_DB_CONNECTIONS
    divided by the workers) and freezes its start-up heap out of the garbage collector's way."""
    os.environ["SPM_HUB_WORKERS"] = str(workers)  # read by every worker's settings
    get_settings.cache_clear()
    uvicorn.run("hub.api.app:create_served_app", factory=True, host=host, port=port, workers=workers, log_level="info")


def demo(
    host: str = typer.Option("127.0.0.1", help="Interface to bind."),
    port: int = typer.Option(8000, help="Port to listen on."),
    no_serve: bool = typer.Option(False, "--no-serve", help="Prepare the store and exit without serving."),
) -> None:
    """Migrate, load the shipped reference data and a realistic sample, then serve."""
    from hub.demo import load as demo_data

    migrate.upgrade(get_settings().database_url)
    with session_scope(engine()) as session:
        regions = reference.load_regions(session)
        counts = reference.load_catalogue(session)
    out.print(f"Reference data: {regions} regions, {counts['services']} SPM services in {counts['fields']} urusan.")
    for line in demo_data.load_sample(engine()):
        out.print(line)
    with session_scope(engine()) as session:
        _token, secret = create_token(session, name="demo ministry", role="ministry")
    out.print(
        f'A ministry token for this demo (GraphiQL headers): {{"Authorization": "Bearer {secret}"}}',
        markup=False,
        highlight=False,
    )
    if no_serve:
        return
    out.print(f"GraphiQL: http://{host}:{port}/graphql")
    serve(host=host, port=port, workers=1)
