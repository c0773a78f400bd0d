"""Budget per recipient: per region, year and service, the entitled recipients next to the budget
of the sub kegiatan linked to the service by an APPROVED ServiceLink.

Counting rules (also in docs/need-and-mappings.md):
- recipients: the population-based entitled count for age-defined services; otherwise the
  region's reported annual target (latest quarter); otherwise unknown.
- one budget stage per region and year, so a line is never counted twice across stages: the
  ``stage`` asked for, else the most final stage loaded (``STAGE_PREFERENCE``).
- a budget line whose sub kegiatan is linked to several services of the region's level is split
  equally between them, so the services' budgets add up to the linked total (each share is
  exact; totals are rounded to the sen at the end).
- links of every nomenclature edition count unless ``edition`` names one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import func
from sqlmodel import col, select

from hub.errors import NotFound
from hub.models import BudgetLine, NomenclatureEdition, NomenclatureNode, ServiceLink, SpmService
from hub.workbench.need import latest_targets_plan, need_plan, region_level_plan
from hub.workbench.plan import Plan

STAGE_PREFERENCE = ("perubahan", "dpa", "murni", "rka", "pagu_indikatif")
SEN = Decimal("0.01")


@dataclass
class BudgetRow:
    """One service's recipients and linked budget in one region and year."""

    region_code: str
    year: int
    service_code: str
    service_name: str
    recipients: int | None
    recipients_source: str  # population | reported_target | unknown
    stage: str | None
    planned: Decimal
    realised: Decimal | None
    lines: int
    shared_lines: int  # lines whose amount was split with other services
    planned_per_recipient: Decimal | None
    realised_per_recipient: Decimal | None

    @property
    def no_budget(self) -> bool:
        """Recipients are entitled but no approved-linked budget line funds the service."""
        return bool(self.recipients) and self.planned == 0


def budget_plan(region_code: str, year: int, *, stage: str | None = None,
                edition: str | None = None) -> Plan[list[BudgetRow]]:
    """Budget per recipient for every service of the region's level.

    Raises:
        NotFound: unknown region, or ``stage`` names a stage with no lines for the region and year.
    """
    level = yield from region_level_plan(region_code)
    services = yield (select(SpmService.code, SpmService.name).where(SpmService.level == level)
                      .order_by(col(SpmService.ordinal)))
    recipients = yield from _recipients_plan(region_code, year)
    stages = yield (select(BudgetLine.stage).distinct()
                    .where(BudgetLine.region_code == region_code, BudgetLine.fiscal_year == year))
    chosen = _choose_stage(stage, set(stages))
    links = select(ServiceLink.service_code, NomenclatureNode.code).join(
        NomenclatureNode, col(NomenclatureNode.id) == col(ServiceLink.node_id)).join(
        SpmService, col(SpmService.code) == col(ServiceLink.service_code)).where(
        ServiceLink.status == "approved", SpmService.level == level).distinct()
    if edition:
        links = links.join(NomenclatureEdition, col(NomenclatureEdition.id) == col(NomenclatureNode.edition_id)
                           ).where(NomenclatureEdition.code == edition)
    services_of: dict[str, set[str]] = defaultdict(set)
    for service, code in (yield links):
        services_of[code].add(service)
    amounts: Sequence[tuple[str, Decimal | None, Decimal | None, int, int]] = []
    if chosen and services_of:
        amounts = yield (select(BudgetLine.sub_activity_code, func.sum(BudgetLine.planned_amount),
                                func.sum(BudgetLine.realised_amount), func.count(), func.count(BudgetLine.realised_amount))
                         .where(BudgetLine.region_code == region_code, BudgetLine.fiscal_year == year,
                                BudgetLine.stage == chosen, col(BudgetLine.sub_activity_code).in_(list(services_of)))
                         .group_by(BudgetLine.sub_activity_code))
    totals = _allocate(amounts, services_of)
    rows = []
    for code, name in services:
        total = totals.get(code, _Total())
        planned, realised = total.planned, total.realised
        count, source = recipients.get(code, (None, "unknown"))
        rows.append(BudgetRow(
            region_code=region_code, year=year, service_code=code, service_name=name, recipients=count,
            recipients_source=source, stage=chosen, planned=planned.quantize(SEN, ROUND_HALF_EVEN),
            realised=None if realised is None else realised.quantize(SEN, ROUND_HALF_EVEN), lines=total.lines,
            shared_lines=total.shared_lines, planned_per_recipient=_per(planned, count),
            realised_per_recipient=None if realised is None else _per(realised, count)))
    return rows


def _recipients_plan(region_code: str, year: int) -> Plan[dict[str, tuple[int, str]]]:
    targets = yield from latest_targets_plan(region_code, year)
    found = {code: (targeted, "reported_target") for code, (targeted, _quarter) in targets.items()}
    try:
        need = yield from need_plan(region_code, year, tolerance_pct=0)
    except NotFound:  # no population loaded: only reported targets are known
        need = []
    found.update({row.service_code: (row.entitled, "population") for row in need})
    return found


def _choose_stage(stage: str | None, loaded: set[str]) -> str | None:
    if stage:
        if stage not in loaded:
            raise NotFound(f"No budget lines of stage {stage!r}; loaded stages: {', '.join(sorted(loaded)) or 'none'}")
        return stage
    return next((s for s in STAGE_PREFERENCE if s in loaded), min(loaded) if loaded else None)


@dataclass
class _Total:
    planned: Decimal = Decimal(0)
    realised: Decimal | None = None
    lines: int = 0
    shared_lines: int = 0


def _allocate(amounts: Sequence[tuple[str, Decimal | None, Decimal | None, int, int]],
              services_of: dict[str, set[str]]) -> dict[str, _Total]:
    """Split each sub kegiatan's sums equally between the services it is linked to."""
    totals: dict[str, _Total] = defaultdict(_Total)
    for code, planned, realised, lines, realised_lines in amounts:
        share = len(services_of[code])
        for service in services_of[code]:
            total = totals[service]
            total.planned += Decimal(planned or 0) / share
            if realised_lines:
                total.realised = (total.realised or Decimal(0)) + Decimal(realised or 0) / share
            total.lines += lines
            total.shared_lines += lines if share > 1 else 0
    return totals


def _per(amount: Decimal, recipients: int | None) -> Decimal | None:
    return (amount / recipients).quantize(SEN, ROUND_HALF_EVEN) if recipients else None
