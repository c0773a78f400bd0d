"""Completeness (tingkat keterisian) and timeliness of each region's e-SPM quarter, with national and
provincial rankings of completeness.

One plan of eight statements for any number of regions. The parts of a quarter and their weights are
data (``hub/reference/cycle.toml``); deadlines come from the stored reporting calendar. Ranks are
computed over every region of a government level (nationally) and of a province, before any caller's
row rule narrows the list, so a region sees its true place.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_
from sqlmodel import col, select

from hub import models
from hub.analytics.plan import Plan
from hub.core.vocabulary import QUARTER_PARTS, STAGES, SubmissionStatus, quarter_period
from hub.reference import REFERENCE_DIR

CYCLE_TOML = REFERENCE_DIR / "cycle.toml"
HUNDRED = Decimal(100)
PCT = Decimal("0.01")


@dataclass(frozen=True)
class CycleRules:
    """The completeness weights per part and the time zone deadlines are read in."""

    weights: tuple[tuple[str, int], ...]
    timezone: str

    def weight(self, part: str) -> int:
        """The weight of one part."""
        return dict(self.weights)[part]


@cache
def load_rules(path: Path = CYCLE_TOML) -> CycleRules:
    """The rules in the reference file.

    Raises:
        ValueError: a part missing or unknown, or a weight that is not a non-negative integer.
    """
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    weights = data.get("completeness", {})
    if set(weights) != set(QUARTER_PARTS) or any(not isinstance(w, int) or w < 0 for w in weights.values()):
        raise ValueError(f"{path.name}: [completeness] needs a non-negative integer for each of {QUARTER_PARTS}")
    if not sum(weights.values()):
        raise ValueError(f"{path.name}: at least one completeness weight must be positive")
    return CycleRules(tuple((part, weights[part]) for part in QUARTER_PARTS), data["timeliness"]["timezone"])


@dataclass
class QuarterStatus:
    """One region's quarter: submission status, each part's fill (0..1), completeness (0..100),
    what is missing, timeliness against the deadline and the ranks of its completeness."""

    region_code: str
    region_name: str
    level: str
    province_code: str
    year: int
    quarter: int
    status: str  # draft (also when nothing is recorded) | submitted | verified | returned
    parts: dict[str, Decimal]
    completeness: Decimal
    missing: list[str] = field(default_factory=list)
    due_on: date | None = None
    first_submitted_at: datetime | None = None
    timeliness: str = "no_deadline"  # on_time | late | missing | not_due | no_deadline
    days_late: int | None = None
    national_rank: int | None = None
    provincial_rank: int | None = None


def timeliness(
    due_on: date | None, first_submitted: datetime | None, as_of: date, timezone: str
) -> tuple[str, int | None]:
    """``(verdict, days late)``: on time up to and including the due date (in ``timezone``)."""
    if due_on is None:
        return "no_deadline", None
    if first_submitted is None:
        return ("missing", (as_of - due_on).days) if as_of > due_on else ("not_due", None)
    submitted_on = first_submitted.astimezone(ZoneInfo(timezone)).date()
    late = (submitted_on - due_on).days
    return ("late", late) if late > 0 else ("on_time", 0)


def quarter_status_plan(
    year: int, quarter: int, *, as_of: date, level: str | None = None, province_code: str | None = None
) -> Plan[list[QuarterStatus]]:
    """Every region's quarter (of ``level`` and within ``province_code`` when given), best completeness
    first. Ranks always count every region of the level, whatever the province asked for."""
    region = models.Region
    conditions = [region.government_level == level] if level else []
    regions = yield (
        select(region.code, region.name, region.government_level).where(*conditions).order_by(col(region.code))
    )
    services = yield select(models.SpmService.level, func.count()).group_by(models.SpmService.level)
    fields = yield select(func.count()).select_from(models.SpmField)
    report = models.AchievementReport
    reports = yield (
        select(report.region_code, func.count(), func.count(report.budget_allocated))
        .where(report.year == year, report.quarter == quarter)
        .group_by(report.region_code)
    )
    problems = yield (
        select(models.ProblemReport.region_code)
        .distinct()
        .where(models.ProblemReport.year == year, models.ProblemReport.quarter == quarter)
    )
    stages = yield (
        select(models.StageRecord.region_code, func.count())
        .where(models.StageRecord.year == year)
        .group_by(models.StageRecord.region_code)
    )
    plan, action = models.ActionPlan, models.PlanAction
    plans = yield (
        select(plan.region_code)
        .where(plan.year == year, or_(col(plan.document_ref).is_not(None), col(plan.id).in_(select(action.plan_id))))
        .distinct()
    )
    submission = models.QuarterSubmission
    submissions = yield (
        select(submission.region_code, submission.status, submission.first_submitted_at).where(
            submission.year == year, submission.quarter == quarter
        )
    )
    deadline = yield (
        select(models.ReportingDeadline.due_on).where(
            models.ReportingDeadline.year == year, models.ReportingDeadline.period == quarter_period(quarter)
        )
    )
    rules = load_rules()
    per_level = dict(services)
    stage_slots = (fields[0] if fields else 0) * len(STAGES)
    filed = {code: (n, budgeted) for code, n, budgeted in reports}
    with_problems, with_plan = set(problems), set(plans)
    staged = dict(stages)
    submitted = {code: (status, first) for code, status, first in submissions}
    due_on = deadline[0] if deadline else None
    rows = []
    for code, name, region_level in regions:
        expected = per_level.get(region_level, 0)
        n_reports, n_budgeted = filed.get(code, (0, 0))
        parts = {
            "achievement": _fraction(n_reports, expected),
            "budgeting": _fraction(n_budgeted, expected),
            "problems": Decimal(code in with_problems),
            "stages": _fraction(staged.get(code, 0), stage_slots),
            "action_plan": Decimal(code in with_plan),
        }
        status, first = submitted.get(code, (SubmissionStatus.DRAFT.value, None))
        verdict, late = timeliness(due_on, first, as_of, rules.timezone)
        rows.append(
            QuarterStatus(
                region_code=code,
                region_name=name,
                level=region_level,
                province_code=code.split(".", 1)[0],
                year=year,
                quarter=quarter,
                status=status,
                parts=parts,
                completeness=_weighted(parts, rules),
                missing=[part for part in QUARTER_PARTS if parts[part] < 1],
                due_on=due_on,
                first_submitted_at=first,
                timeliness=verdict,
                days_late=late,
            )
        )
    _rank(rows)
    if province_code:
        rows = [row for row in rows if row.province_code == province_code]
    return sorted(rows, key=lambda row: (row.level, -row.completeness, row.region_code))


def _fraction(part: int, whole: int) -> Decimal:
    return min(Decimal(part) / whole, Decimal(1)) if whole else Decimal(1)


def _weighted(parts: dict[str, Decimal], rules: CycleRules) -> Decimal:
    total = sum(rules.weight(part) for part in parts)
    score = sum((value * rules.weight(part) for part, value in parts.items()), Decimal(0)) / total * HUNDRED
    return score.quantize(PCT, ROUND_HALF_EVEN)


def _rank(rows: Sequence[QuarterStatus]) -> None:
    """Competition ranks (1, 2, 2, 4) of completeness: nationally within a government level, and
    within each province (its kabupaten/kota; a province is ranked nationally only)."""
    national: dict[str, list[QuarterStatus]] = defaultdict(list)
    provincial: dict[str, list[QuarterStatus]] = defaultdict(list)
    for row in rows:
        national[row.level].append(row)
        if row.level == "KAB":
            provincial[row.province_code].append(row)
    for group in national.values():
        for row, rank in _ranks(group):
            row.national_rank = rank
    for group in provincial.values():
        for row, rank in _ranks(group):
            row.provincial_rank = rank


def _ranks(group: list[QuarterStatus]) -> list[tuple[QuarterStatus, int]]:
    ordered = sorted(group, key=lambda row: (-row.completeness, row.region_code))
    ranked: list[tuple[QuarterStatus, int]] = []
    for position, row in enumerate(ordered, start=1):
        same = ranked and ranked[-1][0].completeness == row.completeness
        ranked.append((row, ranked[-1][1] if same else position))
    return ranked


@dataclass
class TeamWarning:
    """Something about a Tim Penerapan SPM that explains a recurring problem."""

    kind: str  # decree_expired | decree_missing | vacant_role | role_across_agencies
    message: str


def team_warnings(
    decree: models.TeamDecree | None, members: Sequence[models.TeamMember], as_of: date
) -> list[TeamWarning]:
    """Warnings for a region's latest decree on ``as_of``: past its validity, a role whose holders all
    left with no successor, and one person holding a role for several OPDs."""
    if decree is None:
        return [TeamWarning("decree_missing", "No decree of a Tim Penerapan SPM is recorded.")]
    warnings = []
    if decree.valid_until is not None and decree.valid_until < as_of:
        warnings.append(
            TeamWarning("decree_expired", f"Decree {decree.number} was valid until {decree.valid_until.isoformat()}.")
        )
    holders: dict[str, list[models.TeamMember]] = defaultdict(list)
    for member in members:
        holders[member.role].append(member)
    for role, people in sorted(holders.items()):
        if all(person.member_to is not None and person.member_to < as_of for person in people):
            left = ", ".join(sorted({person.name for person in people}))
            warnings.append(TeamWarning("vacant_role", f"Role {role!r}: {left} left and no successor is recorded."))
        agencies: dict[str, set[str]] = defaultdict(set)
        for person in people:
            if person.agency:
                agencies[person.name].add(person.agency)
        for name, held in sorted(agencies.items()):
            if len(held) > 1:
                listed = ", ".join(sorted(held))
                message = f"{name} holds role {role!r} for {len(held)} OPDs: {listed}."
                warnings.append(TeamWarning("role_across_agencies", message))
    return warnings
