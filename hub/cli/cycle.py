"""`spm-hub cycle ...`: the e-SPM quarter workbook, submission moves, completeness and timeliness, and
the cost of full fulfilment (re-import a workbook with `spm-hub ingest quarter FILE`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from rich.table import Table
from sqlmodel import Session

from hub.access.caller import Caller, Role
from hub.analytics.costing import cost_plan
from hub.analytics.cycle import quarter_status_plan
from hub.analytics.plan import run_sync
from hub.cli.common import engine, out, reported_errors
from hub.workbench.cycle import move_quarter
from hub.workbench.quarter_workbook import export_quarter_workbook

OUT_OPTION = typer.Option(..., "--out", help="Workbook to write (.xlsx).")
app = typer.Typer(help="The e-SPM application cycle: quarter workbooks, submissions, completeness, costing.")


@app.command("export")
def export_command(
    region: str = typer.Option(..., help="Kode wilayah, e.g. 53.01."),
    year: int = typer.Option(...),
    quarter: int = typer.Option(..., min=1, max=4),
    out_path: Path = OUT_OPTION,
    blank: bool = typer.Option(False, "--blank", help="Only the pre-filled rows, for the region to fill in."),
) -> None:
    """Write a region's quarter workbook (Capaian ... Anggota Tim), blank or with what the store holds."""
    with reported_errors(), Session(engine()) as session:
        count = export_quarter_workbook(session, region, year, quarter, out_path, blank=blank)
    out.print(f"Wrote {count} rows to {out_path}; load it back with `spm-hub ingest quarter {out_path}`")


@app.command("move")
def move_command(
    move: str = typer.Argument(..., help="submit, verify or return."),
    region: str = typer.Option(...),
    year: int = typer.Option(...),
    quarter: int = typer.Option(..., min=1, max=4),
    reason: str | None = typer.Option(None, help="Why a quarter is returned (required for return)."),
    actor: str = typer.Option("cli", help="Who moves it (recorded in the audit log)."),
) -> None:
    """Move a quarter as the administrator (the API checks roles; the CLI is trusted and audited)."""
    with reported_errors(), Session(engine()) as session:
        row = move_quarter(session, Caller(role=Role.MINISTRY, name=actor), region, year, quarter, move, reason)
        session.commit()
        out.print(f"{region} {year} Q{quarter}: {row.status}")


@app.command("status")
def status_command(
    year: int = typer.Option(...),
    quarter: int = typer.Option(..., min=1, max=4),
    province: str | None = typer.Option(None, help="Only this province's regions (ranks stay national)."),
    level: str | None = typer.Option(None, help="PROV or KAB."),
    as_of: str | None = typer.Option(None, help="Date to judge timeliness on (YYYY-MM-DD; default today)."),
) -> None:
    """Completeness and timeliness of every region's quarter, with national and provincial ranks."""
    when = date.fromisoformat(as_of) if as_of else date.today()
    with reported_errors(), Session(engine()) as session:
        rows = run_sync(session, quarter_status_plan(year, quarter, as_of=when, level=level, province_code=province))
    table = Table("region", "name", "status", "completeness", "missing", "timeliness", "national", "provincial")
    for row in rows:
        late = f" ({row.days_late} d)" if row.days_late else ""
        table.add_row(
            row.region_code,
            row.region_name,
            row.status,
            f"{row.completeness}",
            ", ".join(row.missing),
            row.timeliness + late,
            str(row.national_rank or ""),
            str(row.provincial_rank or ""),
        )
    out.print(table)


@app.command("cost")
def cost_command(
    region: str = typer.Option(..., help="Kode wilayah, e.g. 81.04."),
    year: int = typer.Option(...),
    service: str | None = typer.Option(None, help="One service, e.g. DIK.KAB.02."),
) -> None:
    """Cost of full fulfilment per service (recipients x items x SSH prices) next to the attributed budget."""
    with reported_errors(), Session(engine()) as session:
        rows = run_sync(session, cost_plan(region, year, service_code=service))
    table = Table("service", "recipients", "full cost", "attributed budget", "gap", "top item", "unpriced")
    for row in rows:
        if row.list_version is None:
            continue
        top = row.items[0] if row.items and row.items[0].cost is not None else None
        table.add_row(
            row.service_code,
            "" if row.recipients is None else f"{row.recipients:,}",
            "" if row.full_cost is None else f"{row.full_cost:,.2f}",
            f"{row.attributed_planned:,.2f}",
            "" if row.funding_gap is None else f"{row.funding_gap:,.2f}",
            f"{top.item_code} ({top.share_pct}%)" if top else "",
            ", ".join(row.unmatched),
        )
    out.print(table)
