"""Budget lines, the budget behind each SPM service, and aggregates with group-by computed in SQL."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from hub.analytics import aggregate
from hub.analytics.budget import ServiceBudget as ServiceBudgetRow
from hub.core.errors import BadInput
from hub.ingest.writers import budget as budget_writer
from hub.listing import filters
from schema import ingest, lazy
from schema.info import Info
from schema.lazy import IngestRunType, RegionType, SpmServiceType
from schema.loaders import existing
from schema.nodes import Node
from schema.pagination import as_filter, filter_input, list_field
from schema.rows import FromRow


@strawberry.type
class BudgetLine(FromRow, Node):
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
    account_name: str | None = strawberry.field(description="The account's name as the budget file gives it.")
    funding_source_code: str | None
    funding_source_name: str | None = strawberry.field(
        description="The funding source's name as the budget file gives it."
    )
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


@strawberry.type(description="An account or funding-source code budgeted but held by no loaded chart.")
class FlaggedChartCode:
    chart: str
    code: str
    editions: list[str] = strawberry.field(description="The chart editions whose code shape the code has.")
    name: str | None = strawberry.field(description="The name the budget file gives the code.")
    line_count: int
    planned: Decimal


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

    @strawberry.field(description="Name of the region (grouped by region).")
    async def region_name(self, info: Info) -> str | None:
        row = await info.context.loaders.region.load(self.region_code) if self.region_code else None
        return row.name if row else None

    @strawberry.field(description="Name of the SPM urusan (grouped by urusan), e.g. Kesehatan.")
    async def field_name(self, info: Info) -> str | None:
        row = await info.context.loaders.spm_field.load(self.field_code) if self.field_code else None
        return row.name if row else None

    @strawberry.field(description="Name of the jenis pelayanan dasar (grouped by service).")
    async def service_name(self, info: Info) -> str | None:
        row = await info.context.loaders.service.load(self.service_code) if self.service_code else None
        return row.name if row else None

    @strawberry.field(
        description="Nomenclature name of the prefix (urusan, bidang, program, kegiatan or sub kegiatan) in the "
        "newest edition holding that code; null for a prefix that is no node (e.g. 4 segments)."
    )
    async def sub_activity_prefix_name(self, info: Info) -> str | None:
        prefix = self.sub_activity_prefix
        return await info.context.loaders.nomenclature_name.load(prefix) if prefix else None

    @strawberry.field(description="Name of the funding source, sumber dana (grouped by funding source).")
    async def funding_source_name(self, info: Info) -> str | None:
        code = self.funding_source_code
        row = await info.context.loaders.funding_source.load(code) if code else None
        return row.name if row else None


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

    @strawberry.field(
        description="Account (chart: accounts) or funding-source (chart: funding_sources) codes of the stored "
        "budget that no loaded chart holds, by the edition whose code shape they have."
    )
    async def unknown_chart_codes(
        self,
        info: Info,
        chart: str = "accounts",
        region_code: str | None = None,
        fiscal_year: int | None = None,
        stage: str | None = None,
    ) -> list[FlaggedChartCode]:
        if chart not in budget_writer.CHART_COLUMNS:
            raise BadInput(f"chart must be one of {sorted(budget_writer.CHART_COLUMNS)}")
        query = budget_writer.unknown_chart_codes_query(chart, region_code, fiscal_year, stage)
        found = budget_writer.flagged_codes(chart, await info.context.db.rows(query))
        return [
            FlaggedChartCode(
                chart=item.chart,
                code=item.code,
                editions=list(item.editions),
                name=item.name,
                line_count=item.lines,
                planned=item.planned,
            )
            for item in found
        ]
