"""Relay-style connections over the shared list statements: opaque offset cursors, ``totalCount``,
page size capped by ``settings.max_page_size``. Two statements per connection (page and count).

``list_field`` builds a list's root field and its GraphQL inputs from its ``hub.listing.DATASETS``
entry, so a new paginated list is one declaration in its domain module."""

from __future__ import annotations

import base64
import binascii
import inspect
from collections.abc import Callable, Sequence
from enum import Enum
from functools import cache
from typing import Any, Generic, TypeVar

import strawberry
from sqlalchemy import func
from sqlmodel import select

from hub.access.auth import list_condition
from hub.core.errors import BadInput, LimitExceeded
from hub.listing import DATASETS, Order
from schema.info import Info

T = TypeVar("T")
Node = TypeVar("Node")


@strawberry.type
class PageInfo:
    """Where this page sits in the list."""

    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[Node]):
    """One item and its cursor."""

    cursor: str
    node: Node


@strawberry.type
class Connection(Generic[Node]):
    """A page of a list with the total number of items matching the filter."""

    edges: list[Edge[Node]]
    page_info: PageInfo
    total_count: int

    @strawberry.field(description="The items of this page (shortcut for edges { node }).")
    def nodes(self) -> list[Node]:
        return [edge.node for edge in self.edges]


@strawberry.enum
class SortDirection(Enum):
    """Ascending or descending."""

    ASC = "asc"
    DESC = "desc"


def encode_cursor(offset: int) -> str:
    """An opaque cursor for the item at ``offset``."""
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    """The offset of a cursor.

    Raises:
        BadInput: not a cursor this API issued.
    """
    try:
        kind, _, value = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if kind == "o" and value.isdigit():
            return int(value)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise BadInput(f"Invalid cursor {cursor!r}; pass an endCursor returned by this API.")


def page_size(info: Info, first: int | None) -> int:
    """``first`` (default 50) checked against ``settings.max_page_size``.

    Raises:
        LimitExceeded: more than the configured maximum page size was asked for.
    """
    limit = info.context.settings.max_page_size
    size = 50 if first is None else first
    if size < 0 or size > limit:
        raise LimitExceeded(f"first must be between 0 and {limit}; got {size}.")
    return size


async def paginate(
    info: Info,
    dataset: str,
    flt: Any,
    order: Order,
    *,
    first: int | None,
    after: str | None,
    convert: Callable[[Any], T],
) -> Connection[T]:
    """One page of ``dataset`` filtered by ``flt``, ordered by ``order`` then its key."""
    listed = DATASETS[dataset]
    allowed = list_condition(info.context.caller, dataset, listed.model)
    size = page_size(info, first)
    start = decode_cursor(after) + 1 if after else 0
    statement = listed.statement(flt, order).where(allowed)
    rows = await info.context.db.all(statement.offset(start).limit(size + 1))
    total = (await info.context.db.all(select(func.count()).select_from(statement.order_by(None).subquery())))[0]
    edges = [Edge(cursor=encode_cursor(start + index), node=convert(row)) for index, row in enumerate(rows[:size])]
    return Connection(
        edges=edges,
        total_count=total,
        page_info=PageInfo(
            has_next_page=len(rows) > size,
            has_previous_page=start > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )


def as_filter(filter_type: type[Any], value: Any) -> Any:
    """The filter input (a subclass of the hub's filter dataclass), or an empty filter."""
    return filter_type() if value is None else value


def as_order(order: Sequence[Any] | None) -> list[tuple[str, bool]]:
    """[OrderBy] inputs as (field name, descending) pairs."""
    return [(item.field.value, item.direction == SortDirection.DESC) for item in order or []]


@cache
def filter_input(dataset: str) -> type[Any]:
    """``dataset``'s filter dataclass as a GraphQL input of the same name and description, so a list and
    its export take the same filter (built once: strawberry needs one class per type name)."""
    base = DATASETS[dataset].filter_type
    # the base's module: strawberry resolves the inherited (string) annotations in the subclass's module
    return strawberry.input(type(base.__name__, (base,), {"__module__": base.__module__}), description=base.__doc__)


def _order_input(dataset: str, prefix: str, direction: SortDirection) -> type[Any]:
    """``<prefix>Order``: one of ``dataset``'s sortable columns (a ``<prefix>OrderField``) and a direction."""
    columns = Enum(  # type: ignore[misc]  # a functional Enum named at run time, one per list
        f"{prefix}OrderField", [(name.upper(), name) for name in DATASETS[dataset].order_fields], module=__name__
    )
    namespace = {
        "__annotations__": {"field": strawberry.enum(columns), "direction": SortDirection},
        "direction": direction,
        "__module__": __name__,
    }
    return strawberry.input(type(f"{prefix}Order", (), namespace))


def list_field(
    dataset: str,
    node: type[Any],
    *,
    description: str,
    order: str | None = None,
    direction: SortDirection = SortDirection.ASC,
    default_order: Order = (),
) -> Any:
    """A root field paging through ``dataset`` as ``node`` (built by ``node.from_model``).

    Args:
        dataset: the ``DATASETS`` key; its filter and sortable columns become the field's inputs.
        node: the GraphQL type of one row.
        description: the field's description.
        order: the type-name prefix of the ``orderBy`` input (``Region`` -> ``RegionOrder``); without it
            the field takes no ``orderBy``.
        direction: the default direction of an ``orderBy`` item.
        default_order: the (field, descending) pairs used when ``orderBy`` is empty.
    """
    listed, flt = DATASETS[dataset], filter_input(dataset)

    async def resolve(
        info: Info, filter: Any = None, order_by: Any = None, first: int | None = None, after: str | None = None
    ) -> Connection[Any]:
        return await paginate(
            info,
            dataset,
            as_filter(listed.filter_type, filter),
            as_order(order_by) or list(default_order),
            first=first,
            after=after,
            convert=node.from_model,
        )

    # strawberry reads the arguments, their order and types from the signature: give it this list's types
    arguments: dict[str, Any] = {"filter": flt | None}
    if order is not None:
        arguments["order_by"] = list[_order_input(dataset, order, direction)] | None  # type: ignore[misc]  # built at run time
    arguments |= {"first": int | None, "after": str | None}
    resolve.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter("info", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Info)]
        + [
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation)
            for name, annotation in arguments.items()
        ],
        return_annotation=Connection[node],  # type: ignore[valid-type]  # the node type is a parameter
    )
    return strawberry.field(resolver=resolve, description=description)
