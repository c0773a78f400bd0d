"""`spm-hub schema export`: write the GraphQL SDL to schema/schema.graphql (a test checks it never drifts)."""

from __future__ import annotations

from pathlib import Path

import typer

from hub.cli.common import out
from hub.core.i18n import _

app = typer.Typer(help="The GraphQL schema.", no_args_is_help=True)
SDL_PATH = Path(__file__).resolve().parents[2] / "schema" / "schema.graphql"


def sdl() -> str:
    """The schema's SDL as committed (with a trailing newline)."""
    from schema import schema

    return str(schema).rstrip("\n") + "\n"


@app.command("export")
def export(path: Path = typer.Option(SDL_PATH, "--path", "-o", help="Where to write the SDL.")) -> None:
    """Write the SDL of the GraphQL schema."""
    path.write_text(sdl(), encoding="utf-8")
    out.print(_("wrote {path}", path=path))
