"""`spm-hub quarantine list|export|retry RUN`: the rows an --allow-partial load rejected, to read, hand
back as a sheet, and load again after fixing the reference data or with a corrected file."""

from __future__ import annotations

import csv
from pathlib import Path

import typer
from rich.table import Table
from sqlmodel import Session, col, select

from hub.cli.common import console, engine, out, print_report, reported_errors
from hub.ingest import IngestOptions, ingest
from hub.ingest.report import plain_cell
from hub.models import IngestRun, QuarantinedRow
from hub.models.clock import utcnow

app = typer.Typer(help="Rows rejected by --allow-partial loads: list, export, retry.", no_args_is_help=True)


def _rows(session: Session, run_id: int) -> list[QuarantinedRow]:
    if session.get(IngestRun, run_id) is None:
        console.print(f"No run {run_id}")
        raise typer.Exit(1)
    return list(
        session.exec(
            select(QuarantinedRow).where(QuarantinedRow.run_id == run_id).order_by(col(QuarantinedRow.row_number))
        ).all()
    )


@app.command("list")
def list_command(run: int = typer.Argument(..., help="The run id (see `spm-hub runs`).")) -> None:
    """The quarantined rows of a run, with their errors."""
    with Session(engine()) as session:
        rows = _rows(session, run)
    table = Table("row", "sheet", "errors", "retried")
    for item in rows:
        table.add_row(str(item.row_number), item.sheet or "", "\n".join(item.errors), str(item.retried_at or ""))
    out.print(table)
    out.print(f"{len(rows)} quarantined row(s) in run {run}.")


@app.command("export")
def export_command(
    run: int = typer.Argument(..., help="The run id."),
    path: str = typer.Argument(..., help="A .csv or .xlsx file to write (the rows' values and their errors)."),
) -> None:
    """Write the quarantined rows to a sheet to fix and load again."""
    with Session(engine()) as session:
        rows = _rows(session, run)
    columns = list(dict.fromkeys(key for item in rows for key in item.payload))
    header = ["row", "sheet", *columns, "errors"]
    table = [
        [item.row_number, item.sheet, *(plain_cell(item.payload.get(c)) for c in columns), "; ".join(item.errors)]
        for item in rows
    ]
    target = Path(path)
    if target.suffix.lower() == ".csv":
        with target.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(table)
    elif target.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Quarantine")
        for values in (header, *table):
            sheet.append(list(values))
        workbook.save(target)
    else:
        raise typer.BadParameter("write a .csv or .xlsx file")
    out.print(f"Wrote {len(rows)} row(s) to {target}", highlight=False)


@app.command("retry")
def retry_command(
    run: int = typer.Argument(..., help="The run whose quarantined rows to retry."),
    path: str | None = typer.Option(
        None, "--path", help="A corrected file (default: the run's own file, e.g. after fixing reference data)."
    ),
    actor: str = typer.Option("cli", help="Who retries (recorded in the run)."),
) -> None:
    """Load the run's file (or a corrected one) again with the same options; rows now valid are
    loaded, the rest quarantined again (the earlier quarantine is marked retried)."""
    with Session(engine()) as session:
        stored = session.get(IngestRun, run)
        if stored is None:
            console.print(f"No run {run}")
            raise typer.Exit(1)
        connector, source, options = stored.connector, stored.source, dict(stored.options)
    target = Path(path or source)
    if not target.is_file():
        raise typer.BadParameter(f"{target} is not a file; pass the corrected file with --path")
    with reported_errors():
        summary = ingest(
            engine(),
            connector,
            target,
            IngestOptions(allow_partial=True, force=True, actor=actor, options=options),
        )
    with Session(engine()) as session:
        for item in session.exec(select(QuarantinedRow).where(QuarantinedRow.run_id == run)).all():
            item.retried_at = utcnow()
            session.add(item)
        session.commit()
    print_report(summary.report.ordered(), console)
    out.print(
        f"Retry of run {run} is run {summary.run_id}: {summary.status}; loaded {summary.rows_loaded}, "
        f"quarantined {summary.rows_rejected}."
    )
