"""Helpers every CLI module shares: the console, the engine, and turning HubErrors into exit codes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache

import typer
from rich.console import Console
from rich.markup import escape
from rich.measure import Measurement
from rich.table import Table
from sqlalchemy import Engine

from hub.core.errors import HubError, ValidationFailed
from hub.core.i18n import _
from hub.core.settings import get_settings
from hub.db.engine import make_engine
from hub.ingest.report import IssueGroup, errors_first, group_issues

console = Console(stderr=True)
out = Console()
FIRST_ISSUES = 20  # issues listed one by one under the grouped report


def print_report(groups: Sequence[IssueGroup], target: Console) -> None:
    """The grouped report as a table: errors first, each rule with its count, first rows and ranges."""
    if not groups:
        return
    table = Table("", "rule", "column", "count", "first rows", "rows", title="Issues by rule (errors first)")
    for group in groups:
        style = "red" if group.severity == "error" else "yellow"
        table.add_row(
            f"[{style}]{group.severity.upper()}[/{style}]",
            escape(group.rule),
            escape(group.column or ""),
            f"{group.count:,}",
            ", ".join(map(str, group.first_rows)),
            group.ranges_text,
        )
    target.print(table)


def engine() -> Engine:
    """The sync engine on the configured database (one per database URL and process, so commands
    that open several sessions do not leave unclosed connections behind)."""
    return _engine(get_settings().database_url)


@cache
def _engine(url: str) -> Engine:
    return make_engine(url)


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
        console.print(f"[red]{exc.code}[/red]: {exc.message}", highlight=False)
        print_report(exc.groups or group_issues(exc.issues), console)
        errors = [i for i in errors_first(exc.issues) if i.severity == "error"]
        for issue in errors[:FIRST_ISSUES]:
            console.print(f"  {issue.describe()}", markup=False, highlight=False)
        if len(errors) > FIRST_ISSUES:
            console.print("  " + _("... and {count} more", count=len(errors) - FIRST_ISSUES), highlight=False)
        raise typer.Exit(1) from exc
    except HubError as exc:
        console.print(f"[red]{exc.code}[/red]: {exc.message}", highlight=False)
        raise typer.Exit(1) from exc
