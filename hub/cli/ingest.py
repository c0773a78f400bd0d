"""`spm-hub ingest SOURCE PATH` and `spm-hub runs`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text
from sqlmodel import Session, select

from connectors.reading import estimate_rows
from hub.cli.common import FIRST_ISSUES, console, engine, out, print_report, print_table, reported_errors
from hub.core.i18n import _, number, when
from hub.ingest import IngestOptions, ingest
from hub.ingest.registry import SOURCES
from hub.ingest.report import IssueGroup, write_issues
from hub.models import IngestRun


def ingest_command(
    source: str = typer.Argument(..., help=f"Source connector: {', '.join(sorted(SOURCES))}."),
    path: str = typer.Argument(
        ...,
        help="File to load (XLSX, XLS, ODS, CSV or JSON), or the URL of a remote source (e.g. rapor_api https://host/api/rapor).",
    ),
    option: list[str] = typer.Option(
        [],
        "--option",
        "-o",
        help="Connector parameter KEY=VALUE (e.g. region=81.04, year=2025, stage=murni, edition=SIPD-2027).",
    ),
    layout: str | None = typer.Option(
        None,
        "--layout",
        help="A layout file (.toml) describing the file's columns, or a shipped layout's name (docs/layouts.md).",
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
    if layout:
        options["layout"] = str(Path(layout).resolve()) if Path(layout).is_file() else layout
    run_options = IngestOptions(
        dry_run=dry_run,
        allow_partial=allow_partial,
        strict=strict,
        actor=actor,
        options=options,
        partial_hint="or use --allow-partial",
    )
    load(source, path, run_options)


def load(source: str, path: str, run_options: IngestOptions) -> None:
    """Run one load with a progress bar, then print its report (errors first) and counts."""
    store = engine()
    try:
        with reported_errors(), _progress() as progress:
            total = estimate_rows(Path(path)) if Path(path).is_file() else None
            task = progress.add_task(f"{source} {Path(path).name}", total=total)
            summary = ingest(store, source, path, run_options, progress=lambda n: progress.advance(task, n))
    finally:
        store.dispose()  # close the pool's connections now, not when the engine is garbage-collected
    print_report(summary.report.ordered(), console)
    if summary.issues:
        console.print(f"Every issue: `spm-hub runs --run {summary.run_id} --export issues.xlsx`", highlight=False)
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
    if summary.status == "partial":
        kept, rejected = summary.amount_loaded, summary.amount_rejected or 0
        money = f" and Rp {kept:,.2f} of Rp {kept + rejected:,.2f}" if kept is not None else ""
        out.print(
            f"[bold yellow]PARTIAL LOAD: kept {summary.rows_loaded:,} of {summary.rows_read:,} rows{money}; "
            f"{summary.rows_rejected:,} rows quarantined[/bold yellow] (`spm-hub quarantine list {summary.run_id}`, "
            f"then `spm-hub quarantine retry {summary.run_id}`)",
            highlight=False,
        )


class _RateColumn(ProgressColumn):
    """Rows per second, readable (``1,234 rows/s``)."""

    def render(self, task: Task) -> Text:
        return Text(f"{number(task.speed)} " + _("rows/s") if task.speed else "")


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )


def runs_command(
    limit: int = typer.Option(20, help="How many recent runs to list."),
    run: int | None = typer.Option(None, "--run", help="Show one run with its row-level report."),
    export: str | None = typer.Option(
        None, "--export", help="With --run: write the run's issues (errors first) to this .csv or .xlsx file."
    ),
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
                highlight=False,
            )
            if export is not None:
                try:
                    written = write_issues(Path(export), stored.report)
                except ValueError as exc:
                    raise typer.BadParameter(str(exc)) from exc
                out.print(f"Wrote {written} issue(s) to {export}", highlight=False)
                return
            print_report([IssueGroup.from_dict(g) for g in stored.report_groups or []], out)
            for item in stored.report[:FIRST_ISSUES]:
                out.print(
                    f"  {item['severity'].upper()} row {item['row']} {item['column'] or ''}: "
                    f"{item['value']!r} {item['rule']}",
                    markup=False,
                    highlight=False,
                )
            if len(stored.report) > FIRST_ISSUES:
                out.print(f"  ... {len(stored.report) - FIRST_ISSUES} more: --export issues.xlsx", highlight=False)
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
