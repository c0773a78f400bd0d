"""Read the minutes workbook of an assistance session (the hub's template, or its export with the
current statuses): Bahasa Indonesia headers, status and "what it concerns" as the dropdown words
(or the codes), dates as spreadsheet dates or text (2025-09-30, 30/09/2025). An empty status is open.

Option ``session=<id>`` names the session (the template carries it too; the writer checks both)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd

from connectors.base import Batch, Need, References, issue
from connectors.minutes.contract import MinutesContract
from connectors.reading import read_batches
from hub.core.errors import RowIssue
from hub.core.vocabulary import (
    FOLLOW_UP_CONCERN_WORDS,
    FOLLOW_UP_STATUS_WORDS,
    MINUTES_COLUMNS,
    MINUTES_OPTIONAL,
    MINUTES_SHEET,
)

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == ""


def as_iso_date(value: Any) -> Any:
    """A spreadsheet date or a date in a common written form as ``YYYY-MM-DD``; anything else unchanged
    (the contract then reports it)."""
    if _blank(value):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(text, form).date().isoformat()
        except ValueError:
            continue
    return text


def as_code(value: Any, words: Mapping[str, str], default: str | None) -> Any:
    """A dropdown word (case and spacing ignored) or a code as the code; unknown text unchanged."""
    if _blank(value):
        return default
    text = _clean(value).lower()
    code = text.replace(" ", "_")
    return words.get(text) or (code if code in words.values() else str(value))


def _clean(value: Any) -> str:
    return " ".join(str(value).split())


class MinutesConnector:
    """Decisions and follow-ups of one assistance session (``session=<id>``)."""

    name: ClassVar[str] = "minutes"
    description: ClassVar[str] = "Minutes of an assistance session: decisions and follow-ups (the hub's XLSX template)"
    contract: ClassVar[type[MinutesContract]] = MinutesContract
    needs: ClassVar[frozenset[Need]] = frozenset({"region_levels"})

    def read(self, path: Path, options: Mapping[str, str]) -> Iterator[Batch]:
        sheet = options.get("sheet") or (MINUTES_SHEET if path.suffix.lower() in {".xlsx", ".xlsm"} else None)
        for batch in read_batches(path, dict(MINUTES_COLUMNS), sheet=sheet, optional=MINUTES_OPTIONAL):
            frame = batch.frame
            for column in ("due_on", "closed_on"):
                frame[column] = [as_iso_date(value) for value in frame[column]]
            frame["status"] = [as_code(value, FOLLOW_UP_STATUS_WORDS, "open") for value in frame["status"]]
            frame["concerns"] = [as_code(value, FOLLOW_UP_CONCERN_WORDS, None) for value in frame["concerns"]]
            for column in ("decision", "action", "owner_opd", "owner_role", "owner_region_code"):
                frame[column] = [None if _blank(v) else _clean(v) for v in frame[column]]
            yield batch

    def check(
        self, frame: pd.DataFrame, rows: Sequence[int], refs: References, options: Mapping[str, str]
    ) -> list[RowIssue]:
        issues = []
        texts: dict[int, str] = {}
        for position, (code, number, text) in enumerate(
            zip(frame["owner_region_code"], frame["decision_number"], frame["decision"], strict=True)
        ):
            if code not in refs.region_levels:
                issues.append(issue(rows, position, "owner_region_code", code, "is not a known kode wilayah"))
            first = texts.setdefault(int(number), text)
            if first != text:
                issues.append(
                    issue(rows, position, "decision", text, f"decision {number} has another text on an earlier row")
                )
        return issues
