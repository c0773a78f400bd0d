"""`spm-hub token create|revoke|list`: bearer API tokens for regions and the ministry."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.table import Table
from sqlmodel import Session

from hub.access import tokens
from hub.cli.common import console, engine, out, print_table, reported_errors
from hub.core.i18n import _, when
from hub.db.engine import session_scope


@contextmanager
def _session() -> Iterator[Session]:
    store = engine()
    try:
        with session_scope(store) as session:
            yield session
    finally:
        store.dispose()


app = typer.Typer(
    help="API tokens (Authorization: Bearer <token>). No token means the public role.", no_args_is_help=True
)


@app.command("create")
def create(
    role: str = typer.Option(
        ...,
        help="ministry (reads all, reviews links), province (verifies its kabupaten/kota) or region (its own data).",
    ),
    region: str | None = typer.Option(None, help="Region code for a region token (e.g. 53 or 53.01)."),
    name: str | None = typer.Option(
        None, help="Who holds the token (e.g. 'Bappeda Kab. Kupang'); default: the role and region, e.g. region-53.01."
    ),
) -> None:
    """Create a token and print its secret once: it is stored only as a hash."""
    holder = name or "-".join(filter(None, (role, region)))
    with reported_errors(), _session() as session:
        token, secret = tokens.create_token(session, name=holder, role=role, region_code=region)
        token_id = token.id
    console.print(
        _(
            "Token {id} ({role}) created. Copy the secret now; it cannot be shown again:",
            id=token_id,
            role=role + (" " + region if region else ""),
        )
    )
    out.print(secret, markup=False, highlight=False)


@app.command("revoke")
def revoke(token_id: int = typer.Argument(..., help="Token id (see `spm-hub token list`).")) -> None:
    """Revoke a token: requests bearing it get 401 from now on."""
    with reported_errors(), _session() as session:
        token = tokens.revoke_token(session, token_id)
        name = token.name
    out.print(_("Token {id} ({name}) revoked.", id=token_id, name=name))


@app.command("list")
def list_command(all_: bool = typer.Option(False, "--all", help="Include revoked tokens.")) -> None:
    """List tokens (ids, holders, roles, regions, last use); secrets are never stored."""
    with _session() as session:
        rows = tokens.list_tokens(session, include_revoked=all_)
    table = Table("id", _("name"), _("role"), _("region"), _("created"), _("last used"), _("revoked"))
    for row in rows:
        table.add_row(
            str(row.id),
            row.name,
            row.role,
            row.region_code or "",
            when(row.created_at),
            when(row.last_used_at) if row.last_used_at else "",
            when(row.revoked_at) if row.revoked_at else "",
        )
    print_table(table)
