"""CSV/XLSX exports never hand a spreadsheet program a formula to run (CSV/formula injection).

Every export route passes its cell values through ``safe_cell`` (or rows through ``safe_rows``):
text beginning with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading apostrophe,
which spreadsheets show as plain text. Numbers, dates and None pass unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` as a spreadsheet will show it, never run it."""
    if isinstance(value, str) and value.startswith(_TRIGGERS):
        return "'" + value
    return value


def safe_rows(rows: Iterable[Sequence[Any]]) -> Iterator[list[Any]]:
    """Rows with every cell through ``safe_cell``."""
    for row in rows:
        yield [safe_cell(value) for value in row]
