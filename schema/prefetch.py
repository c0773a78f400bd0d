"""Helpers for a list parent (e.g. ``Region.services``) that prepares its items' fields itself.

A field without a resolver costs graphql-core a fraction of an async resolver, and a page of 100
regions has thousands of items: so the parent looks ahead at what the query selects, loads that in
batches and hands its items plain values, built once per request when many parents share them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from strawberry.types.nodes import SelectedField, Selection

from schema.info import Info

T = TypeVar("T")


def selected(info: Info) -> set[str]:
    """GraphQL names of the subfields selected on the current field, through fragments.

    Fields under ``@skip``/``@include`` count as selected: preparing them is only extra work.
    """
    names: set[str] = set()
    _collect((child for field in info.selected_fields for child in field.selections), names)
    return names


def shared(info: Info, key: Hashable, build: Callable[[], T]) -> T:
    """``build()`` once per request for ``key``; later calls return the same value."""
    cache = info.context.loaders.shared
    if key not in cache:
        cache[key] = build()
    return cache[key]


def _collect(selections: Iterable[Selection], names: set[str]) -> None:
    for selection in selections:
        if isinstance(selection, SelectedField):
            names.add(selection.name)
        else:  # a fragment spread or inline fragment
            _collect(selection.selections, names)
