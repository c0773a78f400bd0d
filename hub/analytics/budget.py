"""Budget coverage of SPM services: which sub kegiatan serve a service (through links), how much
each region planned and realised on them in a year, and which services have no budget at all.

Decisions (documented in docs/graphql.md):
- Only **approved** links count by default: a proposed link is an unreviewed claim. Callers may
  pass ``include_proposed=True`` to preview coverage with proposals (never rejected links).
- Which lines reach a service, and the linked (full) and attributed (shared) amounts, follow the
  one rule of ``hub.analytics.attribution``.
- Stages are alternatives, not additions: unless a stage is asked for, each region-year uses its
  most advanced stage present (``STAGE_ORDER``), so murni and perubahan are never summed together.
- A service is budgeted when its linked lines plan more than zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Subquery, and_, case, func
from sqlmodel import select

from hub import models
from hub.analytics import attribution
from hub.analytics.attribution import ServiceAmounts
from hub.analytics.scheme import Reader

STAGE_ORDER = ("pagu_indikatif", "rka", "murni", "dpa", "perubahan")


def link_statuses(include_proposed: bool) -> tuple[str, ...]:
    """The link statuses that count as coverage."""
    return ("approved", "proposed") if include_proposed else ("approved",)


def effective_lines(year: int, *, region_codes: Sequence[str] | None = None, stage: str | None = None) -> Subquery:
    """Budget lines of ``year`` (for ``region_codes`` if given) at ``stage``, or at each region's most
    advanced stage present."""
    line = models.BudgetLine
    query = select(line).where(line.fiscal_year == year)
    if region_codes is not None:
        query = query.where(line.region_code.in_(region_codes))
    if stage is not None:
        return query.where(line.stage == stage).subquery("lines")
    rank = case({name: index for index, name in enumerate(STAGE_ORDER)}, value=line.stage, else_=-1)
    best = select(line.region_code, func.max(rank).label("rank")).where(line.fiscal_year == year)
    if region_codes is not None:
        best = best.where(line.region_code.in_(region_codes))
    best_sq = best.group_by(line.region_code).subquery("best_stage")
    return query.join(best_sq, and_(best_sq.c.region_code == line.region_code, best_sq.c.rank == rank)).subquery(
        "lines"
    )


def as_line(row: Any) -> models.BudgetLine:
    """A BudgetLine built from a result row holding its columns (e.g. from ``effective_lines``)."""
    values = row._mapping
    return models.BudgetLine(**{name: values[name] for name in models.BudgetLine.model_fields})


@dataclass
class ServiceBudget(ServiceAmounts):
    """What one region planned and realised in one year on the sub kegiatan linked to one service."""

    region_code: str
    service_code: str


async def coverage(
    db: Reader, *, year: int, region_codes: Sequence[str], stage: str | None = None, include_proposed: bool = False
) -> dict[tuple[str, str], ServiceBudget]:
    """Amounts per (region, service) in one statement; services without lines are absent."""
    rule = attribution.load_rule()
    lines = effective_lines(year, region_codes=region_codes, stage=stage)
    share = attribution.shares(rule, statuses=link_statuses(include_proposed))
    rows = await db.all(attribution.sums(lines, share, [lines.c.region_code, share.c.service_code]))
    return {
        (region, service): ServiceBudget(**vars(amounts), region_code=region, service_code=service)
        for (region, service), amounts in attribution.collect(rows, keys=2, rule=rule).items()
    }


def lines_statement(
    *, year: int, region_codes: Sequence[str], stage: str | None = None, include_proposed: bool = False
) -> Any:
    """(service_code, BudgetLine columns...): every line behind an SPM service in the regions."""
    lines = effective_lines(year, region_codes=region_codes, stage=stage)
    share = attribution.shares(attribution.load_rule(), statuses=link_statuses(include_proposed))
    return attribution.reached(select(share.c.service_code, lines), lines, share).order_by(
        lines.c.region_code, lines.c.sub_activity_code, lines.c.id
    )


async def unbudgeted(
    db: Reader, *, year: int, region_codes: Sequence[str], stage: str | None = None, include_proposed: bool = False
) -> dict[str, list[str]]:
    """For each region, the codes of the services of its level with no planned amount > 0."""
    covered = await coverage(db, year=year, region_codes=region_codes, stage=stage, include_proposed=include_proposed)
    region, service = models.Region, models.SpmService
    rows = await db.all(
        select(region.code, service.code)
        .join(service, service.level == region.government_level)
        .where(region.code.in_(region_codes))
        .order_by(region.code, service.ordinal)
    )
    result: dict[str, list[str]] = {code: [] for code in region_codes}
    for region_code, service_code in rows:
        budget = covered.get((region_code, service_code))
        if budget is None or budget.linked_planned <= 0:
            result[region_code].append(service_code)
    return result
