"""Repeated keys across a whole file, not just within one chunk: Pandera's ``unique`` only sees the
batch it validates, so readers remember each key's first row here (``FirstOccurrences``) and the
connector either reports the repeats (``duplicate_issues``) or drops exact ones (``drop_exact_repeats``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import pandas as pd

from connectors.base import Batch, issue
from hub.core.errors import RowIssue

DUPLICATE_COLUMN = "duplicate_of"
_SEPARATOR = "\x1f"  # joins a key's parts; no cell of a source holds it


def cell_text(value: Any) -> str:
    """A key cell as comparable text: ``2025``, ``2025.0`` and ``" 2025"`` are equal, and so are the
    amounts ``Decimal("100")`` and ``Decimal("100.00")``; an empty cell is ``""``."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal) and value.is_finite():
        return format(value.normalize(), "f")
    return str(value).strip()


class FirstOccurrences:
    """The row where each key first occurs in one read of a file, across all its chunks.

    Within a chunk the work is pandas' ``duplicated(keep="first")``; across chunks a dict holds one
    row number per distinct key, so memory grows with the number of distinct keys (bounded by the
    target table), not with the file.
    """

    def __init__(self, columns: Sequence[str]) -> None:
        self.columns = list(columns)
        self._first: dict[str, int] = {}

    def _keys(self, frame: pd.DataFrame) -> pd.Series:
        text = frame[self.columns].astype(object).map(cell_text)
        first, *others = (text[column] for column in self.columns)
        return first.str.cat(list(others), sep=_SEPARATOR) if others else first  # type: ignore[arg-type]  # Series of str

    def earlier(self, frame: pd.DataFrame, rows: Sequence[int]) -> pd.Series:
        """Per row of ``frame`` (numbered ``rows``, same index): the row where its key first occurred,
        or NA when this is the first occurrence. Records the chunk's new keys."""
        keys = self._keys(frame)
        numbers = pd.Series(list(rows), index=frame.index, dtype="Int64")
        fresh = ~keys.duplicated(keep="first")
        for key, row in zip(keys[fresh], numbers[fresh], strict=True):
            self._first.setdefault(key, int(row))
        first = keys.map(self._first).astype("Int64")
        return first.where(first != numbers)

    def lookup(self, frame: pd.DataFrame) -> pd.Series:
        """Per row of ``frame``: the row where its key occurred so far, or NA (records nothing), e.g.
        the report row that a mutu row of the same period belongs to."""
        return self._keys(frame).map(self._first).astype("Int64")

    def mark(self, batch: Batch) -> Batch:
        """The batch with its ``duplicate_of`` column filled in, for ``duplicate_issues`` to report."""
        batch.frame[DUPLICATE_COLUMN] = self.earlier(batch.frame, batch.rows)
        return batch


def duplicate_issues(
    frame: pd.DataFrame, rows: Sequence[int], what: str, *, column: str | None = None
) -> list[RowIssue]:
    """One error per row whose key already appeared earlier in the file (marked by ``FirstOccurrences``)."""
    if DUPLICATE_COLUMN not in frame.columns:
        return []
    return [
        issue(
            rows,
            position,
            column,
            frame[column].iloc[position] if column else None,
            f"duplicates row {int(first)}: the same {what} appears twice in the file",
        )
        for position, first in enumerate(frame[DUPLICATE_COLUMN])
        if not pd.isna(first)
    ]


def drop_exact_repeats(
    batches: Iterable[Batch], key: Sequence[str], value: Sequence[str], what: str
) -> Iterator[Batch]:
    """Tell an exact repeat (same key and value as the key's first row: loaded once, with a warning)
    from a conflicting one (same key, another value: kept, with an error that rejects it).

    Rows with an empty key part are passed through untracked. Suits keys whose number is bounded
    (chart codes, sub kegiatan per agency).
    """
    keys, lines = FirstOccurrences(key), FirstOccurrences([*key, *value])
    for batch in batches:
        frame = batch.frame.reset_index(drop=True)
        tracked = frame[list(key)].notna().all(axis=1)
        rows = [row for row, keep in zip(batch.rows, tracked, strict=True) if keep]
        first_key = keys.earlier(frame[tracked], rows).reindex(frame.index)
        first_line = lines.earlier(frame[tracked], rows).reindex(frame.index)
        exact = (first_key.notna() & (first_line == first_key)).fillna(False).to_numpy(dtype=bool)
        issues = list(batch.issues)
        for position in first_key.notna().to_numpy().nonzero()[0]:
            found = " / ".join(str(frame[column].iloc[position]) for column in key)
            if exact[position]:
                issues.append(
                    issue(
                        batch.rows,
                        int(position),
                        key[-1],
                        found,
                        severity="warning",
                        rule=f"repeats row {first_key[position]} exactly ({what}); loaded once",
                    )
                )
            else:
                issues.append(
                    issue(
                        batch.rows,
                        int(position),
                        key[-1],
                        found,
                        f"{what} is already used at row {first_key[position]} with a different value; keep one",
                    )
                )
        keep = (~exact).nonzero()[0]
        yield Batch(
            frame.iloc[keep].reset_index(drop=True), [batch.rows[p] for p in keep], batch.sheet, issues, batch.contract
        )
