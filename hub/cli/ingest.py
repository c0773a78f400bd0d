"""`spm-hub ingest SOURCE PATH` and `spm-hub runs`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlmodel import Session, select

from hub.cli.common import console, engine, out, print_table, reported_errors
from hub.core.i18n import _, number, when
from hub.ingest import IngestOptions, ingest
from hub.ingest.registry import SOURCES
from hub.models import IngestRun


def ingest_command(
    source: str = typer.Argument(..., help=f"Source connector: {', '.join(sorted(SOURCES))}."),
    path: str = typer.Argument(
        ...,
        help="File to load (XLSX, CSV or JSON), or the URL of a remote source (e.g. rapor_api https://host/api/rapor).",
    ),
    option: list[str] = typer.Option(
        [],
        "--option",
        "-o",
        help="Connector parameter KEY=VALUE (e.g. region=81.04, year=2025, stage=murni, edition=SIPD-2027).",
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Validate and report; write nothing."),
    allow_partial: bool = typer.Option(
        False, "--allow-partial", help="Load the good rows; quarantine the bad ones for a retry."
    ),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings (e.g. unknown sub kegiatan) as errors."),
    actor: str = typer.Option("cli", help="Who runs the load (recorded in the run)."),
) -> None:
    """Validate and load one file through a connector (all or nothing unless --allow-partial)."""
    options = {}
    for item in option:
        key, sep, value = item.partition("=")
        if not sep:
            raise typer.BadParameter(_("--option expects KEY=VALUE, got {item}", item=repr(item)))
        options[key.strip()] = value.strip()
    with reported_errors(), _progress() as progress:
        task = progress.add_task(f"{source} {Path(path).name}", total=None)
        summary = ingest(
            engine(),
            source,
            path,
            IngestOptions(dry_run=dry_run, allow_partial=allow_partial, strict=strict, actor=actor, options=options),
            progress=lambda n: progress.advance(task, n),
        )
    for warning in summary.warnings[:50]:
        console.print(f"  {warning.describe()}", markup=False, highlight=False)
    if summary.warning_count > 50:
        console.print(
            "  "
            + _(
                "... and {count} more warnings (see `spm-hub runs --run {run}`)",
                count=number(summary.warning_count - 50),
                run=summary.run_id,
            )
        )
    out.print(
        _(
            "Run {run}: {status}; read {read}, loaded {loaded}, rejected {rejected}, flagged {flagged}.",
            run=summary.run_id,
            status=summary.status,
            read=number(summary.rows_read),
            loaded=number(summary.rows_loaded),
            rejected=number(summary.rows_rejected),
            flagged=number(summary.rows_flagged),
        )
    )


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.completed:,.0f} " + _("rows")),
        TextColumn("{task.speed} " + _("rows/s")),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def runs_command(
    limit: int = typer.Option(20, help="How many recent runs to list."),
    run: int | None = typer.Option(None, "--run", help="Show one run with its row-level report."),
) -> None:
    """List ingest history (provenance of every loaded fact), or one run's report."""
    with Session(engine()) as session:
        if run is not None:
            stored = session.get(IngestRun, run)
            if stored is None:
                console.print(_("No run {run}", run=run))
                raise typer.Exit(1)
            out.print(
                _("Run") + f" {stored.id} {stored.connector} {stored.source} [{stored.status}] {stored.message or ''}",
                markup=False,
            )
            for item in stored.report:
                out.print(
                    f"  {item['severity'].upper()} row {item['row']} {item['column'] or ''}: "
                    f"{item['value']!r} {item['rule']}",
                    markup=False,
                    highlight=False,
                )
            return
        rows = session.exec(select(IngestRun).order_by(IngestRun.id.desc()).limit(limit)).all()  # type: ignore[union-attr]
    table = Table(
        _("run"),
        _("connector"),
        _("source"),
        _("status"),
        _("read"),
        _("loaded"),
        _("rejected"),
        _("flagged"),
        _("started"),
    )
    for r in rows:
        table.add_row(
            str(r.id),
            r.connector,
            Path(r.source).name,
            r.status,
            number(r.rows_read),
            number(r.rows_loaded),
            number(r.rows_rejected),
            number(r.rows_flagged),
            when(r.started_at),
        )
    print_table(table)
