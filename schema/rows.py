"""GraphQL types built from store rows: a type copies, by name, every field it shares with its row."""

from __future__ import annotations

import dataclasses
from typing import Any, Self

_COPIED: dict[type, tuple[str, ...]] = {}


class FromRow:
    """Mixin for a strawberry type whose fields are columns of one table (same names)."""

    @classmethod
    def from_model(cls, row: Any, **values: Any) -> Self:
        """The type for ``row``; ``values`` give the fields that are not read from it as they are."""
        names = _COPIED.get(cls)
        if names is None:
            names = _COPIED[cls] = tuple(f.name for f in dataclasses.fields(cls) if f.init)  # type: ignore[arg-type]
        return cls(**{name: getattr(row, name) for name in names if name not in values}, **values)
