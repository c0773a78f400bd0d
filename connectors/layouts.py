"""Declarative file layouts: a TOML data file maps a file's sheet and columns to the working columns a
connector reads, so a new shape of a known kind of file needs a layout file, not code.

A layout says which header names (aliases) feed each working column, how a code is built from
several cells (zero-padding, placeholder codes such as ``X``/``XX``), which header row and sheet to
use, which rows to skip (repeated header rows, column-number rows, heading rows), how to clean text
(runs of spaces, line breaks, words hyphenated across lines) and whether numbers are written the
Indonesian way (``1.500.000,00``). Shipped layouts are package data in
``connectors/<source>/layouts/*.toml``; the hub recognises one from the header row, and a user's
own is passed with ``--layout FILE`` (``-o layout=FILE`` or a shipped layout's name).
See docs/layouts.md for the format and a worked example.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import chain, islice
from pathlib import Path
from typing import Any

import pandas as pd

from connectors.base import CHUNK_ROWS, Batch
from connectors.reading import (
    canonical_number,
    formula_cells,
    formula_message,
    header_key,
    header_text,
    open_table,
)
from hub.core.errors import BadInput, RowIssue
from hub.core.text import clean_text

HEADER_SEARCH_ROWS = 30  # a header row is looked for among the first rows of a sheet
LAYOUT_FOLDER = "layouts"
_COLUMN_KEYS = frozenset({"aliases", "cells", "widths", "placeholders", "optional", "clean", "number", "header_values"})
_LAYOUT_KEYS = frozenset(
    {
        "name",
        "connector",
        "description",
        "sheet",
        "header_row",
        "decimal",
        "columns",
        "skip",
        "skip_when_empty",
        "skip_repeated_header",
        "skip_numbering_rows",
        "settings",
    }
)


@dataclass(frozen=True)
class Column:
    """One working column: taken from the first alias the header holds, or built from ``cells``."""

    target: str
    aliases: tuple[str, ...] = ()
    cells: tuple[tuple[str, ...], ...] = ()  # each cell by its header name(s)
    widths: tuple[int | str, ...] = ()  # per cell: 2 -> "02"; "1.2" -> "2.02" (digit, then 2-digit number)
    placeholders: frozenset[str] = frozenset()  # codes kept as written, e.g. X, XX
    optional: bool = False
    clean: bool = False
    number: bool = False
    header_values: Mapping[str, str] = field(default_factory=dict)  # header found -> the column's value

    @property
    def label(self) -> str:
        """How the column is named in messages: its first alias, or its cells joined."""
        if self.cells:
            return " + ".join(cell[0] for cell in self.cells)
        return (self.aliases or tuple(self.header_values))[0]


@dataclass(frozen=True)
class Skip:
    """Rows whose ``column`` (working name) fully matches ``matches`` are skipped with a warning."""

    column: str
    matches: re.Pattern[str]
    reason: str


@dataclass(frozen=True)
class Layout:
    """One file shape of one connector (see the module docstring)."""

    name: str
    connector: str
    columns: tuple[Column, ...]
    description: str = ""
    sheet: str | None = None
    header_row: int | None = None
    decimal: str | None = None
    skip: tuple[Skip, ...] = ()
    skip_when_empty: tuple[str, ...] = ()
    skip_repeated_header: bool = True
    skip_numbering_rows: bool = True
    settings: Mapping[str, Any] = field(default_factory=dict)
    origin: str = ""

    @property
    def targets(self) -> list[str]:
        """The working columns the layout yields, in order."""
        return [column.target for column in self.columns]

    def locate(self, header: Sequence[str]) -> tuple[dict[str, list[int]], list[str]]:
        """(working column -> header positions, labels of the required columns the header lacks)."""
        index: dict[str, int] = {}
        for position, name in enumerate(header):
            index.setdefault(header_key(name), position)
        found: dict[str, list[int]] = {}
        missing: list[str] = []
        for column in self.columns:
            if column.cells:
                positions = [
                    next((index[k] for k in map(header_key, cell) if k in index), None) for cell in column.cells
                ]
                if all(p is not None for p in positions):
                    found[column.target] = [p for p in positions if p is not None]
                    continue
            else:
                names = column.aliases or tuple(column.header_values)
                found_at = next((index[k] for k in map(header_key, names) if k in index), None)
                if found_at is not None:
                    found[column.target] = [found_at]
                    continue
            if not column.optional:
                missing.append(column.label)
        return found, missing


@dataclass
class Opened:
    """A file opened with its layout: the header row, the rows below it and where they came from."""

    layout: Layout
    header: list[str]
    header_row: int
    header_block: list[list[str]]  # the header row and the row above it, as written
    rows: Iterator[tuple[int, list[Any]]]
    sheet: str | None
    decimal: str
    file: str


def load_layout(path: Path) -> Layout:
    """Read a layout file.

    Raises:
        BadInput: not a readable TOML layout (the message names the problem).
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise BadInput(f"layout {path.name}: not a readable TOML file: {exc}") from exc
    return parse_layout(data, origin=str(path))


