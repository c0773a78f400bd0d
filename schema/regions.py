"""Regions (provinces and kabupaten/kota) and what the hub knows about each: its services with their
achievement and budget, the unbudgeted services, and its data readiness."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

import strawberry

from hub import models
from hub.analytics import readiness as calc
from schema import lazy
from schema.info import Info
from schema.lazy import (
    BudgetLineType,
    RegionAchievementType,
    ServiceAchievementType,
    ServiceBudgetType,
    ServiceLinkType,
    SpmServiceType,
)
from schema.loaders import AchievementKey, BudgetKey, ReadinessKey
from schema.pagination import list_field
from schema.prefetch import selected, shared
from schema.rows import FromRow


@strawberry.type(description=calc.Gap.__doc__)
class ReadinessGap(calc.Gap):
    """A readiness gap as a GraphQL type."""


@strawberry.type(description=calc.Readiness.__doc__)
class Readiness(calc.Readiness):
    """Readiness as a GraphQL type: fractions to 4 decimals, the score to 2."""

    gaps: list[ReadinessGap]  # type: ignore[assignment]  # the GraphQL type of each gap, a subclass of Gap

    @classmethod
    def from_row(cls, row: calc.Readiness) -> Readiness:
        q = Decimal("0.0001")
        return cls(
            region_code=row.region_code,
            year=row.year,
            reports=row.reports.quantize(q),
            budget=row.budget.quantize(q),
            mappings=row.mappings.quantize(q),
            score=row.score.quantize(Decimal("0.01")),
            gaps=[ReadinessGap(**vars(g)) for g in row.gaps],
        )


@strawberry.type
class RegionService:
    """One service of a region's level in one year: its achievement, the budget behind it, its links."""

    region_code: strawberry.Private[str]
    budget_key: strawberry.Private[BudgetKey]
    all_links: strawberry.Private[list[ServiceLinkType]]
    service: SpmServiceType
    achievement: ServiceAchievementType | None = strawberry.field(
        description="IP SPM of this service (null when no report)."
    )
    budget: ServiceBudgetType | None = strawberry.field(
        description="Planned and realised amounts on the sub kegiatan linked to this service."
    )

    @strawberry.field(description="The budget lines behind this service.")
    async def budget_lines(self, info: Info) -> list[BudgetLineType]:
        lines = await info.context.loaders.budget_lines.load(self.budget_key)
        return [lazy.BudgetLine.from_model(r) for r in lines.get(self.service.code, [])]

    @strawberry.field(description="Links of this service, optionally of one status.")
    def links(self, status: str | None = None) -> list[ServiceLinkType]:
        return [link for link in self.all_links if status is None or link.status == status]


async def region_services(
    info: Info, region: Region, *, year: int, quarter: int | None, stage: str | None, include_proposed: bool
) -> list[RegionService]:
    """The services of ``region``'s level with what the query selects of their achievement, budget and
    links already loaded (batched over the page by the loaders), so those fields resolve as plain values."""
    loaders, wanted = info.context.loaders, selected(info)
    budget_key = BudgetKey(region.code, year, stage, include_proposed)
    rows = await loaders.services_by_level.load(region.government_level)
    scores: dict[str, lazy.ServiceAchievement] = {}
    if "achievement" in wanted:
        found = await loaders.achievement.load(AchievementKey(region.code, year, quarter))
        if found is not None:
            scheme = await loaders.scheme.load(year)
            scores = {s.service_code: lazy.ServiceAchievement.build(s, scheme) for s in found.services}
    sums = await loaders.coverage.load(budget_key) if "budget" in wanted else {}
    link_rows = await loaders.links_by_service.load_many([r.code for r in rows]) if "links" in wanted else None
    return [
        RegionService(
            region_code=region.code,
            budget_key=budget_key,
            service=shared(info, ("service", row.code), partial(lazy.SpmService.from_model, row)),
            achievement=scores.get(row.code),
            budget=lazy.ServiceBudget.from_row(sums[row.code]) if row.code in sums else None,
            all_links=shared(info, ("links", row.code), partial(_links, link_rows[index])) if link_rows else [],
        )
        for index, row in enumerate(rows)
    ]


def _links(rows: list[models.ServiceLink]) -> list[lazy.ServiceLink]:
    return [lazy.ServiceLink.from_model(row) for row in rows]


@strawberry.type
class Region(FromRow):
    """A province or kabupaten/kota by kode wilayah Kemendagri."""

    code: str
    name: str
    kind: str
    government_level: str = strawberry.field(description="PROV or KAB: decides which SPM services apply.")
    parent_code: str | None
    bps_code: str | None
    population_total: int | None

    @strawberry.field
    async def parent(self, info: Info) -> Region | None:
        row = await info.context.loaders.region.load(self.parent_code) if self.parent_code else None
        return Region.from_model(row) if row else None

    @strawberry.field(description="The kabupaten/kota of a province.")
    async def children(self, info: Info) -> list[Region]:
        return [Region.from_model(r) for r in await info.context.loaders.regions_by_parent.load(self.code)]

    @strawberry.field(
        description="The services of this region's level in a year, each with achievement and budget. "
        "Budget: approved links only unless includeProposed; each region-year's most "
        "advanced stage unless stage is given."
    )
    async def services(
        self,
        info: Info,
        year: int,
        quarter: int | None = None,
        stage: str | None = None,
        include_proposed: bool = False,
    ) -> list[RegionService]:
        return await region_services(
            info, self, year=year, quarter=quarter, stage=stage, include_proposed=include_proposed
        )

    @strawberry.field(
        description="IP SPM of the region (all urusan, or one with fieldCode) for a year and quarter "
        "(no quarter: each service's latest quarter)."
    )
    async def achievement(
        self, info: Info, year: int, quarter: int | None = None, field_code: str | None = None
    ) -> RegionAchievementType | None:
        found = await info.context.loaders.achievement.load(AchievementKey(self.code, year, quarter, field_code))
        if found is None:
            return None
        return lazy.RegionAchievement.build(found, await info.context.loaders.scheme.load(year))

    @strawberry.field(description="Budget behind each budgeted SPM service in a year.")
    async def budget_coverage(
        self, info: Info, year: int, stage: str | None = None, include_proposed: bool = False
    ) -> list[ServiceBudgetType]:
        sums = await info.context.loaders.coverage.load(BudgetKey(self.code, year, stage, include_proposed))
        return [lazy.ServiceBudget.from_row(sums[code]) for code in sorted(sums)]

    @strawberry.field(description="Services of this region's level with no planned amount in a year.")
    async def unbudgeted_services(
        self, info: Info, year: int, stage: str | None = None, include_proposed: bool = False
    ) -> list[SpmServiceType]:
        codes = await info.context.loaders.unbudgeted.load(BudgetKey(self.code, year, stage, include_proposed))
        found = await info.context.loaders.service.load_many(codes)
        return [lazy.SpmService.from_model(s) for s in found if s is not None]

    @strawberry.field(description="Data readiness for a year (reports for quarters 1..throughQuarter).")
    async def readiness(self, info: Info, year: int, through_quarter: int = 4) -> Readiness | None:
        row = await info.context.loaders.readiness.load(ReadinessKey(self.code, year, through_quarter))
        return Readiness.from_row(row) if row else None


@strawberry.type
class RegionQuery:
    """Region root fields."""

    regions = list_field("regions", Region, order="Region", description="Regions, filtered and paginated.")

    @strawberry.field(description="One region by kode wilayah (e.g. 53.02).")
    async def region(self, info: Info, code: str) -> Region | None:
        row = await info.context.loaders.region.load(code)
        return Region.from_model(row) if row else None
