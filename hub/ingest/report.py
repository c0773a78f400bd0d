"""A run's report that leads with what blocks: issues grouped by rule (and column), errors first, each
group with its count, its first rows and its row ranges; the same for the CLI, ``spm-hub runs --run N``,
GraphQL ``IngestRun.report`` and the issue downloads.

Groups are counted as issues arrive, so every issue of a file is counted even when only the first
ones are kept; memory is bounded by the number of distinct rules, the first rows and the ranges kept.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hub.core.errors import RowIssue

FIRST_ROWS = 5
MAX_RANGES = 20
SEVERITY_ORDER = {"error": 0, "warning": 1}
_ROW_NUMBER = re.compile(r"\b(rows?) \d+")
ISSUE_COLUMNS = ("severity", "file", "sheet", "row", "column", "value", "rule")


def rule_key(rule: str) -> str:
    """The rule with its row numbers taken out (``duplicates row 12: ...`` -> ``duplicates row N: ...``)
    so repeats of one rule fall in one group."""
    return _ROW_NUMBER.sub(r"\1 N", rule)


@dataclass
class IssueGroup:
    """Every issue of one severity, rule and column."""

    severity: str
    rule: str
    column: str | None
    count: int = 0
    first_rows: list[int] = field(default_factory=list)
    ranges: list[list[int]] = field(default_factory=list)  # [first, last] row of each run of rows
    more_ranges: bool = False  # rows beyond the MAX_RANGES ranges kept

    def add(self, row: int | None) -> None:
        """Count one issue at ``row`` (None: a file-level issue)."""
        self.count += 1
        if row is None:
            return
        if len(self.first_rows) < FIRST_ROWS and row not in self.first_rows:
            self.first_rows.append(row)
        last = self.ranges[-1] if self.ranges else None
        if last is not None and last[0] <= row <= last[1] + 1:
            last[1] = max(last[1], row)
        elif len(self.ranges) < MAX_RANGES:
            self.ranges.append([row, row])
        else:
            self.more_ranges = True

    @property
    def ranges_text(self) -> str:
        """``2-10, 15, 20-22`` (and ``...`` when more ranges were left out)."""
        text = ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in self.ranges)
        return f"{text}, ..." if self.more_ranges else text

    def to_dict(self) -> dict[str, Any]:
        """As stored with the run (JSON)."""
        return {
            "severity": self.severity,
            "rule": self.rule,
            "column": self.column,
            "count": self.count,
            "first_rows": self.first_rows,
            "ranges": self.ranges,
            "more_ranges": self.more_ranges,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IssueGroup:
        """From what ``to_dict`` stored."""
        return cls(**data)


@dataclass
class IssueReport:
    """Issues grouped as they arrive (see the module docstring)."""

    groups: dict[tuple[str, str, str | None], IssueGroup] = field(default_factory=dict)

    def add(self, item: RowIssue) -> None:
        """Count one issue in its group."""
        rule = rule_key(item.rule)
        key = (item.severity, rule, item.column)
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = IssueGroup(item.severity, rule, item.column)
        group.add(item.row)

    def ordered(self) -> list[IssueGroup]:
        """Errors first, then warnings; within each, the largest group first."""
        return sorted(self.groups.values(), key=lambda g: (SEVERITY_ORDER.get(g.severity, 2), -g.count, g.rule))


def group_issues(issues: Iterable[RowIssue]) -> list[IssueGroup]:
    """``issues`` grouped, errors first."""
    report = IssueReport()
    for item in issues:
        report.add(item)
    return report.ordered()


def errors_first(issues: Sequence[RowIssue]) -> list[RowIssue]:
    """The issues with every error before any warning, each in file order."""
    return sorted(issues, key=lambda i: SEVERITY_ORDER.get(i.severity, 2))


def write_issues(path: Path, issues: Iterable[dict[str, Any]]) -> int:
    """Write issues (as stored with a run) to ``path``: .csv or .xlsx by its suffix; returns the count.

    Raises:
        ValueError: another suffix.
    """
    rows = [[plain_cell(item.get(column)) for column in ISSUE_COLUMNS] for item in issues]
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(ISSUE_COLUMNS)
            writer.writerows(rows)
    elif suffix == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Issues")
        sheet.append(list(ISSUE_COLUMNS))
        for row in rows:
            sheet.append(row)
        workbook.save(path)
    else:
        raise ValueError(f"{path.name}: write issues to a .csv or .xlsx file")
    return len(rows)


def plain_cell(value: Any) -> Any:
    """A cell that a spreadsheet will not run as a formula (values come from uploaded files)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
