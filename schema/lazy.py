"""The GraphQL types each domain module shares with the others, declared once and resolved lazily.

Domain modules point at each other (a region has services, a service has budget lines, a budget line
has a region), so none imports a sibling's types directly: annotations use the ``...Type`` aliases
below, and code that builds a sibling's type reads it from this module (``lazy.SpmService``), which
imports the sibling on first use. Type checkers see the real classes.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

if TYPE_CHECKING:
    from schema.achievement import RegionAchievement, ServiceAchievement
    from schema.budget import BudgetLine, ServiceBudget
    from schema.catalogue import SpmField, SpmService
    from schema.education import RaporIndicator
    from schema.ingest import IngestRun
    from schema.links import ServiceLink
    from schema.nomenclature import NomenclatureNode
    from schema.regions import Region

_HOMES = {
    "RegionAchievement": "schema.achievement",
    "ServiceAchievement": "schema.achievement",
    "BudgetLine": "schema.budget",
    "ServiceBudget": "schema.budget",
    "SpmField": "schema.catalogue",
    "SpmService": "schema.catalogue",
    "RaporIndicator": "schema.education",
    "IngestRun": "schema.ingest",
    "ServiceLink": "schema.links",
    "NomenclatureNode": "schema.nomenclature",
    "Region": "schema.regions",
}

RegionAchievementType = Annotated["RegionAchievement", strawberry.lazy("schema.achievement")]
ServiceAchievementType = Annotated["ServiceAchievement", strawberry.lazy("schema.achievement")]
BudgetLineType = Annotated["BudgetLine", strawberry.lazy("schema.budget")]
ServiceBudgetType = Annotated["ServiceBudget", strawberry.lazy("schema.budget")]
SpmFieldType = Annotated["SpmField", strawberry.lazy("schema.catalogue")]
SpmServiceType = Annotated["SpmService", strawberry.lazy("schema.catalogue")]
RaporIndicatorType = Annotated["RaporIndicator", strawberry.lazy("schema.education")]
IngestRunType = Annotated["IngestRun", strawberry.lazy("schema.ingest")]
ServiceLinkType = Annotated["ServiceLink", strawberry.lazy("schema.links")]
NodeType = Annotated["NomenclatureNode", strawberry.lazy("schema.nomenclature")]
RegionType = Annotated["Region", strawberry.lazy("schema.regions")]


def __getattr__(name: str) -> Any:
    """``lazy.SpmService`` and the like: the class from its home module, imported on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)


__all__ = [
    "BudgetLine",
    "BudgetLineType",
    "IngestRun",
    "IngestRunType",
    "NodeType",
    "NomenclatureNode",
    "RaporIndicator",
    "RaporIndicatorType",
    "Region",
    "RegionAchievement",
    "RegionAchievementType",
    "RegionType",
    "ServiceAchievement",
    "ServiceAchievementType",
    "ServiceBudget",
    "ServiceBudgetType",
    "ServiceLink",
    "ServiceLinkType",
    "SpmField",
    "SpmFieldType",
    "SpmService",
    "SpmServiceType",
]
