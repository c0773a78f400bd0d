"""The GraphQL schema: one root Query and Mutation merged from the domain modules."""

from __future__ import annotations

import strawberry

from schema.achievement import AchievementQuery
from schema.budget import BudgetQuery
from schema.catalogue import CatalogueQuery
from schema.education import EducationQuery
from schema.ingest import IngestQuery
from schema.links import LinkMutation, LinkQuery
from schema.need import NeedQuery
from schema.nomenclature import NomenclatureQuery
from schema.regions import RegionQuery
from schema.workbench import WorkbenchMutation, WorkbenchQuery


@strawberry.type
class Query(CatalogueQuery, RegionQuery, NomenclatureQuery, LinkQuery, BudgetQuery, AchievementQuery,
            EducationQuery, IngestQuery, WorkbenchQuery, NeedQuery):
    """Root query."""


@strawberry.type
class Mutation(LinkMutation, WorkbenchMutation):
    """Root mutation."""


schema = strawberry.Schema(query=Query, mutation=Mutation)
