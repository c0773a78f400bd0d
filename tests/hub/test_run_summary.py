"""A run counts every issue but keeps a bounded number, so a huge flagged file cannot exhaust memory."""

from __future__ import annotations

import pytest

from hub.core.errors import RowIssue
from hub.ingest import pipeline


def test_summary_counts_all_issues_and_keeps_the_first_of_each_severity(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "MAX_KEPT_ISSUES", 2)
    summary = pipeline.RunSummary(run_id=1, status="running")
    warnings = [RowIssue(row=n, column="c", value=None, rule="w", severity="warning") for n in range(5)]
    errors = [RowIssue(row=n, column="c", value=None, rule="e") for n in range(3)]

    summary.record(warnings)
    summary.record(errors)

    assert (summary.warning_count, summary.error_count) == (5, 3)
    assert [(i.severity, i.row) for i in summary.issues] == [("warning", 0), ("warning", 1), ("error", 0), ("error", 1)]
