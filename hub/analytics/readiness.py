"""Data readiness per region and year: are the data sets assistance needs present, complete and valid?

Seven components, each a fraction in [0, 1], and the score is their mean x 100 (each counts the
same, whatever its number of items):
- reports: one per service of the region's level and quarter 1..``through_quarter``; a report counts
  when present and complete (it has mutu items);
- budget: at least one budget line for the year, with every sub kegiatan code known;
- mappings: each service of the level has at least one approved link (links are national);
- stages: the four stages of each urusan done this year (e-SPM cycle);
- plan: the year's Rencana Aksi has a document or at least one action;
- team: the latest Tim Penerapan SPM decree is valid on the last day of quarter ``through_quarter``;
- timeliness: quarters 1..``through_quarter`` first submitted by their deadline (reporting calendar).
Nine statements for any number of regions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import ColumnElement, case, func, or_, true
from sqlmodel import col, select

from hub import models
from hub.analytics.cycle import load_rules, timeliness
from hub.analytics.scheme import HUNDRED, Reader
from hub.core.vocabulary import STAGES


@dataclass
class Gap:
    """One missing or incomplete item: ``dataset`` is reports, budget or mappings."""

    dataset: str
    problem: str
    service_code: str | None = None
    quarter: int | None = None


@dataclass
class Readiness:
    """A region-year's readiness: component fractions (0..1), the score (0..100) and the gaps."""

    region_code: str
    year: int
    reports: Decimal
    budget: Decimal
    mappings: Decimal
    score: Decimal
    gaps: list[Gap] = field(default_factory=list)
    stages: Decimal = Decimal(0)
    plan: Decimal = Decimal(0)
    team: Decimal = Decimal(0)
    timeliness: Decimal = Decimal(0)


async def readiness(
    db: Reader,
    *,
    year: int,
    region_codes: Sequence[str],
    through_quarter: int = 4,
    readable: ColumnElement[bool] | None = None,
) -> dict[str, Readiness]:
    """Readiness of each region in ``region_codes`` (unknown codes are absent), counting only the
    reports the ``readable`` condition admits (``hub.access.auth.readable``: a caller's own, or published)."""
    region, service, report, mutu = models.Region, models.SpmService, models.AchievementReport, models.MutuFulfilment
    expected = await db.all(
        select(region.code, service.code)
        .join(service, service.level == region.government_level)
        .where(region.code.in_(region_codes))
        .order_by(region.code, service.ordinal)
    )
    mutu_count = select(mutu.report_id, func.count().label("item_count")).group_by(mutu.report_id).subquery()
    present = {
        (r, s, q): items or 0
        for r, s, q, items in await db.all(
            select(report.region_code, report.service_code, report.quarter, mutu_count.c.item_count)
            .outerjoin(mutu_count, mutu_count.c.report_id == report.id)
            .where(report.year == year, report.quarter <= through_quarter, report.region_code.in_(region_codes))
            .where(true() if readable is None else readable)
        )
    }
    line = models.BudgetLine
    budget = {
        r: (n, unknown or 0)
        for r, n, unknown in await db.all(
            select(line.region_code, func.count(), func.sum(case((line.sub_activity_known.is_(False), 1), else_=0)))
            .where(line.fiscal_year == year, line.region_code.in_(region_codes))
            .group_by(line.region_code)
        )
    }
    mapped = set(
        await db.all(select(models.ServiceLink.service_code).distinct().where(models.ServiceLink.status == "approved"))
    )
    services_of: dict[str, list[str]] = defaultdict(list)
    for region_code, service_code in expected:
        services_of[region_code].append(service_code)
    cycle = await _cycle(db, year, region_codes, through_quarter)
    found = {
        code: _assess(code, year, codes, present, budget.get(code), mapped, through_quarter)
        for code, codes in services_of.items()
    }
    for code, result in found.items():
        _add_cycle(result, cycle, code, through_quarter)
    return found


@dataclass
class _Cycle:
    """What the e-SPM cycle tables say, per region."""

    stage_slots: int
    stages_done: dict[str, int]
    with_plan: set[str]
    decrees: dict[str, tuple[str, date | None]]  # latest decree: number, valid until
    on_time: dict[str, list[int]]
    as_of: date


