"""The GraphQL schema: one root Query (and Mutation) merged from the domain modules."""

from __future__ import annotations

import strawberry

from schema.catalogue import CatalogueQuery
from schema.need import NeedQuery
from schema.regions import RegionQuery
from schema.workbench import WorkbenchMutation, WorkbenchQuery


@strawberry.type
class Query(CatalogueQuery, RegionQuery, WorkbenchQuery, NeedQuery):
    """Root query."""


@strawberry.type
class Mutation(WorkbenchMutation):
    """Root mutation."""


schema = strawberry.Schema(query=Query, mutation=Mutation)
