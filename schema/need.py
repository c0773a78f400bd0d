"""Recipient need (penghitungan kebutuhan) and budget per recipient, read-only and self-contained."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from hub.analytics.need import NeedRow, need_plan
from hub.analytics.plan import run_async
from hub.analytics.spending import BudgetRow, budget_plan
from schema.budget import BudgetAmounts
from schema.info import Info


@strawberry.type(
    description="Entitled recipients of one age-defined service in one area, with the region's "
    "target; status is ok, over_target, under_target, no_target or not_compared."
)
class RecipientNeed(NeedRow):
    @strawberry.field(description="The target differs from the entitled count beyond the tolerance.")
    def flagged(self) -> bool:
        return bool(super().flagged)


@strawberry.type(
    description="A service's recipients and the budget of its approved-linked sub kegiatan (rupiah); "
    "per recipient divides the attributed amounts."
)
class BudgetPerRecipient(BudgetAmounts, BudgetRow):
    @strawberry.field(description="Recipients are entitled but no approved-linked budget funds the service.")
    def no_budget(self) -> bool:
        return bool(super().no_budget)

    @strawberry.field(deprecation_reason="Use attributedPlanned.")
    def planned(self) -> Decimal:
        return self.attributed_planned

    @strawberry.field(deprecation_reason="Use attributedRealised.")
    def realised(self) -> Decimal | None:
        return self.attributed_realised

    @strawberry.field(deprecation_reason="Use lineCount.")
    def lines(self) -> int:
        return self.line_count

    @strawberry.field(deprecation_reason="Use sharedLineCount.")
    def shared_lines(self) -> int:
        return self.shared_line_count


@strawberry.type
class NeedQuery:
    """Recipient-need root fields."""

    @strawberry.field(
        description="Entitled recipients per age-defined service from population by single year "
        "of age, compared with the region's reported target (tolerancePct default: settings)."
    )
    async def recipient_need(
        self,
        info: Info,
        region_code: str,
        year: int,
        tolerance_pct: float | None = None,
        by: str = "region",
        district: str | None = None,
        village: str | None = None,
    ) -> list[RecipientNeed]:
        tolerance = info.context.settings.need_tolerance_pct if tolerance_pct is None else tolerance_pct
        rows = await run_async(
            info.context.db,
            need_plan(region_code, year, tolerance_pct=tolerance, by=by, district=district, village=village),
        )
        return [RecipientNeed(**row.__dict__) for row in rows]

    @strawberry.field(
        description="Per service: recipients, linked and attributed budget (planned and realised) and "
        "attributed budget per recipient; noBudget marks services with recipients but no linked budget."
    )
    async def budget_per_recipient(
        self, info: Info, region_code: str, year: int, stage: str | None = None, edition: str | None = None
    ) -> list[BudgetPerRecipient]:
        rows = await run_async(info.context.db, budget_plan(region_code, year, stage=stage, edition=edition))
        return [BudgetPerRecipient(**row.__dict__) for row in rows]
