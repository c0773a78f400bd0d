"""`spm-hub db ...`: schema migrations."""

from __future__ import annotations

import typer

from hub.cli.common import out
from hub.core.i18n import _
from hub.core.settings import get_settings
from hub.db import migrate

app = typer.Typer(help="Create or migrate the store (Alembic migrations shipped with the hub).", no_args_is_help=True)


@app.command()
def upgrade(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    url = get_settings().database_url
    migrate.upgrade(url, revision)
    out.print(_("Database at {url} upgraded to {revision}.", url=_safe(url), revision=revision))


@app.command()
def downgrade(revision: str = typer.Argument(..., help="Target revision, or 'base' to drop everything.")) -> None:
    """Revert migrations down to REVISION."""
    url = get_settings().database_url
    migrate.downgrade(url, revision)
    out.print(_("Database at {url} downgraded to {revision}.", url=_safe(url), revision=revision))


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
