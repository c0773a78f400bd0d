"""Region types: provinces and kabupaten/kota."""

from __future__ import annotations

import strawberry
from sqlmodel import select

from hub import models
from schema.info import Info


@strawberry.type
class Region:
    """A province or kabupaten/kota by kode wilayah Kemendagri."""

    code: str
    name: str
    kind: str
    government_level: str
    parent_code: str | None
    bps_code: str | None
    population_total: int | None

    @classmethod
    def from_model(cls, row: models.Region) -> Region:
        return cls(code=row.code, name=row.name, kind=row.kind, government_level=row.government_level,
                   parent_code=row.parent_code, bps_code=row.bps_code, population_total=row.population_total)


@strawberry.type
class RegionQuery:
    """Region root fields."""

    @strawberry.field(description="Regions, optionally the kabupaten/kota of one province.")
    async def regions(self, info: Info, parent_code: str | None = None, limit: int = 100) -> list[Region]:
        query = select(models.Region).order_by(models.Region.code).limit(min(limit, info.context.settings.max_page_size))
        if parent_code:
            query = query.where(models.Region.parent_code == parent_code)
        rows = await info.context.db.all(query)
        return [Region.from_model(row) for row in rows]
