"""Did it help? For a region or a cluster: follow-ups opened, done on time, done late, overdue and
dropped, and for each session the invited regions' completeness and timeliness in the quarter before
the session and the quarter it falls in (the e-SPM cycle's ``quarter_status_plan``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import Session

from hub import models
from hub.access.caller import Caller
from hub.analytics.cycle import QuarterStatus, quarter_status_plan
from hub.analytics.plan import run_sync
from hub.assistance.followups import follow_ups, is_overdue
from hub.assistance.readiness import last_quarter
from hub.assistance.rules import province_of
from hub.assistance.sessions import invited_of, list_sessions
from hub.core.vocabulary import FollowUpStatus


@dataclass(frozen=True)
class FollowUpCounts:
    """What became of the follow-ups of a region or cluster, as of a date."""

    opened: int
    done_on_time: int
    done_late: int
    overdue: int
    dropped: int


@dataclass(frozen=True)
class QuarterFigures:
    """One region's quarter: completeness (0..100) and timeliness verdict."""

    year: int
    quarter: int
    completeness: Decimal
    timeliness: str


@dataclass(frozen=True)
class SessionEffect:
    """One invited region of one session: its quarter before the session and the quarter of it."""

    session_id: int
    held_on: date
    region_code: str
    before: QuarterFigures
    after: QuarterFigures


def counts(rows: Sequence[models.FollowUp], on: date) -> FollowUpCounts:
    """Follow-up outcomes as of ``on``."""
    closed = [row for row in rows if row.closed_on is not None and row.closed_on <= on]
    done = [row for row in closed if row.status == FollowUpStatus.DONE]
    return FollowUpCounts(
        opened=len(rows),
        done_on_time=sum(1 for row in done if row.closed_on is not None and row.closed_on <= row.due_on),
        done_late=sum(1 for row in done if row.closed_on is not None and row.closed_on > row.due_on),
        overdue=sum(1 for row in rows if is_overdue(row, on)),
        dropped=sum(1 for row in closed if row.status == FollowUpStatus.DROPPED),
    )


def quarter_of(day: date) -> tuple[int, int]:
    """The (year, quarter) ``day`` falls in."""
    return day.year, (day.month - 1) // 3 + 1


def impact(
    session: Session, caller: Caller, region_codes: Sequence[str], on: date
) -> tuple[FollowUpCounts, list[SessionEffect]]:
    """Follow-up outcomes of ``region_codes`` and the quarter figures around each session they were invited to."""
    rows = follow_ups(session, caller, region_codes=region_codes, held_by=on)
    wanted = set(region_codes)
    statuses: dict[tuple[int, int, str], dict[str, QuarterStatus]] = {}

    def figures(year: int, quarter: int, region_code: str) -> QuarterFigures:
        key = (year, quarter, province_of(region_code))
        if key not in statuses:
            plan = quarter_status_plan(year, quarter, as_of=on, province_code=key[2])
            statuses[key] = {row.region_code: row for row in run_sync(session, plan)}
        found = statuses[key].get(region_code)
        if found is None:
            return QuarterFigures(year, quarter, Decimal(0), "missing")
        return QuarterFigures(year, quarter, found.completeness, found.timeliness)

    effects = []
    for meeting in sorted(list_sessions(session, caller, until=on), key=lambda row: row.held_on):
        before, after = last_quarter(meeting.held_on), quarter_of(meeting.held_on)
        for code in invited_of(session, meeting.id or 0):
            if code in wanted:
                effects.append(
                    SessionEffect(meeting.id or 0, meeting.held_on, code, figures(*before, code), figures(*after, code))
                )
    return counts(rows, on), effects
