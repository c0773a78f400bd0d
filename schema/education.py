"""Rapor Pendidikan indicators and values, linked both ways to SPM pendidikan services."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from schema import ingest, lazy
from schema.info import Info
from schema.lazy import IngestRunType, SpmServiceType
from schema.loaders import existing
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
class RaporValue(FromRow):
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
class EducationQuery:
    """Rapor Pendidikan root fields."""

    rapor_values = list_field(
        "rapor-values", RaporValue, description="Rapor Pendidikan values, filtered and paginated."
    )
