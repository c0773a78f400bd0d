"""Budget coverage of SPM services: which sub kegiatan serve a service (through links), how much
each region planned and realised on them in a year, and which services have no budget at all.

Decisions (documented in docs/graphql.md):
- Only **approved** links count by default: a proposed link is an unreviewed claim. Callers may
  pass ``include_proposed=True`` to preview coverage with proposals (never rejected links).
- A link matches budget lines by sub kegiatan **code**, whatever the edition the linked node belongs
  to; the same code linked in two editions counts once.
- Stages are alternatives, not additions: unless a stage is asked for, each region-year uses its
  most advanced stage present (``STAGE_ORDER``), so murni and perubahan are never summed together.
- A budget line serving two services counts in full for each of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Subquery, and_, case, func
from sqlmodel import select

from hub import models
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
        query = query.where(line.region_code.in_(region_codes))  # type: ignore[attr-defined]
    if stage is not None:
        return query.where(line.stage == stage).subquery("lines")
    rank = case({name: index for index, name in enumerate(STAGE_ORDER)}, value=line.stage, else_=-1)
    best = select(line.region_code, func.max(rank).label("rank")).where(line.fiscal_year == year)
    if region_codes is not None:
        best = best.where(line.region_code.in_(region_codes))  # type: ignore[attr-defined]
    best_sq = best.group_by(line.region_code).subquery("best_stage")
    return query.join(best_sq, and_(best_sq.c.region_code == line.region_code, best_sq.c.rank == rank)).subquery("lines")


def linked_codes(include_proposed: bool = False) -> Subquery:
    """Distinct (service_code, sub kegiatan code) pairs of counting links."""
    link, node = models.ServiceLink, models.NomenclatureNode
    return (select(link.service_code, node.code).distinct()
            .join(node, node.id == link.node_id)  # type: ignore[arg-type]
            .where(link.status.in_(link_statuses(include_proposed)))  # type: ignore[attr-defined]
            .subquery("linked"))


def as_line(row: Any) -> models.BudgetLine:
    """A BudgetLine built from a result row holding its columns (e.g. from ``effective_lines``)."""
    values = row._mapping
    return models.BudgetLine(**{name: values[name] for name in models.BudgetLine.model_fields})


@dataclass
class ServiceBudget:
    """What one region planned and realised in one year on the sub kegiatan linked to one service."""

    region_code: str
    service_code: str
    line_count: int
    sub_activity_count: int
    planned: Decimal
    realised: Decimal | None


async def coverage(db: Reader, *, year: int, region_codes: Sequence[str], stage: str | None = None,
                   include_proposed: bool = False) -> dict[tuple[str, str], ServiceBudget]:
    """Sums per (region, service) in one statement; services without lines are absent."""
    lines, linked = effective_lines(year, region_codes=region_codes, stage=stage), linked_codes(include_proposed)
    rows = await db.all(
        select(lines.c.region_code, linked.c.service_code, func.count(lines.c.id),
               func.count(lines.c.sub_activity_code.distinct()), func.sum(lines.c.planned_amount),
               func.sum(lines.c.realised_amount))
        .join(linked, linked.c.code == lines.c.sub_activity_code)
        .group_by(lines.c.region_code, linked.c.service_code))
    return {(region, service): ServiceBudget(region, service, count, subs, planned or Decimal("0.00"), realised)
            for region, service, count, subs, planned, realised in rows}


def lines_statement(*, year: int, region_codes: Sequence[str], stage: str | None = None,
                    include_proposed: bool = False) -> Any:
    """(service_code, BudgetLine columns...): every line behind an SPM service in the regions."""
    lines, linked = effective_lines(year, region_codes=region_codes, stage=stage), linked_codes(include_proposed)
    return (select(linked.c.service_code, lines)
            .join(linked, linked.c.code == lines.c.sub_activity_code)
            .order_by(lines.c.region_code, lines.c.sub_activity_code, lines.c.id))


async def unbudgeted(db: Reader, *, year: int, region_codes: Sequence[str], stage: str | None = None,
                     include_proposed: bool = False) -> dict[str, list[str]]:
    """For each region, the codes of the services of its level with no planned amount > 0."""
    covered = await coverage(db, year=year, region_codes=region_codes, stage=stage, include_proposed=include_proposed)
    region, service = models.Region, models.SpmService
    rows = await db.all(select(region.code, service.code)
                        .join(service, service.level == region.government_level)  # type: ignore[arg-type]
                        .where(region.code.in_(region_codes))  # type: ignore[attr-defined]
                        .order_by(region.code, service.ordinal))
    result: dict[str, list[str]] = {code: [] for code in region_codes}
    for region_code, service_code in rows:
        budget = covered.get((region_code, service_code))
        if budget is None or budget.planned <= 0:
            result[region_code].append(service_code)
    return result
