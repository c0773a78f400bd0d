"""Helpers every CLI module shares: the console, the engine, and turning HubErrors into exit codes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from sqlalchemy import Engine

from hub.core.errors import HubError, ValidationFailed
from hub.core.i18n import _
from hub.core.settings import get_settings
from hub.db.engine import make_engine

console = Console(stderr=True)
out = Console()


def engine() -> Engine:
    """A sync engine on the configured database."""
    return make_engine(get_settings().database_url)


def print_table(table: Table) -> None:
    """Print ``table`` at its natural width even on a narrow terminal (the terminal may wrap the line,
    but no cell is cut: a rupiah figure ending in an ellipsis is a wrong figure)."""
    needed = Measurement.get(out, out.options.update_width(10_000), table).maximum
    if needed <= out.width:
        out.print(table)
        return
    wide = Console(file=out.file, width=needed, color_system=out.color_system, force_terminal=out.is_terminal)  # type: ignore[arg-type]
    wide.print(table, crop=False)


def money_column(table: Table, header: str) -> None:
    """A right-aligned amount column that is never wrapped or cut."""
    table.add_column(header, justify="right", no_wrap=True)


@contextmanager
def reported_errors() -> Iterator[None]:
    """Print a HubError as a clear message (with row issues) and exit 1 instead of a traceback."""
    try:
        yield
    except ValidationFailed as exc:
        console.print(f"[red]{exc.code}[/red]: {exc.message}")
        for issue in exc.issues[:200]:
            console.print(f"  {issue.describe()}", markup=False, highlight=False)
        if len(exc.issues) > 200:
            console.print("  " + _("... and {count} more", count=len(exc.issues) - 200))
        raise typer.Exit(1) from exc
    except HubError as exc:
        console.print(f"[red]{exc.code}[/red]: {exc.message}", highlight=False)
        raise typer.Exit(1) from exc
