"""Nomenclature types: editions and their nodes (urusan > bidang > program > kegiatan > sub kegiatan),
with the tree both ways, the SPM services a sub kegiatan serves and the budget behind it."""

from __future__ import annotations

from datetime import datetime

import strawberry
from sqlmodel import col, select

from hub import models
from schema import ingest, lazy
from schema.info import Info
from schema.lazy import BudgetLineType, IngestRunType, ServiceLinkType, SpmServiceType
from schema.loaders import LinesByCodeKey, existing
from schema.pagination import list_field
from schema.rows import FromRow


@strawberry.type
class NomenclatureEdition(FromRow):
    """One issue of the nomenclature (a Kepmendagri or a SIPD export of it)."""

    id: int
    code: str
    name: str
    fiscal_year: int | None
    created_at: datetime
    previous_id: strawberry.Private[int | None]
    run_id: strawberry.Private[int | None]

    @strawberry.field(description="The edition this one replaces.")
    async def previous(self, info: Info) -> NomenclatureEdition | None:
        row = await info.context.loaders.edition.load(self.previous_id) if self.previous_id else None
        return NomenclatureEdition.from_model(row) if row else None

    @strawberry.field(description="The ingest run that loaded this edition.")
    async def run(self, info: Info) -> IngestRunType | None:
        return await ingest.load_run(info, self.run_id)


@strawberry.type
class NomenclatureNode(FromRow):
    """A code of an edition; ``level`` 1..5 = urusan, bidang, program, kegiatan, sub kegiatan."""

    id: int
    code: str
    name: str
    level: int
    government_level: str | None
    spm_flag: bool | None = strawberry.field(description="SIPD's SPM / NON-SPM flag, when the source has it.")
    indicator: str | None
    unit: str | None
    predecessor_code: str | None
    edition_id: strawberry.Private[int]
    parent_id: strawberry.Private[int | None]
    run_id: strawberry.Private[int | None]

    @strawberry.field(description="urusan, bidang, program, kegiatan or sub_kegiatan.")
    def level_name(self) -> str:
        return models.LEVELS[self.level - 1] if 1 <= self.level <= len(models.LEVELS) else str(self.level)

    @strawberry.field
    async def edition(self, info: Info) -> NomenclatureEdition:
        return NomenclatureEdition.from_model(existing(await info.context.loaders.edition.load(self.edition_id)))

    @strawberry.field(description="The node one level up.")
    async def parent(self, info: Info) -> NomenclatureNode | None:
        row = await info.context.loaders.node.load(self.parent_id) if self.parent_id else None
        return NomenclatureNode.from_model(row) if row else None

    @strawberry.field(description="The nodes one level down.")
    async def children(self, info: Info) -> list[NomenclatureNode]:
        return [NomenclatureNode.from_model(r) for r in await info.context.loaders.children_by_node.load(self.id)]

    @strawberry.field(description="Every node above, from the urusan down to the parent (one batch per level).")
    async def ancestors(self, info: Info) -> list[NomenclatureNode]:
        chain: list[NomenclatureNode] = []
        parent_id = self.parent_id
        while parent_id is not None:
            row = await info.context.loaders.node.load(parent_id)
            if row is None:
                break
            chain.append(NomenclatureNode.from_model(row))
            parent_id = row.parent_id
        return list(reversed(chain))

    @strawberry.field(description="Links from SPM services to this node, optionally of one status.")
    async def links(self, info: Info, status: str | None = None) -> list[ServiceLinkType]:
        rows = await info.context.loaders.links_by_node.load(self.id)
        return [lazy.ServiceLink.from_model(r) for r in rows if status is None or r.status == status]

    @strawberry.field(description="SPM services this node serves (approved links; proposed too on request).")
    async def services(self, info: Info, include_proposed: bool = False) -> list[SpmServiceType]:
        statuses = ("approved", "proposed") if include_proposed else ("approved",)
        rows = await info.context.loaders.links_by_node.load(self.id)
        found = await info.context.loaders.service.load_many([r.service_code for r in rows if r.status in statuses])
        return [lazy.SpmService.from_model(s) for s in found if s is not None]

    @strawberry.field(
        description="Budget lines of one region and year on this code (each region-year's most "
        "advanced stage unless a stage is given)."
    )
    async def budget_lines(
        self, info: Info, region_code: str, year: int, stage: str | None = None
    ) -> list[BudgetLineType]:
        rows = await info.context.loaders.lines_by_code.load(LinesByCodeKey(self.code, region_code, year, stage))
        return [lazy.BudgetLine.from_model(r) for r in rows]


@strawberry.type
class NomenclatureQuery:
    """Nomenclature root fields."""

    @strawberry.field(description="Every loaded edition, newest first.")
    async def nomenclature_editions(self, info: Info) -> list[NomenclatureEdition]:
        rows = await info.context.db.all(
            select(models.NomenclatureEdition).order_by(col(models.NomenclatureEdition.id).desc())
        )
        return [NomenclatureEdition.from_model(r) for r in rows]

    nomenclature_nodes = list_field(
        "nomenclature-nodes", NomenclatureNode, order="Node", description="Nomenclature nodes, filtered and paginated."
    )

    @strawberry.field(description="One node by id.")
    async def nomenclature_node(self, info: Info, id: int) -> NomenclatureNode | None:
        row = await info.context.loaders.node.load(id)
        return NomenclatureNode.from_model(row) if row else None
