"""Budget per recipient: per region, year and service, the entitled recipients next to the budget
of the sub kegiatan linked to the service by an APPROVED ServiceLink.

Counting rules (also in docs/need-and-mappings.md):
- recipients: the population-based entitled count for age-defined services; otherwise the
  region's reported annual target (latest quarter); otherwise unknown.
- one budget stage per region and year, so a line is never counted twice across stages: the
  ``stage`` asked for, else the most final stage loaded (``hub.analytics.budget.STAGE_ORDER``).
- the linked and attributed amounts follow ``hub.analytics.attribution`` (approved links only; every
  edition unless ``edition`` names one); budget per recipient divides the **attributed** amount, so
  a line shared by several services is spent once across them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from sqlmodel import col, select

from hub.analytics import attribution
from hub.analytics.attribution import SEN, ServiceAmounts
from hub.analytics.budget import STAGE_ORDER, effective_lines
from hub.analytics.need import latest_targets_plan, need_plan, region_level_plan
from hub.analytics.plan import Plan
from hub.core.errors import NotFound
from hub.models import BudgetLine, SpmService


@dataclass
class BudgetRow(ServiceAmounts):
    """One service's recipients and budget (linked and attributed) in one region and year."""

    region_code: str
    year: int
    service_code: str
    service_name: str
    recipients: int | None
    recipients_source: str  # population | reported_target | unknown
    stage: str | None
    planned_per_recipient: Decimal | None  # attributed planned / recipients
    realised_per_recipient: Decimal | None  # attributed realised / recipients

    @property
    def no_budget(self) -> bool:
        """Recipients are entitled but no approved-linked budget line funds the service."""
        return bool(self.recipients) and self.linked_planned == 0


def budget_plan(
    region_code: str, year: int, *, stage: str | None = None, edition: str | None = None
) -> Plan[list[BudgetRow]]:
    """Budget per recipient for every service of the region's level.

    Raises:
        NotFound: unknown region, or ``stage`` names a stage with no lines for the region and year.
    """
    level = yield from region_level_plan(region_code)
    services = yield (
        select(SpmService.code, SpmService.name).where(SpmService.level == level).order_by(col(SpmService.ordinal))
    )
    recipients = yield from _recipients_plan(region_code, year)
    stages = yield (
        select(BudgetLine.stage).distinct().where(BudgetLine.region_code == region_code, BudgetLine.fiscal_year == year)
    )
    chosen = _choose_stage(stage, set(stages))
    rule = attribution.load_rule()
    found: dict[tuple[str, ...], ServiceAmounts] = {}
    if chosen:
        lines = effective_lines(year, region_codes=[region_code], stage=chosen)
        share = attribution.shares(rule, statuses=("approved",), edition=edition)
        found = attribution.collect((yield attribution.sums(lines, share, [share.c.service_code])), keys=1, rule=rule)
    none = ServiceAmounts.empty(rule)
    rows = []
    for code, name in services:
        amounts = found.get((code,), none)
        count, source = recipients.get(code, (None, "unknown"))
        realised = amounts.attributed_realised
        rows.append(
            BudgetRow(
                **vars(amounts),
                region_code=region_code,
                year=year,
                service_code=code,
                service_name=name,
                recipients=count,
                recipients_source=source,
                stage=chosen,
                planned_per_recipient=_per(amounts.attributed_planned, count),
                realised_per_recipient=None if realised is None else _per(realised, count),
            )
        )
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
    return next((s for s in reversed(STAGE_ORDER) if s in loaded), min(loaded) if loaded else None)


def _per(amount: Decimal, recipients: int | None) -> Decimal | None:
    return (amount / recipients).quantize(SEN, ROUND_HALF_EVEN) if recipients else None
