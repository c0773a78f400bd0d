"""Rapor Pendidikan indicators and values, linked both ways to SPM pendidikan services."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from hub import models
from schema import ingest, lazy
from schema.info import Info
from schema.lazy import IngestRunType, SpmServiceType
from schema.pagination import list_field


@strawberry.type
class RaporIndicator:
    """A Rapor Pendidikan indicator, keyed by (edition, jenjang, code)."""

    id: int
    edition: str
    jenjang: str
    code: str
    name: str
    dimension: str | None
    service_code: str | None

    @classmethod
    def from_model(cls, row: models.RaporIndicator) -> RaporIndicator:
        assert row.id is not None
        return cls(
            id=row.id,
            edition=row.edition,
            jenjang=row.jenjang,
            code=row.code,
            name=row.name,
            dimension=row.dimension,
            service_code=row.service_code,
        )

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
class RaporValue:
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

    @classmethod
    def from_model(cls, row: models.RaporValue) -> RaporValue:
        assert row.id is not None
        return cls(
            id=row.id,
            subject_type=row.subject_type,
            subject_code=row.subject_code,
            region_code=row.region_code,
            year=row.year,
            score=row.score,
            category=row.category,
            indicator_id=row.indicator_id,
            run_id=row.run_id,
        )

    @strawberry.field
    async def indicator(self, info: Info) -> RaporIndicator:
        return RaporIndicator.from_model(await info.context.loaders.indicator.load(self.indicator_id))

    @strawberry.field(description="The ingest run that loaded this value.")
    async def run(self, info: Info) -> IngestRunType | None:
        return await ingest.load_run(info, self.run_id)


@strawberry.type
class EducationQuery:
    """Rapor Pendidikan root fields."""

    rapor_values = list_field(
        "rapor-values", RaporValue, description="Rapor Pendidikan values, filtered and paginated."
    )