def parse_layout(data: Mapping[str, Any], *, origin: str = "") -> Layout:
    """A ``Layout`` from parsed TOML.

    Raises:
        BadInput: unknown keys, a missing name/connector/columns, or a bad pattern.
    """
    where = f"layout {Path(origin).name or data.get('name', '?')}"
    unknown = sorted(set(data) - _LAYOUT_KEYS)
    if unknown:
        raise BadInput(f"{where}: unknown key(s) {unknown}; known: {sorted(_LAYOUT_KEYS)}")
    for key in ("name", "connector", "columns"):
        if not data.get(key):
            raise BadInput(f"{where}: {key!r} is required")
    columns = tuple(_parse_column(where, target, spec) for target, spec in data["columns"].items())
    try:
        skips = tuple(
            Skip(rule["column"], re.compile(rule["matches"]), rule.get("reason", "matches a skip rule"))
            for rule in data.get("skip", [])
        )
    except (KeyError, TypeError, re.error) as exc:
        raise BadInput(f"{where}: each [[skip]] needs column and a valid matches pattern: {exc}") from exc
    decimal = data.get("decimal")
    if decimal not in (None, ".", ","):
        raise BadInput(f"{where}: decimal must be '.' or ','")
    return Layout(
        name=str(data["name"]),
        connector=str(data["connector"]),
        columns=columns,
        description=str(data.get("description", "")),
        sheet=data.get("sheet"),
        header_row=data.get("header_row"),
        decimal=decimal,
        skip=skips,
        skip_when_empty=tuple(data.get("skip_when_empty", ())),
        skip_repeated_header=bool(data.get("skip_repeated_header", True)),
        skip_numbering_rows=bool(data.get("skip_numbering_rows", True)),
        settings=dict(data.get("settings", {})),
        origin=origin,
    )


def _parse_column(where: str, target: str, spec: Any) -> Column:
    if isinstance(spec, str):
        spec = {"aliases": [spec]}
    elif isinstance(spec, list):
        spec = {"aliases": spec}
    if not isinstance(spec, dict):
        raise BadInput(f"{where}: column {target!r} must be a header name, a list of names or a table")
    unknown = sorted(set(spec) - _COLUMN_KEYS)
    if unknown:
        raise BadInput(f"{where}: column {target!r} has unknown key(s) {unknown}; known: {sorted(_COLUMN_KEYS)}")
    aliases = tuple(spec.get("aliases", ()))
    cells = tuple((cell,) if isinstance(cell, str) else tuple(cell) for cell in spec.get("cells", ()))
    header_values = {str(k): str(v) for k, v in spec.get("header_values", {}).items()}
    if not aliases and not cells and not header_values:
        raise BadInput(f"{where}: column {target!r} needs aliases, cells or header_values")
    widths = tuple(spec.get("widths", ()))
    if widths and len(widths) != len(cells):
        raise BadInput(f"{where}: column {target!r} needs one width per cell ({len(cells)})")
    return Column(
        target=target,
        aliases=aliases,
        cells=cells,
        widths=widths,
        placeholders=frozenset(str(p).upper() for p in spec.get("placeholders", ())),
        optional=bool(spec.get("optional", False)),
        clean=bool(spec.get("clean", False)),
        number=bool(spec.get("number", False)),
        header_values=header_values,
    )


