"""The GraphQL schema: one root Query (and Mutation) merged from the domain modules."""

from __future__ import annotations

import strawberry

from schema.catalogue import CatalogueQuery
from schema.need import NeedQuery
from schema.regions import RegionQuery


@strawberry.type
class Query(CatalogueQuery, RegionQuery, NeedQuery):
    """Root query."""


schema = strawberry.Schema(query=Query)
