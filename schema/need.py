"""Recipient need (penghitungan kebutuhan) and budget per recipient, read-only and self-contained."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from hub.workbench.need import NeedRow, need_plan
from hub.workbench.plan import run_async
from hub.workbench.spending import BudgetRow, budget_plan
from schema.info import Info


@strawberry.type
class RecipientNeed:
    """Entitled recipients of one age-defined service in one area, with the region's target."""

    region_code: str
    year: int
    service_code: str
    service_name: str
    bands: str
    district: str | None
    village: str | None
    male: int
    female: int
    entitled: int
    targeted: int | None
    target_quarter: int | None
    difference: int | None
    difference_pct: float | None
    status: str = strawberry.field(description="ok, over_target, under_target, no_target or not_compared")
    flagged: bool

    @classmethod
    def from_row(cls, row: NeedRow) -> RecipientNeed:
        return cls(**row.__dict__, flagged=row.flagged)


@strawberry.type
class BudgetPerRecipient:
    """A service's recipients and the budget of its approved-linked sub kegiatan (amounts in rupiah)."""

    region_code: str
    year: int
    service_code: str
    service_name: str
    recipients: int | None
    recipients_source: str
    stage: str | None
    planned: Decimal
    realised: Decimal | None
    lines: int
    shared_lines: int
    planned_per_recipient: Decimal | None
    realised_per_recipient: Decimal | None
    no_budget: bool

    @classmethod
    def from_row(cls, row: BudgetRow) -> BudgetPerRecipient:
        return cls(**row.__dict__, no_budget=row.no_budget)


@strawberry.type
class NeedQuery:
    """Recipient-need root fields."""

    @strawberry.field(description="Entitled recipients per age-defined service from population by single year "
                      "of age, compared with the region's reported target (tolerancePct default: settings).")
    async def recipient_need(self, info: Info, region_code: str, year: int, tolerance_pct: float | None = None,
                             by: str = "region", district: str | None = None,
                             village: str | None = None) -> list[RecipientNeed]:
        tolerance = info.context.settings.need_tolerance_pct if tolerance_pct is None else tolerance_pct
        rows = await run_async(info.context.db, need_plan(region_code, year, tolerance_pct=tolerance, by=by,
                                                          district=district, village=village))
        return [RecipientNeed.from_row(row) for row in rows]

    @strawberry.field(description="Per service: recipients, linked budget (planned and realised) and budget per "
                      "recipient; noBudget marks services with recipients but no linked budget.")
    async def budget_per_recipient(self, info: Info, region_code: str, year: int, stage: str | None = None,
                                   edition: str | None = None) -> list[BudgetPerRecipient]:
        rows = await run_async(info.context.db, budget_plan(region_code, year, stage=stage, edition=edition))
        return [BudgetPerRecipient.from_row(row) for row in rows]