@cache
def _shipped() -> tuple[Layout, ...]:
    root = Path(__file__).parent
    return tuple(load_layout(path) for path in sorted(root.glob(f"*/{LAYOUT_FOLDER}/*.toml")))


def shipped_layouts(connector: str) -> tuple[Layout, ...]:
    """The layouts shipped for ``connector``, in file-name order."""
    return tuple(layout for layout in _shipped() if layout.connector == connector)


def layouts_for(connector: str, options: Mapping[str, str]) -> tuple[Layout, ...]:
    """The layouts to try: the one ``-o layout=`` names (a shipped name or a .toml file), else all shipped.

    Raises:
        BadInput: the named layout is unknown, unreadable or for another connector.
    """
    chosen = options.get("layout")
    shipped = shipped_layouts(connector)
    if not chosen:
        return shipped
    named = [layout for layout in shipped if layout.name == chosen]
    if named:
        return tuple(named)
    path = Path(chosen)
    if path.suffix.lower() != ".toml" or not path.is_file():
        raise BadInput(
            f"layout {chosen!r}: neither a {connector} layout ({', '.join(lay.name for lay in shipped)}) "
            "nor a .toml layout file"
        )
    layout = load_layout(path)
    if layout.connector != connector:
        raise BadInput(f"layout {path.name} is for {layout.connector!r}, not {connector!r}")
    return (layout,)


def _header_at(rows: Sequence[tuple[int, list[Any]]], index: int) -> list[str]:
    """Row ``index`` as a header; a blank cell takes the text above it (a two-row header whose upper
    cells are merged, e.g. ``NOMENKLATUR`` over two rows beside ``KODE`` split into five)."""
    values = [header_text(value) for value in rows[index][1]]
    if index == 0:
        return values
    above = [header_text(value) for value in rows[index - 1][1]]
    return [value or (above[i] if i < len(above) else "") for i, value in enumerate(values)]


def open_with_layout(path: Path, layouts: Sequence[Layout], *, sheet: str | None = None) -> Opened:
    """Open ``path`` with the layout whose columns its header holds (all required ones, then the
    most); the header is looked for among the first rows unless the layout fixes its row.

    Raises:
        BadInput: unreadable file, or no layout matches: the message lists the columns found and
            what the closest layout lacks.
    """
    if not layouts:
        raise BadInput(f"{path.name}: no layout is known for this source")
    table = open_table(path, sheet=sheet or (layouts[0].sheet if len(layouts) == 1 else None))
    head = list(islice(table.rows, HEADER_SEARCH_ROWS))
    best: tuple[tuple[int, int, int], Layout, int] | None = None
    closest: tuple[tuple[int, int, int], Layout, list[str], list[str]] | None = None
    for layout in layouts:
        for index in range(len(head)):
            if layout.header_row is not None and head[index][0] != layout.header_row:
                continue
            header = _header_at(head, index)
            found, missing = layout.locate(header)
            named = [h for h in header if h]
            score = (-len(missing), len(found), len(named))  # the fullest row reads as the header
            if not missing and (best is None or score > best[0]):
                best = (score, layout, index)
            if closest is None or score > closest[0]:
                closest = (score, layout, missing, named)
    if best is None:
        _release(table.rows)
        found_columns = closest[3] if closest else []
        hint = f"; the closest layout, {closest[1].name}, lacks {closest[2]}" if closest and closest[2] else ""
        raise BadInput(
            f"{path.name}: matches no {layouts[0].connector} layout ({', '.join(lay.name for lay in layouts)})"
            f"; columns found: {found_columns}{hint}. Describe the file in a layout file and pass "
            "--layout FILE (see docs/layouts.md)"
        )
    _, layout, index = best
    header = _header_at(head, index)
    rows = chain(head[index + 1 :], table.rows)
    decimal = layout.decimal or table.decimal
    block = [[header_text(v) for v in head[i][1]] for i in (index - 1, index) if i >= 0]
    return Opened(layout, header, head[index][0], block, rows, table.sheet, decimal, path.name)


