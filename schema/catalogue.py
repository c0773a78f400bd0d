"""SPM catalogue types: fields (urusan) and services (jenis pelayanan dasar)."""

from __future__ import annotations

import strawberry
from sqlmodel import select

from hub import models
from schema.info import Info


@strawberry.type
class SpmField:
    """One of the six SPM urusan."""

    code: str
    sipd_urusan_code: str
    name: str
    legal_ref: str

    @classmethod
    def from_model(cls, row: models.SpmField) -> SpmField:
        return cls(code=row.code, sipd_urusan_code=row.sipd_urusan_code, name=row.name, legal_ref=row.legal_ref)


@strawberry.type
class SpmService:
    """A jenis pelayanan dasar for one government level (PROV or KAB)."""

    code: str
    field_code: str
    level: str
    name: str
    recipient_definition: str
    legal_ref: str
    evidence: str

    @classmethod
    def from_model(cls, row: models.SpmService) -> SpmService:
        return cls(code=row.code, field_code=row.field_code, level=row.level, name=row.name,
                   recipient_definition=row.recipient_definition, legal_ref=row.legal_ref, evidence=row.evidence)


@strawberry.type
class CatalogueQuery:
    """Catalogue root fields."""

    @strawberry.field(description="The six SPM urusan.")
    async def spm_fields(self, info: Info) -> list[SpmField]:
        rows = await info.context.db.all(select(models.SpmField).order_by(models.SpmField.code))
        return [SpmField.from_model(row) for row in rows]

    @strawberry.field(description="Jenis pelayanan dasar, optionally for one level (PROV or KAB) or urusan.")
    async def spm_services(self, info: Info, level: str | None = None, field_code: str | None = None) -> list[SpmService]:
        query = select(models.SpmService).order_by(models.SpmService.ordinal)
        if level:
            query = query.where(models.SpmService.level == level)
        if field_code:
            query = query.where(models.SpmService.field_code == field_code)
        rows = await info.context.db.all(query)
        return [SpmService.from_model(row) for row in rows]
