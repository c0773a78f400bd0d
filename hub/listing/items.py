"""Which item list is in force for a region's services (shared by costing and the price matcher):
the region's latest own version of a service's list, else the latest national version."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import or_
from sqlmodel import col, select

from hub import models


def lists_statement(region_code: str) -> Any:
    """Every list a region may use: (service, list id, owner region or None, version)."""
    model = models.ItemList
    return select(model.service_code, model.id, model.region_code, model.version).where(
        or_(model.region_code == region_code, col(model.region_code).is_(None))
    )


def in_force(rows: Iterable[Any]) -> dict[str, tuple[int, int, str | None]]:
    """service -> (list id, version, owner) of the list in force, from ``lists_statement`` rows."""
    chosen: dict[str, tuple[int, int, str | None]] = {}
    for service, list_id, owner, version in rows:
        current = chosen.get(service)
        if current is None or (owner is not None, version) > (current[2] is not None, current[1]):
            chosen[service] = (list_id, version, owner)
    return chosen
