"""The GraphQL schema: one root Query (and Mutation) merged from the domain modules."""

from __future__ import annotations

import strawberry
from strawberry.schema.config import StrawberryConfig

from schema.audit import AuditQuery
from schema.catalogue import CatalogueQuery
from schema.errors import HubSchema
from schema.guard import QueryGuard
from schema.regions import RegionQuery
from schema.reports import ReportMutation, ReportQuery


@strawberry.type
class Query(CatalogueQuery, RegionQuery, ReportQuery, AuditQuery):
    """Root query."""


@strawberry.type
class Mutation(ReportMutation):
    """Root mutation."""


# Batching is on; the per-request limit is Settings.max_operations_per_request (checked by the view).
schema = HubSchema(query=Query, mutation=Mutation, extensions=[QueryGuard],
                   config=StrawberryConfig(batching_config={"max_operations": 100}))