def _release(rows: Iterator[Any]) -> None:
    close = getattr(rows, "close", None)
    if close is not None:
        close()


def read_layout(opened: Opened, *, chunk_rows: int = CHUNK_ROWS) -> Iterator[Batch]:
    """Stream an opened file as batches of the layout's working columns (a column the file lacks
    is empty); skipped rows come back as warnings on the batch.

    Raises:
        BadInput: a cell holds a spreadsheet formula.
    """
    layout = opened.layout
    positions, _ = layout.locate(opened.header)
    header_keys: dict[int, set[str]] = {}
    for texts in opened.header_block:
        for position, text in enumerate(texts):
            if text:
                header_keys.setdefault(position, set()).add(header_key(text))
    constants = {
        c.target: _constant(c, opened.header, positions.get(c.target)) for c in layout.columns if c.header_values
    }
    chunk: list[list[Any]] = []
    numbers: list[int] = []
    issues: list[RowIssue] = []
    for number, values in opened.rows:
        reason = _skip_reason(layout, values, header_keys)
        if reason:
            issues.append(_skipped(number, None, None, reason, opened.sheet))
            continue
        chunk.append(
            [
                constants[c.target]
                if c.target in constants
                else _value(c, values, positions.get(c.target), opened.decimal)
                for c in layout.columns
            ]
        )
        numbers.append(number)
        if len(chunk) >= chunk_rows:
            yield _batch(opened, chunk, numbers, issues)
            chunk, numbers, issues = [], [], []
    if chunk or issues:
        yield _batch(opened, chunk, numbers, issues)


def _batch(opened: Opened, chunk: list[list[Any]], numbers: list[int], issues: list[RowIssue]) -> Batch:
    layout = opened.layout
    frame = pd.DataFrame(chunk, columns=layout.targets, dtype=object)
    found = formula_cells(frame)
    if found is not None:
        position, target, value = found
        raise BadInput(formula_message(opened.file, numbers[position], target, value))
    for rule in layout.skip:
        if rule.column in frame:
            text = frame[rule.column].map(lambda v: "" if v is None else str(v))
            hit = text.str.fullmatch(rule.matches).to_numpy(dtype=bool)
            issues += [
                _skipped(numbers[p], rule.column, text.iloc[p], rule.reason, opened.sheet) for p in hit.nonzero()[0]
            ]
            frame, numbers = _keep(frame, numbers, ~hit)
    for target in layout.skip_when_empty:
        if target in frame:
            empty = frame[target].isna().to_numpy(dtype=bool)
            issues += [
                _skipped(numbers[p], target, None, f"no {target}: skipped (a heading or blank line)", opened.sheet)
                for p in empty.nonzero()[0]
            ]
            frame, numbers = _keep(frame, numbers, ~empty)
    return Batch(frame, numbers, opened.sheet, sorted(issues, key=lambda i: i.row or 0))


def _keep(frame: pd.DataFrame, numbers: list[int], keep: Any) -> tuple[pd.DataFrame, list[int]]:
    return frame[keep].reset_index(drop=True), [n for n, k in zip(numbers, keep, strict=True) if k]


