"""Repeated keys across the chunks of one file: first occurrences, reported repeats, dropped exact repeats."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from connectors.base import Batch
from connectors.keys import DUPLICATE_COLUMN, FirstOccurrences, drop_exact_repeats, duplicate_issues


def batch(rows: list[int], **columns: list[object]) -> Batch:
    return Batch(pd.DataFrame(columns, dtype=object), rows)


def test_first_occurrences_span_chunks_and_compare_cells_as_text() -> None:
    seen = FirstOccurrences(["year", "code"])
    first = seen.mark(batch([2, 3, 4], year=[2025, 2025, 2024], code=["A", "B", "A"]))
    later = seen.mark(batch([5, 6, 7], year=[2025.0, " 2025", None], code=["A ", "B", None]))
    assert first.frame[DUPLICATE_COLUMN].tolist() == [pd.NA, pd.NA, pd.NA]
    assert later.frame[DUPLICATE_COLUMN].tolist() == [2, 3, pd.NA]


def test_repeats_within_a_chunk_point_at_the_first_row() -> None:
    seen = FirstOccurrences(["code"])
    marked = seen.mark(batch([10, 11, 12, 13], code=["X", "X", "Y", "X"]))
    assert marked.frame[DUPLICATE_COLUMN].tolist() == [pd.NA, 10, pd.NA, 10]


def test_lookup_finds_earlier_keys_without_recording() -> None:
    seen = FirstOccurrences(["code"])
    seen.mark(batch([2], code=["X"]))
    assert seen.lookup(pd.DataFrame({"code": ["X", "Z"]})).tolist() == [2, pd.NA]
    assert seen.lookup(pd.DataFrame({"code": ["Z"]})).tolist() == [pd.NA]  # Z was not recorded


def test_duplicate_issues_name_the_first_row_and_the_column() -> None:
    marked = FirstOccurrences(["npsn"]).mark(batch([2, 3, 4], npsn=["101", "102", "101"]))
    [found] = duplicate_issues(marked.frame, marked.rows, "NPSN", column="npsn")
    assert (found.row, found.column, found.value, found.severity) == (4, "npsn", "101", "error")
    assert found.rule.startswith("duplicates row 2: the same NPSN")


def test_exact_repeats_leave_the_batch_and_conflicts_stay_with_an_error() -> None:
    chunks = [
        batch([2, 3], code=["1.1", "1.2"], amount=[Decimal("100"), Decimal(5)]),
        batch([4, 5, 6, 7], code=["1.1", "1.2", "1.2", None], amount=[Decimal("100.00"), Decimal(6), Decimal(6), 1]),
        batch([8], code=[None], amount=[1]),
    ]
    out = list(drop_exact_repeats(chunks, ["code"], ["amount"], "this code"))
    assert [b.rows for b in out] == [[2, 3], [5, 6, 7], [8]]  # row 4 repeats row 2 exactly; empty keys pass
    issues = sorted((i.row, i.severity, i.rule) for b in out for i in b.issues)
    assert [(row, severity) for row, severity, _ in issues] == [(4, "warning"), (5, "error"), (6, "error")]
    assert "repeats row 2 exactly" in issues[0][2]
    assert all("already used at row 3 with a different value" in rule for _, _, rule in issues[1:])
