"""`spm-hub budget unknown-codes` / `unknown-accounts`: budgeted sub kegiatan, account and funding-source
codes that no loaded nomenclature edition or chart holds."""

from __future__ import annotations

import typer
from rich.table import Table
from sqlmodel import Session

from hub.cli.common import engine, money_column, out, print_table
from hub.core.i18n import _, number, rupiah
from hub.ingest.writers.budget import recheck_sub_activities, unknown_chart_codes, unknown_sub_activities
from hub.workbench.chart_crosswalk import chart_crosswalk

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


@app.command("unknown-accounts")
def unknown_accounts(
    chart: str = typer.Option("accounts", help="accounts or funding_sources."),
    region: str | None = typer.Option(None, help="Region code, e.g. 81.04; default: every region."),
    year: int | None = typer.Option(None, help="Fiscal year; default: every year."),
    stage: str | None = typer.Option(None, help="Budget stage; default: every stage."),
) -> None:
    """List the flagged account (or funding-source) codes of the stored budget, by chart edition."""
    if chart not in ("accounts", "funding_sources"):
        raise typer.BadParameter("--chart must be accounts or funding_sources")
    with Session(engine()) as session:
        found = unknown_chart_codes(session, chart, region, year, stage)
    table = Table("edition (code shape)", "code", "name in the file", "lines", "planned (Rp)")
    for item in found:
        table.add_row(
            "/".join(item.editions) or "-", item.code, item.name or "", str(item.lines), f"{item.planned:,.2f}"
        )
    out.print(table)
    out.print(
        f"{len(found)} {chart} code(s) held by no loaded chart "
        f"({sum(i.lines for i in found)} lines, Rp {sum(i.planned for i in found):,.2f})."
    )


@app.command("chart-crosswalk")
def chart_crosswalk_command(
    older: str = typer.Option("PERMENDAGRI-90-2019", "--from", help="The older chart edition."),
    newer: str = typer.Option("SIPD-2026", "--to", help="The newer chart edition."),
    chart: str = typer.Option("accounts", help="accounts or funding_sources."),
) -> None:
    """Pair the codes of two chart editions (by code where the numbers are the same, by name otherwise)."""
    with Session(engine()) as session:
        try:
            pairs = chart_crosswalk(session, chart, older, newer)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from exc
    table = Table(newer, older, "by", "name")
    for pair in pairs:
        if pair.method != "shared":
            table.add_row(pair.new_code, pair.old_code or "-", pair.method, pair.name)
    out.print(table)
    counts = {method: sum(p.method == method for p in pairs) for method in ("code", "name", "unmatched", "shared")}
    out.print(", ".join(f"{n} {method}" for method, n in counts.items()))


@app.command("recheck")
def recheck() -> None:
    """Recompute the unknown-sub-kegiatan flags of every stored budget line against the loaded
    nomenclature editions (done automatically after each nomenclature load)."""
    with Session(engine()) as session:
        known, unknown = recheck_sub_activities(session)
        session.commit()
    out.print(f"{known} line(s) now known, {unknown} line(s) now unknown.")
