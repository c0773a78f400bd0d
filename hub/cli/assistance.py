"""`spm-hub assistance ...`: the assistance cycle from the shell, with the caller's API token
(``--token`` or ``SPM_HUB_TOKEN``), so the CLI obeys the same rules as GraphQL: a province manages its
clusters, sessions and follow-ups, a region moves its own follow-ups, the ministry hosts its own."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from sqlmodel import Session, select

from hub.access.caller import Caller
from hub.access.tokens import hash_secret
from hub.assistance import clusters, digest, followups, impact, minutes, readiness, sessions
from hub.cli.common import engine, out, reported_errors
from hub.core.errors import BadInput, Unauthenticated
from hub.core.settings import get_settings
from hub.db.engine import session_scope
from hub.ingest import IngestOptions, ingest
from hub.models import ApiToken

app = typer.Typer(
    help="The assistance cycle: clusters, sessions, readiness, minutes and follow-ups.", no_args_is_help=True
)
TOKEN = typer.Option(..., "--token", envvar="SPM_HUB_TOKEN", help="Your API token (or set SPM_HUB_TOKEN).")
ON = typer.Option(None, "--on", help="The date (YYYY-MM-DD); default today.")


def caller_of(session: Session, secret: str) -> Caller:
    """The caller a token secret stands for.

    Raises:
        Unauthenticated: unknown or revoked token.
    """
    token = session.exec(select(ApiToken).where(ApiToken.token_hash == hash_secret(secret))).first()
    if token is None or token.revoked_at is not None:
        raise Unauthenticated("Unknown or revoked API token; ask the hub administrator for a new one.")
    return Caller(
        role=token.role, region_code=token.region_code, name=f"token:{token.id}:{token.name}", token_id=token.id
    )


@contextmanager
def _as(secret: str) -> Iterator[tuple[Session, Caller]]:
    store = engine()
    try:
        with reported_errors(), session_scope(store) as session:
            yield session, caller_of(session, secret)
    finally:
        store.dispose()


def _day(value: str | None) -> date:
    try:
        return date.fromisoformat(value) if value else date.today()
    except ValueError as exc:
        raise BadInput(f"{value!r} is not a date (YYYY-MM-DD).") from exc


@app.command("cluster-create")
def cluster_create(
    province: str = typer.Option(..., help="Province code, e.g. 53."),
    name: str = typer.Option(..., help="Cluster name, e.g. Timor."),
    description: str | None = typer.Option(None),
    token: str = TOKEN,
) -> None:
    """Create a cluster of your province."""
    with _as(token) as (session, caller):
        row = clusters.create_cluster(session, caller, province_code=province, name=name, description=description)
        session.flush()
        out.print(f"cluster {row.id}: {row.name} ({row.province_code})")


@app.command("cluster-add")
def cluster_add(
    region: Annotated[list[str], typer.Option(help="Kabupaten/kota code (repeat).")],
    cluster: int = typer.Option(..., help="Cluster id."),
    since: str = typer.Option(..., help="Member from (YYYY-MM-DD)."),
    token: str = TOKEN,
) -> None:
    """Put kabupaten/kota in a cluster from a date."""
    with _as(token) as (session, caller):
        for code in region:
            clusters.add_member(session, caller, cluster, code, since=_day(since))
        out.print(f"cluster {cluster}: {len(region)} member(s) added from {since}")


@app.command("plan")
def plan(
    kind: str = typer.Option(..., help="asistensi, bimtek, monev_terpadu, rapat_koordinasi or korbinwas."),
    title: str = typer.Option(...),
    held_on: str = typer.Option(..., "--held-on", help="Session date (YYYY-MM-DD)."),
    mode: str = typer.Option("onsite", help="onsite or online."),
    cluster: int | None = typer.Option(None, help="Cluster id (invites its members)."),
    invite: Annotated[
        list[str] | None, typer.Option(help="Region code to invite (repeat; default: the cluster's members).")
    ] = None,
    cutoff: str | None = typer.Option(
        None, help="Cut-off for ready data; default: settings.assistance_cutoff_days before."
    ),
    agenda: str | None = typer.Option(None),
    token: str = TOKEN,
) -> None:
    """Plan a session hosted by you, and print each invited region's checklist."""
    with _as(token) as (session, caller):
        row = sessions.plan_session(
            session,
            caller,
            sessions.SessionPlan(
                kind=kind,
                title=title,
                held_on=_day(held_on),
                mode=mode,
                cluster_id=cluster,
                invited=tuple(invite or ()),
                cutoff_on=_day(cutoff) if cutoff else None,
                agenda=agenda,
            ),
            cutoff_days=get_settings().assistance_cutoff_days,
        )
        session.flush()
        out.print(f"session {row.id}: {row.title} on {row.held_on}, data ready by {row.cutoff_on}")
        _print_checklists(readiness.readiness(session, caller, row.id or 0))


