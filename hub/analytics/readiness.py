"""Data readiness per region and year: are the data sets assistance needs present, complete and valid?

Three components, each a fraction in [0, 1], and the score is their mean x 100 (each data set counts
the same, whatever its number of items):
- reports: one per service of the region's level and quarter 1..``through_quarter``; a report counts
  when present and complete (it has mutu items);
- budget: at least one budget line for the year, with every sub kegiatan code known;
- mappings: each service of the level has at least one approved link (links are national).
Four statements for any number of regions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import case, func
from sqlmodel import select

from hub import models
from hub.analytics.scheme import HUNDRED, Reader


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


async def readiness(
    db: Reader, *, year: int, region_codes: Sequence[str], through_quarter: int = 4
) -> dict[str, Readiness]:
    """Readiness of each region in ``region_codes`` (unknown codes are absent)."""
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
    return {
        code: _assess(code, year, codes, present, budget.get(code), mapped, through_quarter)
        for code, codes in services_of.items()
    }


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
