"""Before/after snapshots for the audit log of every assistance write."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import SQLModel


def snapshot(row: SQLModel, *, skip: tuple[str, ...] = ("created_at", "updated_at")) -> dict[str, Any]:
    """The row's columns as JSON-ready values (dates as ISO text)."""
    values = {}
    for name in type(row).model_fields:
        if name in skip:
            continue
        value = getattr(row, name)
        values[name] = value.isoformat() if isinstance(value, date | datetime) else value
    return values