@app.command("sessions")
def sessions_command(
    cluster: int | None = typer.Option(None, help="Only this cluster's sessions."),
    token: str = TOKEN,
) -> None:
    """The sessions you may read, newest first."""
    with _as(token) as (session, caller):
        rows = sessions.list_sessions(session, caller, cluster_id=cluster)
        table = Table("id", "held", "kind", "title", "host", "invited", "snapshot")
        for row in rows:
            invited = sessions.invited_of(session, row.id or 0)
            taken = "yes" if row.readiness_taken_at else "no"
            table.add_row(
                str(row.id),
                str(row.held_on),
                row.kind,
                row.title,
                row.host_code or "ministry",
                str(len(invited)),
                taken,
            )
        out.print(table)


def _print_checklists(items: list[readiness.RegionReadiness]) -> None:
    table = Table("region", "ready", "frozen", "missing")
    for item in items:
        missing = "; ".join(f"{check.label}: {check.detail}" for check in item.missing)
        table.add_row(item.region_code, "yes" if item.ready else "no", "yes" if item.frozen else "no", missing)
    out.print(table)


@app.command("checklist")
def checklist(
    session_id: int = typer.Option(..., "--session"),
    region: str | None = typer.Option(None, help="One invited region (a region token sees its own)."),
    token: str = TOKEN,
) -> None:
    """What each invited region must still have ready (frozen once the snapshot is taken)."""
    with _as(token) as (session, caller):
        _print_checklists(readiness.readiness(session, caller, session_id, region))


@app.command("snapshot")
def snapshot(
    session_id: int | None = typer.Option(
        None, "--session", help="One session; default: every session you host whose cut-off has passed by --on."
    ),
    on: str | None = ON,
    token: str = TOKEN,
) -> None:
    """Freeze readiness checklists (which regions came ready)."""
    with _as(token) as (session, caller):
        if session_id is not None:
            _print_checklists(readiness.take_snapshot(session, caller, session_id))
            return
        frozen = readiness.freeze_due(session, caller, _day(on))
        out.print(f"froze {len(frozen)} session(s): {', '.join(map(str, frozen)) or '-'}")


@app.command("minutes-export")
def minutes_export(
    out_path: Annotated[Path, typer.Option("--out", help="Workbook to write (.xlsx).")],
    session_id: int = typer.Option(..., "--session"),
    token: str = TOKEN,
) -> None:
    """Write the session's minutes workbook: the template, or its follow-ups with current statuses."""
    with _as(token) as (session, caller):
        out_path.write_bytes(minutes.minutes_workbook(session, caller, session_id))
    out.print(f"Wrote {out_path}")


@app.command("minutes-import")
def minutes_import(
    path: Annotated[Path, typer.Argument(help="The filled-in minutes workbook.")],
    session_id: int = typer.Option(..., "--session"),
    dry_run: bool = typer.Option(False, "--dry-run"),
    token: str = TOKEN,
) -> None:
    """Import the minutes as decisions and follow-ups (the session's host); all rows or none."""
    with _as(token) as (session, caller):
        followups.require_session_host(session, caller, session_id)
    store = engine()
    try:
        with reported_errors():
            options = IngestOptions(dry_run=dry_run, actor=caller.name, options={"session": str(session_id)})
            summary = ingest(store, "minutes", path, options)
    finally:
        store.dispose()
    out.print(f"minutes ({path.name}): {summary.status}, {summary.rows_loaded} follow-up(s) created or changed")


@app.command("follow-up")
def follow_up(
    follow_up_id: int = typer.Option(..., "--id"),
    status: str | None = typer.Option(None, help="open, in_progress, done or dropped."),
    evidence: str | None = typer.Option(None),
    reason: str | None = typer.Option(None, help="Why it is dropped."),
    closed_on: str | None = typer.Option(None, "--closed-on", help="When it was done (default today)."),
    due_on: str | None = typer.Option(None, "--due-on", help="A new deadline (the host only)."),
    token: str = TOKEN,
) -> None:
    """Move a follow-up (its owner region: status and evidence; the host: also the deadline)."""
    changes: dict[str, object] = {"status": status, "evidence": evidence, "reason": reason}
    changes |= {"closed_on": _day(closed_on) if closed_on else None, "due_on": _day(due_on) if due_on else None}
    with _as(token) as (session, caller):
        row = followups.update_follow_up(session, caller, follow_up_id, {k: v for k, v in changes.items() if v})
        out.print(f"follow-up {row.id}: {row.status}, due {row.due_on}, closed {row.closed_on or '-'}")


