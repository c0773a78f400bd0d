"""SPM catalogue types: urusan (fields), jenis pelayanan dasar (services) with their recipients,
mutu standards and age bands, and the traversal to linked sub kegiatan and Rapor indicators."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from sqlmodel import col, select

from hub import models
from hub.listing import DATASETS, filters
from schema import lazy
from schema.info import Info
from schema.lazy import NodeType, RaporIndicatorType, ServiceLinkType
from schema.loaders import existing
from schema.rows import FromRow


@strawberry.type
class SpmField(FromRow):
    """One of the six SPM urusan."""

    code: str
    sipd_urusan_code: str = strawberry.field(description="SIPD urusan code (1.01 ... 1.06).")
    name: str
    legal_ref: str
    technical_standard: str | None

    @strawberry.field(description="The services (JPD) of this urusan, both levels.")
    async def services(self, info: Info) -> list[SpmService]:
        rows = await info.context.loaders.services_by_field.load(self.code)
        return [SpmService.from_model(row) for row in rows]


@strawberry.type
class MutuStandard:
    """A quality item (goods/services or personnel) a service must provide."""

    code: str
    kind: str = strawberry.field(description="BARANG_JASA or SDM.")
    name: str
    unit: str | None


@strawberry.type
class RecipientAgeBand:
    """Ages (inclusive) whose population counts as entitled recipients."""

    label: str
    age_min: int
    age_max: int
    evidence: str


@strawberry.type
class SpmService(FromRow):
    """A jenis pelayanan dasar (JPD) for one government level (PROV or KAB)."""

    code: str
    field_code: str
    level: str
    name: str
    recipient_definition: str = strawberry.field(description="Who is entitled (penerima layanan dasar).")
    legal_ref: str
    evidence: str = strawberry.field(description="V verified, C corroborated, I inferred (docs/domain.md).")

    @strawberry.field(description="The urusan of this service.")
    async def field(self, info: Info) -> SpmField:
        return SpmField.from_model(existing(await info.context.loaders.spm_field.load(self.field_code)))

    @strawberry.field(description="Mutu standards (goods/services and personnel) of this service.")
    async def mutu_standards(self, info: Info) -> list[MutuStandard]:
        rows = await info.context.loaders.mutu_standards_by_service.load(self.code)
        return [MutuStandard(code=r.code, kind=r.kind, name=r.name, unit=r.unit) for r in rows]

    @strawberry.field(description="Age bands used to count entitled recipients from population.")
    async def age_bands(self, info: Info) -> list[RecipientAgeBand]:
        rows = await info.context.loaders.age_bands_by_service.load(self.code)
        return [
            RecipientAgeBand(label=r.label, age_min=r.age_min, age_max=r.age_max, evidence=r.evidence) for r in rows
        ]

    @strawberry.field(description="Links to nomenclature nodes, optionally of one status.")
    async def links(self, info: Info, status: str | None = None) -> list[ServiceLinkType]:
        rows = await info.context.loaders.links_by_service.load(self.code)
        return [lazy.ServiceLink.from_model(r) for r in rows if status is None or r.status == status]

    @strawberry.field(description="Sub kegiatan serving this service (approved links; proposed too on request).")
    async def sub_activities(self, info: Info, include_proposed: bool = False) -> list[NodeType]:
        statuses = ("approved", "proposed") if include_proposed else ("approved",)
        rows = await info.context.loaders.links_by_service.load(self.code)
        nodes = await info.context.loaders.node.load_many([r.node_id for r in rows if r.status in statuses])
        return [lazy.NomenclatureNode.from_model(n) for n in nodes if n is not None]

    @strawberry.field(description="Rapor Pendidikan indicators measuring this service (pendidikan only).")
    async def rapor_indicators(self, info: Info) -> list[RaporIndicatorType]:
        rows = await info.context.loaders.indicators_by_service.load(self.code)
        return [lazy.RaporIndicator.from_model(r) for r in rows]


@strawberry.type
class CategoryBand:
    """A kategori capaian: an IP at or above ``minIp`` (and below the next band's) gets ``label``."""

    label: str
    min_ip: Decimal
    rank: int = strawberry.field(description="1 for the best category, counting down.")


@strawberry.type
class AchievementScheme:
    """A versioned IP SPM method (DOMAIN.md §3): weights, mutu method and category bands (data, not code)."""

    code: str
    valid_from: date
    description: str
    weight_recipients: Decimal
    weight_mutu: Decimal
    mutu_method: str
    zero_target_rule: str
    display_decimals: int
    bands: list[CategoryBand] = strawberry.field(description="Best category first.")

    @classmethod
    def from_model(cls, row: models.AchievementScheme, bands: list[models.CategoryBand]) -> AchievementScheme:
        return cls(**row.model_dump(), bands=[CategoryBand(label=b.label, min_ip=b.min_ip, rank=b.rank) for b in bands])


@strawberry.type
class CatalogueQuery:
    """Catalogue root fields (the catalogue is small: plain lists)."""

    @strawberry.field(description="The six SPM urusan.")
    async def spm_fields(self, info: Info) -> list[SpmField]:
        rows = await info.context.db.all(select(models.SpmField).order_by(models.SpmField.code))
        return [SpmField.from_model(row) for row in rows]

    @strawberry.field(description="Jenis pelayanan dasar, optionally of one level (PROV/KAB), urusan or code prefix.")
    async def spm_services(
        self, info: Info, level: str | None = None, field_code: str | None = None, code_prefix: str | None = None
    ) -> list[SpmService]:
        flt = filters.ServiceFilter(level=level, field_code=field_code, code_prefix=code_prefix)
        rows = await info.context.db.all(DATASETS["services"].statement(flt, [("ordinal", False)]))
        return [SpmService.from_model(row) for row in rows]

    @strawberry.field(description="The achievement schemes with their category bands, newest first.")
    async def achievement_schemes(self, info: Info) -> list[AchievementScheme]:
        schemes = await info.context.db.all(
            select(models.AchievementScheme).order_by(col(models.AchievementScheme.valid_from).desc())
        )
        bands = await info.context.db.all(select(models.CategoryBand).order_by(col(models.CategoryBand.rank)))
        return [AchievementScheme.from_model(row, [b for b in bands if b.scheme_code == row.code]) for row in schemes]

    @strawberry.field(description="One service by code (e.g. KES.KAB.01).")
    async def spm_service(self, info: Info, code: str) -> SpmService | None:
        row = await info.context.loaders.service.load(code)
        return SpmService.from_model(row) if row else None
