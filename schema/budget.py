"""Budget lines, the budget behind each SPM service, and aggregates with group-by computed in SQL."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from hub.analytics import aggregate
from hub.analytics.budget import ServiceBudget as ServiceBudgetRow
from hub.listing import filters
from schema import ingest, lazy
from schema.info import Info
from schema.lazy import IngestRunType, RegionType, SpmServiceType
from schema.loaders import existing
from schema.pagination import as_filter, filter_input, list_field
from schema.rows import FromRow


@strawberry.type
class BudgetLine(FromRow):
    """One planned (and possibly realised) amount of a region's budget (exact rupiah, as strings)."""

    id: int
    region_code: str
    fiscal_year: int
    stage: str
    line_key: str
    agency_code: str | None
    agency_name: str | None
    sub_activity_code: str
    sub_activity_known: bool
    account_code: str | None
    funding_source_code: str | None
    package_name: str | None
    planned_amount: Decimal
    realised_amount: Decimal | None
    run_id: strawberry.Private[int]

    @strawberry.field
    async def region(self, info: Info) -> RegionType:
        return lazy.Region.from_model(existing(await info.context.loaders.region.load(self.region_code)))

    @strawberry.field(description="The ingest run that loaded this line.")
    async def run(self, info: Info) -> IngestRunType | None:
        return await ingest.load_run(info, self.run_id)


@strawberry.interface(
    description="The budget lines linked to one service: linked amounts count each line in full "
    "(a line linked to several services counts in each); attributed amounts count its "
    "share under attributionRule and add up across services (exact rupiah)."
)
class BudgetAmounts:
    """The linked and attributed amounts of ``hub.analytics.attribution``, with their meaning."""

    line_count: int = strawberry.field(description="Budget lines linked to the service, each counted once.")
    shared_line_count: int = strawberry.field(
        description="Linked lines whose sub kegiatan is also linked to other services (their share is less than 1)."
    )
    sub_activity_count: int = strawberry.field(description="Distinct sub kegiatan codes of the linked lines.")
    linked_planned: Decimal = strawberry.field(
        description="Full planned amount of the linked lines. A line linked to several services counts in full in "
        "each: answers 'where is money that touches this service'; do not add it across services."
    )
    linked_realised: Decimal | None = strawberry.field(
        description="Full realised amount of the linked lines (null when none has one); not additive across services."
    )
    attributed_planned: Decimal = strawberry.field(
        description="Planned amount attributed to the service: each linked line times the service's share under "
        "attributionRule (shares of a line add up to 1), rounded to the sen. Adds up across services, "
        "urusan and regions without counting a line twice."
    )
    attributed_realised: Decimal | None = strawberry.field(
        description="Realised amount attributed like attributedPlanned (null when no linked line has one)."
    )
    attribution_rule: str = strawberry.field(
        description="How shared lines were divided between services: EQUAL_SPLIT (equally between the services of "
        "the region's level linked to the sub kegiatan) or SERVICE_WEIGHTS; set in "
        "hub/reference/budget_attribution.toml."
    )


@strawberry.type(description=ServiceBudgetRow.__doc__)
class ServiceBudget(BudgetAmounts, ServiceBudgetRow):
    """The hub's ServiceBudget with the service and realisation rate."""

    @classmethod
    def from_row(cls, row: ServiceBudgetRow) -> ServiceBudget:
        return cls(**vars(row))

    @strawberry.field(deprecation_reason="Use linkedPlanned (or attributedPlanned to add across services).")
    def planned(self) -> Decimal:
        return self.linked_planned

    @strawberry.field(deprecation_reason="Use linkedRealised (or attributedRealised to add across services).")
    def realised(self) -> Decimal | None:
        return self.linked_realised

    @strawberry.field(description="Linked realised / linked planned x 100 (null without realisation or plan).")
    def realisation_pct(self) -> Decimal | None:
        if self.linked_realised is None or not self.linked_planned:
            return None
        return (self.linked_realised / self.linked_planned * 100).quantize(Decimal("0.01"))

    @strawberry.field
    async def service(self, info: Info) -> SpmServiceType:
        return lazy.SpmService.from_model(existing(await info.context.loaders.service.load(self.service_code)))


BudgetLineFilter = filter_input("budget-lines")

BudgetGroupBy = strawberry.enum(
    aggregate.BudgetGroup, name="BudgetGroupBy", description="Group budget lines by these keys."
)


@strawberry.type
class BudgetGroupKey:
    """The values of the group-by keys for one group (null for keys not grouped by)."""

    region_code: str | None = None
    fiscal_year: int | None = None
    field_code: str | None = None
    service_code: str | None = None
    sub_activity_prefix: str | None = None
    funding_source_code: str | None = None


@strawberry.type
class BudgetGroup:
    """Count, sums and average planned amount of one group (exact rupiah)."""

    key: BudgetGroupKey
    line_count: int
    planned_sum: Decimal = strawberry.field(
        description="Sum of the group's lines. Grouped by service: the linked (full) amount, not additive across "
        "services; grouped by urusan: each line once per urusan."
    )
    realised_sum: Decimal | None
    planned_avg: Decimal | None
    attributed_planned_sum: Decimal | None = strawberry.field(
        description="Grouped by service or urusan: the planned amount attributed to the group under attributionRule, "
        "additive across groups; null otherwise."
    )
    attributed_realised_sum: Decimal | None = strawberry.field(
        description="Grouped by service or urusan: the attributed realised amount; null otherwise or without one."
    )
    attribution_rule: str | None = strawberry.field(
        description="Grouped by service or urusan: the rule that divided shared lines (e.g. EQUAL_SPLIT)."
    )

    @classmethod
    def from_row(cls, row: aggregate.GroupRow) -> BudgetGroup:
        shared = row.attributed
        return cls(
            key=BudgetGroupKey(**row.key),
            line_count=row.count,
            planned_sum=row.planned,
            realised_sum=row.realised,
            planned_avg=row.planned_avg,
            attributed_planned_sum=shared.attributed_planned if shared else None,
            attributed_realised_sum=shared.attributed_realised if shared else None,
            attribution_rule=shared.attribution_rule if shared else None,
        )


@strawberry.type
class BudgetQuery:
    """Budget root fields."""

    budget_lines = list_field(
        "budget-lines", BudgetLine, order="Budget", description="Budget lines, filtered and paginated."
    )

    @strawberry.field(
        description="Sums, counts and averages of budget lines grouped in SQL. Grouping by service or "
        "urusan keeps only lines linked (approved) to an SPM service: a line serving two "
        "services counts in full in each service (plannedSum) and by its share in "
        "attributedPlannedSum; an urusan counts each line once. subActivitySegments sets "
        "the prefix depth (1..6)."
    )
    async def budget_aggregate(
        self,
        info: Info,
        group_by: list[BudgetGroupBy],  # type: ignore[valid-type]
        filter: BudgetLineFilter | None = None,  # type: ignore[valid-type]  # an input type built from DATASETS
        sub_activity_segments: int = 3,
    ) -> list[BudgetGroup]:
        rows = await aggregate.budget_groups(
            info.context.db, as_filter(filters.BudgetLineFilter, filter), list(group_by), segments=sub_activity_segments
        )
        return [BudgetGroup.from_row(row) for row in rows]
