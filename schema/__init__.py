"""The GraphQL schema: one root Query and Mutation merged from the domain modules."""

from __future__ import annotations

import sys

import strawberry
from strawberry.schema.config import StrawberryConfig

from schema.achievement import AchievementQuery
from schema.achievement_mutations import AchievementMutation
from schema.assistance import AssistanceMutation, AssistanceQuery
from schema.audit import AuditQuery
from schema.budget import BudgetQuery
from schema.catalogue import CatalogueQuery
from schema.costing import CostingMutation, CostingQuery
from schema.cycle import CycleMutation, CycleQuery
from schema.education import EducationQuery
from schema.guard import QueryGuard
from schema.ingest import IngestMutation, IngestQuery
from schema.links import LinkMutation, LinkQuery
from schema.need import NeedQuery
from schema.nodes import NodeQuery
from schema.nomenclature import NomenclatureQuery
from schema.presentation import HubSchema
from schema.regions import RegionQuery
from schema.scalars import SCALAR_OVERRIDES
from schema.workbench import WorkbenchMutation, WorkbenchQuery


@strawberry.type
class Query(
    CatalogueQuery,
    RegionQuery,
    NomenclatureQuery,
    LinkQuery,
    BudgetQuery,
    AchievementQuery,
    EducationQuery,
    IngestQuery,
    WorkbenchQuery,
    NeedQuery,
    AuditQuery,
    NodeQuery,
    CycleQuery,
    CostingQuery,
    AssistanceQuery,
):
    """Root query."""


@strawberry.type
class Mutation(
    LinkMutation,
    WorkbenchMutation,
    AchievementMutation,
    CycleMutation,
    CostingMutation,
    AssistanceMutation,
    IngestMutation,
):
    """Root mutation."""


# Batching is on; the per-request limit is Settings.max_operations_per_request (checked by the view, so
# every oversized batch gets the same LIMIT_EXCEEDED; strawberry's own cap would answer BAD_INPUT first).
schema = HubSchema(
    query=Query,
    mutation=Mutation,
    extensions=[QueryGuard],
    scalar_overrides=SCALAR_OVERRIDES,
    config=StrawberryConfig(batching_config={"max_operations": sys.maxsize}),
)
