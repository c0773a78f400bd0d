"""Duplicate keys across a whole file, not just within one chunk: Pandera's ``unique`` only sees
the batch it validates, so readers mark repeats here and the connector's ``check`` reports them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import pandas as pd

from connectors.base import Batch, issue
from hub.errors import RowIssue

DUPLICATE_COLUMN = "duplicate_of"


def mark_duplicates(batches: Iterable[Batch], key_columns: Sequence[str],
                    normalise: Any = None) -> Iterator[Batch]:
    """Add ``duplicate_of`` (the row number of the key's first occurrence, or None) to every batch.

    ``normalise`` maps a raw key tuple to the form that must be unique (default: stripped text).
    Memory grows with the number of distinct keys, which is bounded by the target table's size.
    """
    first_seen: dict[tuple[Any, ...], int] = {}
    clean = normalise or (lambda key: tuple(str(part).strip().casefold() for part in key))
    for batch in batches:
        marks: list[int | None] = []
        keys = batch.frame[list(key_columns)].itertuples(index=False, name=None)
        for row, key in zip(batch.rows, keys, strict=True):
            normalised = clean(key)
            previous = first_seen.setdefault(normalised, row)
            marks.append(previous if previous != row else None)
        batch.frame[DUPLICATE_COLUMN] = pd.array(marks, dtype="Int64")
        yield batch


def duplicate_issues(frame: pd.DataFrame, rows: Sequence[int], what: str, *,
                     sheet: str | None = None) -> list[RowIssue]:
    """One error per row whose key already appeared earlier in the file."""
    if DUPLICATE_COLUMN not in frame.columns:
        return []
    return [
        issue(rows, position, None, None, f"duplicates row {int(first)}: the same {what} appears twice", sheet=sheet)
        for position, first in enumerate(frame[DUPLICATE_COLUMN])
        if first is not None and not pd.isna(first)
    ]
