"""Global object identification: the ``Node`` interface and ``node(id: ID!)``.

A global id is Relay's base64 of ``Type:key`` (the key is the type's own id or code), so one opaque
string finds any main entity, while each keeps its integer id or code as a field. ``id`` is taken by
those integer ids (changing its type would break clients), so the global id is ``globalId``.
``node`` reads through one dataloader (one statement per type asked for) under the read policy of
that type's list: a global id opens nothing its list would not show the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import strawberry
from strawberry.relay.utils import from_base64, to_base64

from hub import models
from hub.core.errors import BadInput
from schema import lazy
from schema.info import Info
from schema.loaders import RowKey


@dataclass(frozen=True)
class NodeSource:
    """Where the rows of a Node type live and which list's read policy guards them."""

    dataset: str
    model: type
    column: str
    numeric: bool


SOURCES: dict[str, NodeSource] = {
    "Region": NodeSource("regions", models.Region, "code", False),
    "SpmService": NodeSource("services", models.SpmService, "code", False),
    "NomenclatureEdition": NodeSource("nomenclature-nodes", models.NomenclatureEdition, "id", True),
    "NomenclatureNode": NodeSource("nomenclature-nodes", models.NomenclatureNode, "id", True),
    "ServiceLink": NodeSource("service-links", models.ServiceLink, "id", True),
    "BudgetLine": NodeSource("budget-lines", models.BudgetLine, "id", True),
    "AchievementReport": NodeSource("achievement-reports", models.AchievementReport, "id", True),
    "IngestRun": NodeSource("ingest-runs", models.IngestRun, "id", True),
    "RaporValue": NodeSource("rapor-values", models.RaporValue, "id", True),
}


def global_id(type_name: str, key: object) -> strawberry.ID:
    """The global id of the ``type_name`` object with id or code ``key``."""
    return strawberry.ID(to_base64(type_name, str(key)))


def parse_global_id(value: str) -> tuple[str, str]:
    """(type name, key) of a global id.

    Raises:
        BadInput: not a global id of a Node type.
    """
    try:
        type_name, key = from_base64(value)
    except (ValueError, TypeError) as exc:
        raise BadInput(f"{value!r} is not a global id (a Node's globalId).") from exc
    source = SOURCES.get(type_name)
    if source is None or not key or (source.numeric and not key.isdigit()):
        raise BadInput(f"{value!r} is not the global id of a {', '.join(SOURCES)}.")
    return type_name, key


@strawberry.interface(description="An object with a global id: fetch it again with node(id: globalId).")
class Node:
    """A main entity of the hub, findable by its global id."""

    @strawberry.field(
        description="Global id: base64 of 'Type:key' (Relay style). Opaque; pass it to node(id:) to fetch this again."
    )
    def global_id(self) -> strawberry.ID:
        return global_id(type(self).__name__, self.node_key())

    def node_key(self) -> object:
        """The key inside the global id: the integer id (types keyed by a code override this)."""
        return getattr(self, "id")  # noqa: B009 - every Node type but the code-keyed ones has an id


@strawberry.type
class NodeQuery:
    """Global object identification root field."""

    @strawberry.field(
        description="Any main entity by its global id (Region, SpmService, NomenclatureEdition, NomenclatureNode, "
        "ServiceLink, BudgetLine, AchievementReport, IngestRun, RaporValue), under the read rules of its list: "
        "null when it does not exist or is a row the caller may not see; an error when the caller may not read "
        "that list at all."
    )
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        type_name, key = parse_global_id(id)
        source = SOURCES[type_name]
        wanted: Any = int(key) if source.numeric else key
        row = await info.context.loaders.row.load(RowKey(source.dataset, source.model, source.column, wanted))
        return getattr(lazy, type_name).from_model(row) if row is not None else None