async def _cycle(db: Reader, year: int, region_codes: Sequence[str], through_quarter: int) -> _Cycle:
    stage, plan, action = models.StageRecord, models.ActionPlan, models.PlanAction
    done = await db.all(
        select(stage.region_code, func.count())
        .where(stage.year == year, stage.status == "done", col(stage.region_code).in_(region_codes))
        .group_by(stage.region_code)
    )
    fields = await db.all(select(func.count()).select_from(models.SpmField))
    plans = await db.all(
        select(plan.region_code)
        .where(
            plan.year == year,
            col(plan.region_code).in_(region_codes),
            or_(col(plan.document_ref).is_not(None), col(plan.id).in_(select(action.plan_id))),
        )
        .distinct()
    )
    decree = models.TeamDecree
    decrees: dict[str, tuple[str, date | None]] = {}
    for code, number, valid_until in await db.all(
        select(decree.region_code, decree.number, col(decree.valid_until))
        .where(col(decree.region_code).in_(region_codes))
        .order_by(col(decree.decreed_on), col(decree.id))
    ):
        decrees[code] = (number, valid_until)  # the latest decree wins
    deadlines = {
        int(period[1]): due
        for period, due in await db.all(
            select(models.ReportingDeadline.period, models.ReportingDeadline.due_on).where(
                models.ReportingDeadline.year == year, col(models.ReportingDeadline.period).like("Q%")
            )
        )
    }
    submission = models.QuarterSubmission
    on_time: dict[str, list[int]] = defaultdict(list)
    rules = load_rules()
    for code, quarter, first in await db.all(
        select(submission.region_code, submission.quarter, submission.first_submitted_at).where(
            submission.year == year,
            submission.quarter <= through_quarter,
            col(submission.region_code).in_(region_codes),
        )
    ):
        if timeliness(deadlines.get(quarter), first, date.max, rules.timezone)[0] == "on_time":
            on_time[code].append(quarter)
    end_month = through_quarter * 3
    as_of = date(year + end_month // 12, end_month % 12 + 1, 1) - timedelta(days=1)
    slots = (fields[0] if fields else 0) * len(STAGES)
    return _Cycle(slots, dict(done), set(plans), decrees, on_time, as_of)


def _add_cycle(result: Readiness, cycle: _Cycle, code: str, through_quarter: int) -> None:
    """Fill the cycle components and their gaps, and recompute the score over all seven."""
    done = cycle.stages_done.get(code, 0)
    result.stages = Decimal(min(done, cycle.stage_slots)) / cycle.stage_slots if cycle.stage_slots else Decimal(1)
    if result.stages < 1:
        result.gaps.append(Gap("stages", f"{done} of {cycle.stage_slots} urusan x stage done"))
    result.plan = Decimal(code in cycle.with_plan)
    if not result.plan:
        result.gaps.append(Gap("plan", "no Rencana Aksi (document or actions) for the year"))
    number, valid_until = cycle.decrees.get(code, (None, None))
    valid = number is not None and (valid_until is None or valid_until >= cycle.as_of)
    result.team = Decimal(valid)
    if number is None:
        result.gaps.append(Gap("team", "no Tim Penerapan SPM decree"))
    elif not valid:
        result.gaps.append(Gap("team", f"decree {number} expired on {valid_until}"))
    timely = cycle.on_time.get(code, [])
    result.timeliness = Decimal(len(timely)) / through_quarter if through_quarter > 0 else Decimal(1)
    result.gaps.extend(
        Gap("timeliness", "not submitted by the deadline", quarter=q)
        for q in range(1, through_quarter + 1)
        if q not in timely
    )
    parts = (result.reports, result.budget, result.mappings, result.stages, result.plan, result.team, result.timeliness)
    result.score = sum(parts, Decimal(0)) / len(parts) * HUNDRED


def _assess(
    region_code: str,
    year: int,
    services: list[str],
    present: dict[tuple[str, str, int], int],
    budget: tuple[int, int] | None,
    mapped: set[str],
    through_quarter: int,
) -> Readiness:
    gaps: list[Gap] = []
    complete = 0
    for service_code in services:
        for quarter in range(1, through_quarter + 1):
            items = present.get((region_code, service_code, quarter))
            if items is None:
                gaps.append(Gap("reports", "missing", service_code, quarter))
            elif items == 0:
                gaps.append(Gap("reports", "no mutu items", service_code, quarter))
            else:
                complete += 1
    expected_reports = len(services) * through_quarter
    reports = Decimal(complete) / expected_reports if expected_reports else Decimal(1)
    if budget is None:
        gaps.append(Gap("budget", f"no budget lines for {year}"))
        budget_fraction = Decimal(0)
    elif budget[1]:
        gaps.append(Gap("budget", f"{budget[1]} of {budget[0]} lines have an unknown sub kegiatan code"))
        budget_fraction = Decimal(budget[0] - budget[1]) / budget[0]
    else:
        budget_fraction = Decimal(1)
    unmapped = [code for code in services if code not in mapped]
    gaps.extend(Gap("mappings", "no approved link to a sub kegiatan", code) for code in unmapped)
    mappings = Decimal(len(services) - len(unmapped)) / len(services) if services else Decimal(1)
    score = (reports + budget_fraction + mappings) / 3 * HUNDRED
    return Readiness(region_code, year, reports, budget_fraction, mappings, score, gaps)
