"""`spm-hub links propose|carry` and `spm-hub nomenclature diff`: the mapping workbench from the shell."""

from __future__ import annotations

from collections import Counter

import typer
from rich.table import Table
from sqlmodel import Session

from hub.cli.common import engine, out, print_table, reported_errors
from hub.core.i18n import _, number
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
        _(
            "{edition}: {nodes} SPM sub kegiatan, {proposals} proposals: {created} new, {updated} updated, "
            "{unchanged} unchanged, {reviewed} already reviewed; {none} without a candidate service, "
            "{abstained} with none scoring high enough (no proposal).",
            edition=edition,
            nodes=number(run.nodes),
            proposals=number(len(run.proposals)),
            created=number(run.created),
            updated=number(run.updated),
            unchanged=number(run.unchanged),
            reviewed=number(run.kept_reviewed),
            none=number(len(run.without_candidates)),
            abstained=number(len(run.abstained)),
        )
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
    out.print(f"{source} -> {target}: " + ", ".join(f"{k} {number(v)}" for k, v in sorted(report.counts.items())))
    table = Table(_("service"), _("from"), _("to"), _("level"), _("reason"))
    for item in report.needs_review[:limit]:
        table.add_row(item.service_code, item.from_code, item.to_code or "", item.government_level or "", item.reason)
    if report.needs_review:
        print_table(table)


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
        _(
            "SPM flag: both {both}, only in {first} {only_first} ({gone} of them no longer exist), "
            "only in {second} {only_second}",
            both=number(spm.both),
            first=source,
            only_first=number(len(spm.only_first)),
            gone=number(len(spm.absent_from_second)),
            second=target,
            only_second=number(len(spm.only_second)),
        )
    )
    table = Table("bidang", _("only {edition}", edition=source), _("only {edition}", edition=target), _("both"))
    for bidang, (first, second, both) in spm.by_urusan.items():
        table.add_row(bidang, number(first), number(second), number(both))
    print_table(table)