def _skipped(row: int, column: str | None, value: Any, reason: str, sheet: str | None) -> RowIssue:
    return RowIssue(row=row, column=column, value=value, rule=f"row skipped: {reason}", severity="warning", sheet=sheet)


def _skip_reason(layout: Layout, values: list[Any], header_keys: Mapping[int, set[str]]) -> str | None:
    """Why a raw row is not data: it repeats the header (a table continued on a new PDF page) or
    numbers the columns (``1 | 2 | 3 ...`` under a printed header)."""
    if layout.skip_repeated_header:
        cells = [(p, header_key(header_text(v))) for p, v in enumerate(values) if v is not None and str(v).strip()]
        same = sum(1 for p, key in cells if key in header_keys.get(p, ()))
        if same >= 2 and same * 2 >= len(cells):
            return "repeats the header row"
    if layout.skip_numbering_rows:
        numbers = [_integer(v) for v in values if v is not None and str(v).strip() != ""]
        first = numbers[0] if numbers else None
        if len(numbers) >= 3 and first is not None and numbers == list(range(first, first + len(numbers))):
            return "numbers the columns (1, 2, 3, ...)"
    return None


def _constant(column: Column, header: Sequence[str], spots: list[int] | None) -> str | None:
    """The value a column takes from which of its ``header_values`` names the file's header holds
    (e.g. ``NOMENKLATUR URUSAN KABUPATEN/KOTA`` -> ``KABKOT``)."""
    if not spots:
        return None
    found = header_key(header[spots[0]])
    return next((value for name, value in column.header_values.items() if header_key(name) == found), None)


def _integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip().strip("()")
    return int(text) if text.isdigit() else None


def _value(column: Column, values: list[Any], spots: list[int] | None, decimal: str) -> Any:
    if spots is None:
        return None
    cells = [values[p] if p < len(values) else None for p in spots]
    if column.cells:
        return build_code(cells, column.widths, column.placeholders)
    value = cells[0]
    if isinstance(value, str):
        if column.clean:
            value = clean_text(value)
        elif not value.strip():
            value = None
        if column.number and value is not None:
            value = canonical_number(value, decimal if decimal == "," else ",")
    return value


def build_code(cells: Sequence[Any], widths: Sequence[int | str], placeholders: frozenset[str]) -> str | None:
    """A dotted code from its cells, zero padding restored: ``1 | 2 | 2 | '2.02' | 1`` with widths
    ``1, 2, 2, "1.2", 4`` is ``1.02.02.2.02.0001``. The code ends at the first empty cell; a cell
    that repeats the code so far (``1.02`` under ``1``) adds only its last part; placeholders
    (``X``, ``XX``) are kept as written."""
    parts: list[str] = []
    for position, cell in enumerate(cells):
        width = widths[position] if position < len(widths) else None
        part = _code_part(cell, width, placeholders)
        if part is None:
            break
        so_far = ".".join(parts)
        if so_far and part.startswith(f"{so_far}."):
            part = part[len(so_far) + 1 :]
        parts.append(part)
    return ".".join(parts) or None


def _code_part(cell: Any, width: int | str | None, placeholders: frozenset[str]) -> str | None:
    if cell is None:
        return None
    if isinstance(cell, float) and width is not None and isinstance(width, str):
        decimals = int(width.split(".")[-1])
        cell = f"{cell:.{decimals}f}"  # 2.1 typed for 2.10
    elif isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = re.sub(r"\s+", "", str(cell))
    if not text:
        return None
    if text.upper() in placeholders:
        return text.upper()
    if width is None:
        return text
    sizes = [int(size) for size in str(width).split(".")]
    pieces = text.split(".")
    if len(pieces) != len(sizes):
        return text  # left as written; the contract reports it if it is not a valid code
    return ".".join(
        piece.zfill(size) if piece.isdigit() else piece.upper() for piece, size in zip(pieces, sizes, strict=True)
    )
