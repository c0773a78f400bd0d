"""Rapor Pendidikan indicators and values, linked both ways to SPM pendidikan services."""

from __future__ import annotations

from decimal import Decimal

import strawberry
from sqlmodel import col, select

from hub import models
from hub.access.auth import require_role
from schema import ingest, lazy
from schema.info import Info
from schema.lazy import IngestRunType, RegionType, SpmServiceType
from schema.loaders import existing
from schema.nodes import Node
from schema.pagination import list_field
from schema.rows import FromRow


@strawberry.type
class RaporIndicator(FromRow):
    """A Rapor Pendidikan indicator, keyed by (edition, jenjang, code)."""

    id: int
    edition: str
    jenjang: str
    code: str
    name: str
    dimension: str | None
    service_code: str | None

    @strawberry.field(description="The SPM pendidikan service this indicator measures.")
    async def service(self, info: Info) -> SpmServiceType | None:
        row = await info.context.loaders.service.load(self.service_code) if self.service_code else None
        return lazy.SpmService.from_model(row) if row else None

    @strawberry.field(description="Values of this indicator, optionally for one year and region.")
    async def values(self, info: Info, year: int | None = None, region_code: str | None = None) -> list[RaporValue]:
        rows = await info.context.loaders.values_by_indicator.load(self.id)
        return [
            RaporValue.from_model(r)
            for r in rows
            if (year is None or r.year == year) and (region_code is None or r.region_code == region_code)
        ]


@strawberry.type
class RaporValue(FromRow, Node):
    """An indicator value for a region or a school in a year."""

    id: int
    subject_type: str
    subject_code: str
    region_code: str | None
    year: int
    score: Decimal | None
    category: str | None
    indicator_id: strawberry.Private[int]
    run_id: strawberry.Private[int]

    @strawberry.field
    async def indicator(self, info: Info) -> RaporIndicator:
        return RaporIndicator.from_model(existing(await info.context.loaders.indicator.load(self.indicator_id)))

    @strawberry.field(description="The ingest run that loaded this value.")
    async def run(self, info: Info) -> IngestRunType | None:
        return await ingest.load_run(info, self.run_id)


@strawberry.type
class School(FromRow):
    """A school (satuan pendidikan) by NPSN, from the Dapodik lists."""

    npsn: str
    name: str
    level: str | None
    status: str | None
    region_code: str | None
    district: str | None
    accreditation: str | None
    students: int | None
    teachers: int | None
    classrooms: int | None
    study_groups: int | None

    @strawberry.field(description="The school's kabupaten/kota.")
    async def region(self, info: Info) -> RegionType | None:
        row = await info.context.loaders.region.load(self.region_code) if self.region_code else None
        return lazy.Region.from_model(row) if row else None

    @strawberry.field(description="Rapor Pendidikan values of this school (token holders), optionally for one year.")
    async def rapor_values(self, info: Info, year: int | None = None) -> list[RaporValue]:
        require_role(info.context.caller, "region", "ministry")
        query = select(models.RaporValue).where(
            models.RaporValue.subject_type == "school", models.RaporValue.subject_code == self.npsn
        )
        if year is not None:
            query = query.where(models.RaporValue.year == year)
        return [
            RaporValue.from_model(row) for row in await info.context.db.all(query.order_by(col(models.RaporValue.id)))
        ]


@strawberry.type
class EducationQuery:
    """Rapor Pendidikan and school root fields."""

    rapor_values = list_field(
        "rapor-values", RaporValue, description="Rapor Pendidikan values, filtered and paginated."
    )
    schools = list_field(
        "schools",
        School,
        description="Schools (Dapodik), filtered by regionCode/regionPrefix, level, status or name; totalCount "
        "counts every school matching.",
    )

    @strawberry.field(description="One school by its NPSN.")
    async def school(self, info: Info, npsn: str) -> School | None:
        row = await info.context.db.first(select(models.School).where(models.School.npsn == npsn))
        return School.from_model(row) if row else None