def _print_lines(title: str, items: list[digest.FollowUpLine]) -> None:
    table = Table("id", "owner", "action", "due", "status", "late", title=f"{title} ({len(items)})")
    for line in items:
        table.add_row(str(line.id), line.owner, line.action, str(line.due_on), line.status, str(line.days_late))
    out.print(table)


@app.command("overdue")
def overdue(
    on: str | None = ON,
    by: str = typer.Option("region", help=f"Group by {', '.join(digest.GROUPINGS)}."),
    token: str = TOKEN,
) -> None:
    """Follow-ups overdue on a date, grouped by owner, region, cluster or province."""
    with _as(token) as (session, caller):
        for group in digest.overdue_groups(session, caller, _day(on), by):
            _print_lines(group.label, group.follow_ups)


@app.command("escalate")
def escalate(
    on: str | None = ON,
    grace: int | None = typer.Option(None, help="Days past the deadline; default settings.follow_up_grace_days."),
    token: str = TOKEN,
) -> None:
    """Escalate to you (the host) the follow-ups overdue beyond the grace period."""
    grace_days = get_settings().follow_up_grace_days if grace is None else grace
    with _as(token) as (session, caller):
        rows = followups.escalate_overdue(session, caller, on=_day(on), grace_days=grace_days)
        out.print(f"escalated {len(rows)} follow-up(s): {', '.join(str(row.id) for row in rows) or '-'}")


@app.command("digest")
def digest_command(
    cluster: int | None = typer.Option(None, help="Cluster id."),
    region: str | None = typer.Option(None, help="Or one region's own digest."),
    on: str | None = ON,
    out_path: Annotated[
        Path | None, typer.Option("--out", help="Write .xlsx or .html (printable) instead of printing.")
    ] = None,
    token: str = TOKEN,
) -> None:
    """The weekly digest of a cluster or a region: due this week, overdue, done."""
    with _as(token) as (session, caller):
        if cluster is not None:
            found = digest.cluster_digest(session, caller, cluster, _day(on))
        elif region is not None:
            found = digest.region_digest(session, caller, region, _day(on))
        else:
            raise BadInput("Pass --cluster or --region.")
    if out_path is None:
        out.print(f"{found.scope}: week {found.week_start} - {found.week_end} (as of {found.on})")
        for name, title in digest.SECTIONS:
            _print_lines(title, getattr(found, name))
    elif out_path.suffix.lower() == ".html":
        out_path.write_text(digest.digest_html(found), encoding="utf-8")
        out.print(f"Wrote {out_path}")
    else:
        out_path.write_bytes(digest.digest_xlsx(found))
        out.print(f"Wrote {out_path}")


@app.command("impact")
def impact_command(
    cluster: int | None = typer.Option(None),
    region: str | None = typer.Option(None),
    on: str | None = ON,
    token: str = TOKEN,
) -> None:
    """Did it help? Follow-up outcomes and completeness/timeliness before and after each session."""
    day = _day(on)
    with _as(token) as (session, caller):
        if cluster is not None:
            digest.require_cluster_reader(caller, clusters.get_cluster(session, cluster))
            codes = [member.region_code for member in clusters.members_on(session, cluster, day)]
        elif region is not None:
            codes = [region]
        else:
            raise BadInput("Pass --cluster or --region.")
        counts, effects = impact.impact(session, caller, codes, day)
    out.print(
        f"follow-ups: {counts.opened} opened, {counts.done_on_time} done on time, {counts.done_late} done late, "
        f"{counts.overdue} overdue, {counts.dropped} dropped"
    )
    table = Table("session", "held", "region", "before", "after")
    for effect in effects:
        table.add_row(
            str(effect.session_id),
            str(effect.held_on),
            effect.region_code,
            f"TW{effect.before.quarter} {effect.before.completeness}% {effect.before.timeliness}",
            f"TW{effect.after.quarter} {effect.after.completeness}% {effect.after.timeliness}",
        )
    out.print(table)
