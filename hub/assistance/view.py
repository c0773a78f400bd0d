"""The cluster view: each member's completeness and timeliness of its last quarter, whether it came
ready to the last session it was invited to, its stages, Rencana Aksi and team decree, and its open
and overdue follow-ups (IP SPM is the member region's own field in GraphQL)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlmodel import Session, col, select

from hub import models
from hub.access.caller import Caller
from hub.analytics.cycle import quarter_status_plan
from hub.analytics.plan import run_sync
from hub.assistance.clusters import get_cluster, members_on
from hub.assistance.digest import require_cluster_reader
from hub.assistance.followups import follow_ups, is_open_on, is_overdue
from hub.assistance.readiness import CHECKS, CheckContext, last_quarter


@dataclass(frozen=True)
class MemberView:
    """One member of a cluster on a date."""

    region_code: str
    region_name: str
    since: date
    year: int
    quarter: int
    submission_status: str
    completeness: Decimal
    timeliness: str
    came_ready: bool | None  # at the last frozen session it was invited to (None: no such session)
    stages_recorded: bool
    action_plan: bool
    team_decree: bool
    open_follow_ups: int
    overdue_follow_ups: int


def _came_ready(session: Session, region_code: str, on: date) -> bool | None:
    check = models.ReadinessCheck
    last = session.exec(
        select(models.AssistanceSession.id)
        .join(check, col(check.session_id) == models.AssistanceSession.id)
        .where(check.region_code == region_code, col(models.AssistanceSession.held_on) <= on)
        .order_by(col(models.AssistanceSession.held_on).desc())
    ).first()
    if last is None:
        return None
    verdicts = session.exec(select(check.ok).where(check.session_id == last, check.region_code == region_code)).all()
    return all(ok is True for ok in verdicts)


def cluster_view(session: Session, caller: Caller, cluster_id: int, on: date) -> list[MemberView]:
    """The members of a cluster on ``on`` with their figures.

    Raises:
        NotFound: no such cluster.
        PermissionDenied: not the ministry or the cluster's province.
    """
    cluster = get_cluster(session, cluster_id)
    require_cluster_reader(caller, cluster)
    members = members_on(session, cluster_id, on)
    year, quarter = last_quarter(on)
    plan = quarter_status_plan(year, quarter, as_of=on, province_code=cluster.province_code)
    statuses = {row.region_code: row for row in run_sync(session, plan)}
    rows = follow_ups(session, caller, region_codes=[m.region_code for m in members], held_by=on)
    as_of = datetime.combine(on + timedelta(days=1), time.min, tzinfo=UTC)
    views = []
    for member in members:
        status = statuses.get(member.region_code)
        region = session.get(models.Region, member.region_code)
        ctx = CheckContext(
            member.region_code, region.government_level if region else "KAB", on.year, year, quarter, as_of
        )
        own = [row for row in rows if row.owner_region_code == member.region_code]
        views.append(
            MemberView(
                region_code=member.region_code,
                region_name=region.name if region else member.region_code,
                since=member.since,
                year=year,
                quarter=quarter,
                submission_status=status.status if status else "draft",
                completeness=status.completeness if status else Decimal(0),
                timeliness=status.timeliness if status else "missing",
                came_ready=_came_ready(session, member.region_code, on),
                stages_recorded=CHECKS["stages_recorded"].run(session, ctx)[0] is True,
                action_plan=CHECKS["action_plan"].run(session, ctx)[0] is True,
                team_decree=CHECKS["team_decree"].run(session, ctx)[0] is True,
                open_follow_ups=sum(1 for row in own if is_open_on(row, on)),
                overdue_follow_ups=sum(1 for row in own if is_overdue(row, on)),
            )
        )
    return views
