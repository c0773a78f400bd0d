"""`spm-hub budget unknown-codes`: the budgeted sub kegiatan no loaded nomenclature edition holds."""

from __future__ import annotations

import typer
from rich.table import Table
from sqlmodel import Session

from hub.cli.common import engine, money_column, out, print_table
from hub.core.i18n import _, number, rupiah
from hub.ingest.writers.budget import unknown_sub_activities

app = typer.Typer(
    help="Regional budget lines (load them with `spm-hub ingest budget FILE -o ...`).", no_args_is_help=True
)


@app.command("unknown-codes")
def unknown_codes(
    region: str = typer.Option(..., help="Region code, e.g. 81.04."),
    year: int = typer.Option(..., help="Fiscal year, e.g. 2025."),
    stage: str | None = typer.Option(None, help="Budget stage (murni, dpa, ...); default: every stage."),
) -> None:
    """List the flagged sub kegiatan codes of a region's budget, with line counts and planned totals."""
    with Session(engine()) as session:
        found = unknown_sub_activities(session, region, year, stage)
    table = Table("sub kegiatan", _("lines"))
    money_column(table, _("planned"))
    for item in found:
        table.add_row(item.code, number(item.lines), rupiah(item.planned))
    print_table(table)
    out.print(
        _(
            "{count} sub kegiatan code(s) held by no loaded nomenclature edition ({lines} lines, {planned}).",
            count=number(len(found)),
            lines=number(sum(i.lines for i in found)),
            planned=rupiah(sum(i.planned for i in found)),
        )
    )
