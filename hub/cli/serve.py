"""`spm-hub serve` and `spm-hub demo`."""

from __future__ import annotations

import json
import os

import typer
import uvicorn

from hub import reference
from hub.access.tokens import create_token
from hub.api.operations import configure_logging
from hub.cli.common import engine, out
from hub.core.i18n import _, number
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
    """Serve the GraphQL API (GraphiQL at /graphql, health at /healthz); one JSON log line per request.

    Each worker process keeps its share of the PostgreSQL connection budget (SPM_HUB_DB_CONNECTIONS
    divided by the workers) and freezes its start-up heap out of the garbage collector's way."""
    configure_logging()
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
    out.print(
        _(
            "Reference data: {regions} regions, {services} SPM services in {fields} urusan.",
            regions=number(regions),
            services=number(counts["services"]),
            fields=number(counts["fields"]),
        )
    )
    for line in demo_data.load_sample(engine()):
        out.print(line, markup=False, highlight=False)
    with session_scope(engine()) as session:
        _token, secret = create_token(session, name="demo ministry", role="ministry")
    # One unwrapped line each (soft_wrap): a header wrapped at the terminal width is not valid JSON when copied.
    link = f"http://{host}:{port}/graphql?token={secret}"
    for line in (
        _("A ministry token for this demo (GraphiQL headers):"),
        json.dumps({"Authorization": f"Bearer {secret}"}),
        _("GraphiQL with the token filled in: {url}", url=link),
    ):
        out.print(line, markup=False, highlight=False, soft_wrap=True)
    if no_serve:
        return
    serve(host=host, port=port, workers=1)
