"""`spm-hub links export|import`, `spm-hub need` and `spm-hub budget-per-recipient`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Column, Table
from sqlmodel import Session

from hub.analytics.need import GROUPINGS, need_plan
from hub.analytics.plan import run_sync
from hub.analytics.spending import budget_plan
from hub.cli import links
from hub.cli.common import engine, money_column, out, print_table, reported_errors
from hub.cli.ingest import load
from hub.core.i18n import _, number, rupiah
from hub.core.settings import get_settings
from hub.ingest import IngestOptions
from hub.workbench.workbook import export_workbook

links_app = links.app  # one `spm-hub links` group: propose/carry (links.py), export/import (here)


@links_app.command("export")
def export_command(
    edition: str = typer.Option(..., help="Nomenclature edition code."),
    urusan: str = typer.Option(..., help="SPM urusan: DIK, KES, PU, PERKIM, TRANTIB or SOS."),
    out_path: Path = typer.Option(..., "--out", help="Workbook to write (.xlsx)."),
) -> None:
    """Write the mapping workbook of one urusan (dropdowns of valid services, status and note)."""
    with reported_errors(), Session(engine()) as session:
        count = export_workbook(session, edition, urusan, out_path)
    out.print(_("Wrote {count} rows to {path}", count=number(count), path=out_path))


@links_app.command("import")
def import_command(
    path: Path = typer.Argument(..., help="The edited workbook (or a CSV/XLSX of mapping rows)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Validate and report; change nothing."),
    actor: str = typer.Option("cli", help="Who reviewed the links (recorded in each LinkEvent)."),
) -> None:
    """Re-import an edited workbook: only the rows that differ from the stored links change them."""
    load("links", str(path), IngestOptions(dry_run=dry_run, actor=actor))


def need_command(
    region: str = typer.Option(..., help="Kode wilayah, e.g. 64.72 (a province sums its kabupaten/kota)."),
    year: int = typer.Option(..., help="Population year."),
    tolerance: float | None = typer.Option(None, help="Allowed target difference in % (default: settings)."),
    by: str = typer.Option("region", help=f"Group by {', '.join(GROUPINGS)}."),
    district: str | None = typer.Option(None, help="Only this kecamatan."),
    village: str | None = typer.Option(None, help="Only this kelurahan/desa."),
) -> None:
    """Penghitungan kebutuhan: entitled recipients per age-defined service, against reported targets."""
    tolerance_pct = get_settings().need_tolerance_pct if tolerance is None else tolerance
    with reported_errors(), Session(engine()) as session:
        rows = run_sync(
            session, need_plan(region, year, tolerance_pct=tolerance_pct, by=by, district=district, village=village)
        )
    table = Table(
        _("service"),
        _("bands"),
        "kecamatan",
        "kelurahan",
        "L",
        "P",
        _("entitled"),
        _("target"),
        _("diff %"),
        _("status"),
        title=_(
            "Recipient need {region} {year} (tolerance {tolerance}%)",
            region=region,
            year=year,
            tolerance=number(tolerance_pct, 2),
        ),
    )
    for row in rows:
        table.add_row(
            row.service_code,
            row.bands,
            row.district or "",
            row.village or "",
            number(row.male),
            number(row.female),
            number(row.entitled),
            "" if row.targeted is None else number(row.targeted),
            ""
            if row.difference_pct is None
            else ("+" if row.difference_pct > 0 else "") + number(row.difference_pct, 1),
            f"[red]{row.status}[/red]" if row.flagged else row.status,
        )
    print_table(table)


def budget_command(
    region: str = typer.Option(..., help="Kode wilayah, e.g. 81.04."),
    year: int = typer.Option(..., help="Fiscal year."),
    stage: str | None = typer.Option(None, help="Budget stage (default: the most final one loaded)."),
    edition: str | None = typer.Option(None, help="Count only links of this nomenclature edition."),
) -> None:
    """Budget per recipient: attributed budget (approved links) per entitled recipient, per service."""
    with reported_errors(), Session(engine()) as session:
        rows = run_sync(session, budget_plan(region, year, stage=stage, edition=edition))
    rule = rows[0].attribution_rule if rows else "-"
    table = Table(
        Column(_("service"), no_wrap=True),
        Column(_("recipients"), justify="right", no_wrap=True),
        _("source"),
        title=_(
            "Budget per recipient {region} {year} (stage {stage}; shared lines attributed by {rule}; "
            "per recipient = attributed / recipients)",
            region=region,
            year=year,
            stage=rows[0].stage if rows else "-",
            rule=rule,
        ),
    )
    for header in (_("planned linked"), _("planned attributed"), _("realised attributed")):
        money_column(table, header)
    table.add_column(_("lines (shared)"), justify="right")
    for header in (_("planned/recipient"), _("realised/recipient")):
        money_column(table, header)
    for row in rows:
        table.add_row(
            row.service_code,
            "" if row.recipients is None else number(row.recipients),
            row.recipients_source,
            rupiah(row.linked_planned),
            rupiah(row.attributed_planned),
            "" if row.attributed_realised is None else rupiah(row.attributed_realised),
            f"{number(row.line_count)} ({number(row.shared_line_count)})",
            "" if row.planned_per_recipient is None else rupiah(row.planned_per_recipient),
            "" if row.realised_per_recipient is None else rupiah(row.realised_per_recipient),
            style="red" if row.no_budget else None,
        )
    print_table(table)
    missing = [row.service_code for row in rows if row.no_budget]
    if missing:
        out.print(_("Services with recipients but no linked budget: {codes}", codes=", ".join(missing)))
