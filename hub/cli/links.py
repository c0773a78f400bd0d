"""`spm-hub links propose|carry` and `spm-hub nomenclature diff`: the mapping workbench from the shell."""

from __future__ import annotations

from collections import Counter

import typer
from rich.table import Table
from sqlmodel import Session

from hub.cli.common import engine, out, reported_errors
from hub.ingest.writers.nomenclature import edition_by_code
from hub.workbench.carry import carry_links, compare_spm_flags
from hub.workbench.crosswalk import CHANGES, diff, sub_kegiatan
from hub.workbench.proposer import propose_for_edition

app = typer.Typer(
    help="Links between SPM services and sub kegiatan: proposals and the edition crosswalk.",
    no_args_is_help=True,
)
nomenclature_app = typer.Typer(help="Nomenclature editions.", no_args_is_help=True)


@app.command("propose")
def propose(
    edition: str = typer.Option(..., "--edition", help="Edition code, e.g. SIPD-2027."),
    actor: str = typer.Option("proposer", help="Recorded as proposer of new links."),
) -> None:
    """Propose services for every SPM sub kegiatan of an edition (stored as proposed; re-runs add nothing)."""
    with reported_errors(), Session(engine()) as session:
        found = edition_by_code(session, edition)
        run = propose_for_edition(session, found.id or 0, actor=actor)
        session.commit()
    out.print(
        f"{edition}: {run.nodes} SPM sub kegiatan, {len(run.proposals)} proposals: {run.created} new, "
        f"{run.updated} updated, {run.unchanged} unchanged, {run.kept_reviewed} already reviewed; "
        f"{len(run.without_candidates)} without a candidate service, {len(run.abstained)} with none scoring "
        "high enough (no proposal)."
    )


@app.command("carry")
def carry(
    source: str = typer.Option(..., "--from", help="Edition whose approved links are carried."),
    target: str = typer.Option(..., "--to", help="Edition that receives them."),
    limit: int = typer.Option(50, help="How many links needing review to list."),
) -> None:
    """Carry approved links to a newer edition; changed codes come back as proposed, needing review."""
    with reported_errors(), Session(engine()) as session:
        report = carry_links(session, edition_by_code(session, source), edition_by_code(session, target))
        session.commit()
    out.print(f"{source} -> {target}: " + ", ".join(f"{k} {v}" for k, v in sorted(report.counts.items())))
    table = Table("service", "from", "to", "level", "reason")
    for item in report.needs_review[:limit]:
        table.add_row(item.service_code, item.from_code, item.to_code or "", item.government_level or "", item.reason)
    if report.needs_review:
        out.print(table)


@nomenclature_app.command("diff")
def diff_command(
    source: str = typer.Option(..., "--from", help="Older edition."),
    target: str = typer.Option(..., "--to", help="Newer edition."),
    show: int = typer.Option(10, help="Codes to list per kind of change."),
) -> None:
    """Sub kegiatan added, removed, renamed, recoded, split or merged, and SPM flag differences."""
    with reported_errors(), Session(engine()) as session:
        old_edition, new_edition = edition_by_code(session, source), edition_by_code(session, target)
        changes = diff(sub_kegiatan(session, old_edition.id or 0), sub_kegiatan(session, new_edition.id or 0))
        spm = compare_spm_flags(session, old_edition, new_edition)
    counts = Counter(c.change for c in changes)
    out.print(f"{source} -> {target}: " + ", ".join(f"{kind} {counts.get(kind, 0)}" for kind in CHANGES))
    for kind in CHANGES:
        for change in [c for c in changes if c.change == kind][:show]:
            out.print(
                f"  {kind:8} {change.government_level or '':6} {change.code} <- {change.previous_code or ''} "
                f"{change.new_name or change.old_name or ''}"[:160],
                markup=False,
                highlight=False,
            )
    out.print(
        f"SPM flag: both {spm.both}, only in {source} {len(spm.only_first)} "
        f"({len(spm.absent_from_second)} of them no longer exist), only in {target} {len(spm.only_second)}"
    )
    table = Table("bidang", f"only {source}", f"only {target}", "both")
    for bidang, (first, second, both) in spm.by_urusan.items():
        table.add_row(bidang, str(first), str(second), str(both))
    out.print(table)
