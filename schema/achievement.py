"""Achievement: the reports regions enter each quarter, and IP SPM computed from them per service,
per urusan and per region (value rounded for display by the scheme, category from the scheme's bands)."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from hub import models
from hub.access.auth import readable
from hub.analytics import achievement as calc
from hub.analytics.ranking import rank_regions
from hub.analytics.scheme import Scheme
from schema import ingest, lazy
from schema.info import Info
from schema.lazy import IngestRunType, RegionType, SpmFieldType, SpmServiceType
from schema.loaders import existing
from schema.pagination import list_field
from schema.rows import FromRow


@strawberry.type
class MutuFulfilment:
    """How much of one mutu item was required and fulfilled."""

    item_code: str
    kind: str
    name: str | None
    required: Decimal
    fulfilled: Decimal


@strawberry.type
class AchievementReport(FromRow):
    """Recipients targeted (annual) and served to standard (cumulative) for one region, quarter and service."""

    id: int
    region_code: str
    year: int
    quarter: int
    service_code: str
    targeted: int
    served: int
    budget_allocated: Decimal | None
    budget_realised: Decimal | None
    problems: str | None
    solutions: str | None
    published: bool
    run_id: strawberry.Private[int]

    @strawberry.field
    async def mutu_items(self, info: Info) -> list[MutuFulfilment]:
        rows = await info.context.loaders.mutu_by_report.load(self.id)
        return [
            MutuFulfilment(item_code=r.item_code, kind=r.kind, name=r.name, required=r.required, fulfilled=r.fulfilled)
            for r in rows
        ]

    @strawberry.field
    async def service(self, info: Info) -> SpmServiceType:
        return lazy.SpmService.from_model(existing(await info.context.loaders.service.load(self.service_code)))

    @strawberry.field
    async def region(self, info: Info) -> RegionType:
        return lazy.Region.from_model(existing(await info.context.loaders.region.load(self.region_code)))

    @strawberry.field(description="The ingest run that loaded this report.")
    async def run(self, info: Info) -> IngestRunType | None:
        return await ingest.load_run(info, self.run_id)


@strawberry.type
class ServiceAchievement:
    """IP SPM of one service: P% (recipients), M% (mutu), IP and category; null when not applicable."""

    service_code: str
    quarter: int = strawberry.field(description="The quarter whose cumulative report was used.")
    targeted: int
    served: int
    applicable: bool = strawberry.field(description="False when the target is zero and the scheme excludes it.")
    mutu_reported: bool
    recipients_pct: Decimal | None
    mutu_pct: Decimal | None
    ip: Decimal | None = strawberry.field(description="Rounded to the scheme's display decimals.")
    ip_exact: Decimal | None
    category: str | None
    report_id: strawberry.Private[int]

    @classmethod
    def build(cls, row: calc.ServiceAchievement, scheme: Scheme) -> ServiceAchievement:
        score = row.score
        return cls(
            service_code=row.service_code,
            quarter=row.quarter,
            targeted=row.targeted,
            served=row.served,
            applicable=score.applicable,
            mutu_reported=score.mutu_reported,
            recipients_pct=scheme.display(score.recipients_pct),
            mutu_pct=scheme.display(score.mutu_pct),
            ip=scheme.display(score.ip),
            ip_exact=score.ip,
            category=scheme.category(score.ip),
            report_id=row.report_id,
        )

    @strawberry.field
    async def service(self, info: Info) -> SpmServiceType:
        return lazy.SpmService.from_model(existing(await info.context.loaders.service.load(self.service_code)))

    @strawberry.field(description="The report this value comes from.")
    async def report(self, info: Info) -> AchievementReport:
        return AchievementReport.from_model(existing(await info.context.loaders.report.load(self.report_id)))


@strawberry.type
class UrusanAchievement:
    """Mean IP of the applicable services of one urusan."""

    field_code: str
    ip: Decimal | None
    ip_exact: Decimal | None
    category: str | None
    services: list[ServiceAchievement]

    @strawberry.field
    async def field(self, info: Info) -> SpmFieldType:
        return lazy.SpmField.from_model(existing(await info.context.loaders.spm_field.load(self.field_code)))


@strawberry.type
class RegionAchievement:
    """IP SPM of a region: the mean over its urusan, with the scheme used."""

    region_code: str
    year: int
    quarter: int | None
    scheme_code: str
    ip: Decimal | None
    ip_exact: Decimal | None
    category: str | None
    row: strawberry.Private[calc.RegionAchievement]
    scheme: strawberry.Private[Scheme]

    @classmethod
    def build(cls, row: calc.RegionAchievement, scheme: Scheme) -> RegionAchievement:
        return cls(
            region_code=row.region_code,
            year=row.year,
            quarter=row.quarter,
            scheme_code=scheme.code,
            ip=scheme.display(row.ip),
            ip_exact=row.ip,
            category=scheme.category(row.ip),
            row=row,
            scheme=scheme,
        )

    @strawberry.field(description="Each urusan with a value, with its services.")
    def urusan(self) -> list[UrusanAchievement]:
        scheme = self.scheme
        return [
            UrusanAchievement(
                field_code=u.field_code,
                ip=scheme.display(u.ip),
                ip_exact=u.ip,
                category=scheme.category(u.ip),
                services=[ServiceAchievement.build(s, scheme) for s in u.services],
            )
            for u in self.row.urusan
        ]

    @strawberry.field(description="Every reported service, urusan by urusan.")
    def services(self) -> list[ServiceAchievement]:
        return [ServiceAchievement.build(s, self.scheme) for s in self.row.services]

    @strawberry.field
    async def region(self, info: Info) -> RegionType:
        return lazy.Region.from_model(existing(await info.context.loaders.region.load(self.region_code)))


@strawberry.type
class RankedRegion:
    """A region's place in a ranking (equal IPs share a rank; regions without a value come last)."""

    rank: int | None
    achievement: RegionAchievement


@strawberry.type
class AchievementQuery:
    """Achievement root fields."""

    achievement_reports = list_field(
        "achievement-reports",
        AchievementReport,
        order="Report",
        description="Achievement reports, filtered and paginated.",
    )

    @strawberry.field(
        description="Regions ordered by IP SPM nationally or within a province (provinceCode), "
        "for one urusan if fieldCode is given; level KAB (kabupaten/kota) or PROV."
    )
    async def ranking(
        self,
        info: Info,
        year: int,
        quarter: int | None = None,
        level: str = "KAB",
        province_code: str | None = None,
        field_code: str | None = None,
        first: int | None = None,
    ) -> list[RankedRegion]:
        scheme = await info.context.loaders.scheme.load(year)
        reports = models.AchievementReport
        ranked = await rank_regions(
            info.context.db,
            scheme,
            year=year,
            quarter=quarter,
            level=level,
            province_code=province_code,
            field_code=field_code,
            readable=readable(info.context.caller, reports.region_code, reports.published),
        )
        return [
            RankedRegion(rank=r.rank, achievement=RegionAchievement.build(r.achievement, scheme))
            for r in ranked[:first]
        ]
