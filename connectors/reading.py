"""Reading source files in bounded chunks: spreadsheets (.xlsx, .xls, .ods through one reader,
python-calamine, with a zip-bomb check first and a formula guard), CSV in any common dialect and
encoding, and JSON, with headers matched the way a person reads them."""

from __future__ import annotations

import codecs
import csv
import json
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from connectors.base import CHUNK_ROWS, Batch
from hub.core.errors import BadInput
from hub.core.text import strip_control

# Zip-bomb guards for XLSX/ODS (zips of XML parts). Real workbooks expand ~8-15x; the declared sizes
# are binding, because zipfile never inflates a member past its declared size (CRC error instead).
XLSX_MAX_UNCOMPRESSED = 512 * 1024 * 1024
XLSX_MAX_RATIO = 100
XLSX_MAX_PARTS = 10_000
ZIPPED_SPREADSHEETS = frozenset({".xlsx", ".xlsm", ".ods"})
SPREADSHEETS = ZIPPED_SPREADSHEETS | {".xls"}
TEXT_TABLES = frozenset({".csv", ".txt", ".tsv"})
SUFFIXES = (*sorted(SPREADSHEETS), *sorted(TEXT_TABLES), ".json")
CSV_DELIMITERS = ";,\t|"
# Encodings tried in order; Windows-1252 is what a spreadsheet in an Indonesian or English Windows
# locale saves as "CSV" (it leaves only five byte values undefined, so it is tried last).
CSV_ENCODINGS = ("utf-8-sig", "cp1252")
_SAMPLE_LINES = 50
_FORMULA = re.compile(r"[ \t\r\n]*(?:=.|[+\-@].*[(|!=])", re.DOTALL)
# Numbers written the Indonesian way: 1.500.000,00 / 1500000,5 / 1.500.000 (dots group thousands)
_ID_NUMBER = re.compile(r"-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")
_ID_EVIDENCE = re.compile(r"-?(?:\d{1,3}(?:\.\d{3})*,\d+|\d{1,3}(?:\.\d{3}){2,})")
XML_PROLOG_BYTES = 64 * 1024  # a part's root element must start within this many bytes


@dataclass
class Table:
    """A sheet or text table as numbered rows (1-based, as a spreadsheet shows them; blank rows
    left out) and, for text, the decimal mark its numbers use."""

    rows: Iterator[tuple[int, list[Any]]]
    sheet: str | None = None
    decimal: str = "."


def open_table(path: Path, *, sheet: str | None = None) -> Table:
    """Open a spreadsheet, CSV or JSON file as numbered rows, the header row among them.

    Raises:
        BadInput: the file is missing, empty, truncated, a zip bomb, not text in a known encoding,
            of an unknown type, or the requested sheet does not exist.
    """
    if not path.is_file():
        raise BadInput(f"{path}: file not found")
    if path.stat().st_size == 0:
        raise BadInput(f"{path.name}: the file is empty")
    suffix = path.suffix.lower()
    if suffix in SPREADSHEETS:
        return _open_spreadsheet(path, sheet)
    if suffix in TEXT_TABLES:
        return _open_csv(path)
    if suffix == ".json":
        return _open_json(path)
    raise BadInput(f"{path.name}: unsupported file type {suffix!r}; use {', '.join(SUFFIXES)}")


def open_rows(
    path: Path, *, sheet: str | None = None, header_row: int | None = None
) -> tuple[list[str], Iterator[tuple[int, list[Any]]], str | None]:
    """Open a file as (header, numbered data rows, sheet name).

    The header is row ``header_row`` (1-based) or else the first row that is not blank; rows
    above it are skipped.

    Raises:
        BadInput: as ``open_table``, or the sheet has no header row.
    """
    table = open_table(path, sheet=sheet)
    header_values: list[Any] | None = None
    for number, values in table.rows:
        if header_row is None or number >= header_row:
            header_values = values
            break
    if header_values is None or not any(v is not None for v in header_values):
        where = f"sheet {table.sheet!r}" if table.sheet else "the file"
        raise BadInput(f"{path.name}: {where} is empty (no header row)")
    return [header_text(value) for value in header_values], table.rows, table.sheet


def header_text(value: Any) -> str:
    """A header cell as text (a number-only header such as ``2024`` reads as ``2024``)."""
    return "" if value is None else str(value).strip()


def _open_spreadsheet(path: Path, sheet: str | None) -> Table:
    from python_calamine import CalamineError, CalamineWorkbook

    check_archive(path)
    kind = path.suffix.lower().lstrip(".").upper()
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = list(workbook.sheet_names)
        if sheet is not None and sheet not in names:
            raise BadInput(f"{path.name}: no sheet named {sheet!r}; the workbook has {names}")
        if not names:
            raise BadInput(f"{path.name}: the workbook has no sheet")
        chosen = sheet if sheet is not None else names[0]
        grid = workbook.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    except BadInput:
        raise
    except (CalamineError, OSError, ValueError, zipfile.BadZipFile) as exc:
        raise BadInput(f"{path.name}: not a readable {kind} workbook (truncated, corrupt or protected): {exc}") from exc
    rows = ((number, [_cell(value) for value in values]) for number, values in enumerate(grid, start=1))
    return Table((row for row in rows if any(value is not None for value in row[1])), chosen)


def _cell(value: Any) -> Any:
    """A spreadsheet cell as openpyxl gave it: blanks are None and whole numbers are ints (the
    reader stores every number as a float; ``2025.0`` is the year 2025)."""
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def check_archive(path: Path) -> None:
    """Refuse a zipped workbook (XLSX, ODS) that could hurt whatever parses it, before anything parses
    it: parts that would inflate past the limits (zip bomb), and XML parts that declare a DTD (XXE,
    billion laughs: a real workbook never has one). The one archive check every reader and upload path
    uses; only the zip directory (read once) and each part's first bytes are read. Files of other types
    pass (their readers are bounded).

    Raises:
        BadInput: an unreadable archive, a possible zip bomb or a DTD in a part.
    """
    if path.suffix.lower() not in ZIPPED_SPREADSHEETS:
        return
    kind = path.suffix.lower().lstrip(".").upper()
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BadInput(f"{path.name}: not a readable {kind} workbook (truncated or corrupt)") from exc
    with archive:
        parts = archive.infolist()
        _check_sizes(path, parts)
        try:
            for part in parts:
                if part.filename.endswith((".xml", ".rels", ".vml")):
                    with archive.open(part) as handle:
                        problem = _prolog_problem(handle.read(XML_PROLOG_BYTES), part.file_size)
                    if problem:
                        raise BadInput(f"{path.name}: part {part.filename[:80]!r} {problem}; refused")
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise BadInput(f"{path.name}: not a readable XLSX workbook (truncated, corrupt or encrypted)") from exc


def _check_sizes(path: Path, parts: list[zipfile.ZipInfo]) -> None:
    """Refuse parts that would inflate past the limits, from their declared sizes (zipfile never
    inflates a member past its declared size)."""
    total = sum(part.file_size for part in parts)
    worst = max(parts, key=lambda part: part.file_size / max(part.compress_size, 1), default=None)
    if (
        len(parts) > XLSX_MAX_PARTS
        or total > XLSX_MAX_UNCOMPRESSED
        or (
            worst is not None
            and worst.file_size > 1 << 20
            and worst.file_size > XLSX_MAX_RATIO * max(worst.compress_size, 1)
        )
    ):
        raise BadInput(
            f"{path.name}: refused as a possible zip bomb ({len(parts)} parts expanding to "
            f"{total / 2**20:,.0f} MiB); save the sheet again from a spreadsheet program"
        )


def _prolog_problem(head: bytes, size: int) -> str | None:
    """Why the start of an XML part is refused, or None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="replace")
    else:
        text = head.decode("latin-1")
    root = re.search(r"<[A-Za-z_]", text)
    prolog = text[: root.start()] if root else text
    if "<!DOCTYPE" in prolog.upper() or "<!ENTITY" in prolog.upper():
        return "declares a DTD or entities (XXE or billion laughs)"
    if root is None and size > len(head):
        return f"has no root element in its first {XML_PROLOG_BYTES // 1024} KiB"
    return None


_FUNCTION_CALL = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*\(")


def formula_like(value: Any) -> bool:
    """True for text a spreadsheet would run as a formula: ``=HYPERLINK(..)``, ``+cmd|' /C calc'!A0``,
    ``@SUM(..)``. A lone ``-`` placeholder, ``-5``, ``+62 812`` or a bullet such as ``-. Lokal (Palapi)``
    (a real price list's specification) are data: after ``+``, ``-`` or ``@`` it takes a reference
    (``!``, ``|``, ``=``) or a function call (a name right before ``(``) to make a formula."""
    if not isinstance(value, str):
        return False
    text = value.lstrip(" \t\r\n")
    if len(text) < 2 or text[0] not in "=+-@":
        return False
    return text[0] == "=" or any(mark in text for mark in "|!=") or _FUNCTION_CALL.search(text) is not None


def formula_cells(frame: pd.DataFrame) -> tuple[int, str, Any] | None:
    """The first (position, column, value) of ``frame`` that is formula-like, column by column."""
    first: tuple[int, str, Any] | None = None
    for column in frame.columns:
        values = frame[column].reset_index(drop=True)
        texts = values[values.map(lambda v: isinstance(v, str)).astype(bool)]
        if texts.empty:
            continue
        # the regex finds the candidates in one vectorised pass; formula_like has the last word on each
        candidates = texts.index[texts.str.match(_FORMULA).to_numpy(dtype=bool)]
        hit = next((int(i) for i in candidates if formula_like(values.iloc[i])), None)
        if hit is not None and (first is None or hit < first[0]):
            first = (hit, str(column), values.iloc[hit])
    return first


def formula_message(file: str, row: int, column: str, value: Any) -> str:
    """The refusal for a cell that holds a spreadsheet formula."""
    return (
        f"{file} row {row} column {column!r}: {str(value)[:60]!r} is a spreadsheet formula; uploads "
        "must hold plain values (paste values, or remove the leading sign)"
    )


def text_encoding(path: Path) -> str:
    """The encoding a text table is in: UTF-8 (with or without BOM) or else Windows-1252.

    Raises:
        BadInput: binary content (NUL bytes, e.g. UTF-16) or bytes no accepted encoding defines.
    """
    with path.open("rb") as handle:
        head = handle.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    failures = []
    for encoding in CSV_ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(1 << 20):
                    if b"\x00" in chunk:
                        raise BadInput(f"{path.name}: binary content in a text file (NUL bytes); save it as CSV UTF-8")
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            failures.append(f"{encoding}: byte {exc.start}")
            continue
        return encoding
    raise BadInput(
        f"{path.name}: the file is neither UTF-8 nor Windows-1252 text ({'; '.join(failures)}); save it as CSV UTF-8"
    )


def _sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the header into the most fields and the most sample lines into
    as many fields as the header (a comma inside ``1.500,00`` does not fool it)."""
    best, best_score = ",", (0, 0)
    for delimiter in CSV_DELIMITERS:
        parsed = list(csv.reader(lines, delimiter=delimiter))
        if not parsed:
            continue
        width = len(parsed[0])
        consistent = sum(len(row) == width for row in parsed[1:]) if width > 1 else 0
        score = (consistent, width) if width > 1 else (0, 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _detect_decimal(rows: list[list[str]]) -> str:
    """``,`` when sample cells are numbers written the Indonesian way (``1.500.000,00``), else ``.``."""
    return "," if any(_ID_EVIDENCE.fullmatch(cell.strip()) for row in rows[1:] for cell in row) else "."


def canonical_number(text: str, decimal: str) -> str:
    """Indonesian number text as plain digits: ``1.500.000,00`` -> ``1500000.00`` when ``decimal``
    is ``,``; anything else comes back unchanged (codes such as ``1.01`` are not numbers)."""
    if decimal != "," or not _ID_NUMBER.fullmatch(text.strip()):
        return text
    return text.strip().replace(".", "").replace(",", ".")


def _open_csv(path: Path) -> Table:
    encoding = text_encoding(path)
    handle = path.open(encoding=encoding, newline="")
    sample = [line for _, line in zip(range(_SAMPLE_LINES), handle, strict=False)]
    handle.seek(0)
    delimiter = _sniff_delimiter(sample)
    decimal = _detect_decimal(list(csv.reader(sample, delimiter=delimiter)))
    reader = csv.reader(handle, delimiter=delimiter)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        with handle:
            try:
                for number, values in enumerate(reader, start=1):
                    if any(value.strip() for value in values):
                        yield number, [canonical_number(v, decimal) if v != "" else None for v in values]
            except csv.Error as exc:
                raise BadInput(f"{path.name} line {reader.line_num}: not readable as CSV: {exc}") from exc

    return Table(rows(), None, decimal)


def _open_json(path: Path) -> Table:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path.name}: the file is not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise BadInput(f"{path.name}: invalid or truncated JSON at line {exc.lineno}: {exc.msg}") from exc
    if isinstance(data, dict):
        data = next((value for value in data.values() if isinstance(value, list)), None)
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise BadInput(f"{path.name}: expected a JSON array of objects")
    if not data:
        raise BadInput(f"{path.name}: the JSON array is empty")
    header = list(dict.fromkeys(key for item in data for key in item))
    # row 1 is the header (the keys); object n is row n + 1, as it would be in a sheet
    items = ((number, [item.get(key) for key in header]) for number, item in enumerate(data, start=1))
    return Table(_prepend((0, list(header)), items))


def _prepend(first: tuple[int, list[Any]], rest: Iterator[tuple[int, list[Any]]]) -> Iterator[tuple[int, list[Any]]]:
    yield first
    yield from rest


def estimate_rows(path: Path, *, sheet: str | None = None) -> int | None:
    """About how many data rows a file has (the first sheet's height, or the text's lines), for a
    progress bar's total; None when it cannot tell cheaply. Never raises."""
    try:
        suffix = path.suffix.lower()
        if suffix in SPREADSHEETS:
            from python_calamine import CalamineWorkbook

            check_archive(path)
            workbook = CalamineWorkbook.from_path(str(path))
            name = sheet if sheet in workbook.sheet_names else workbook.sheet_names[0]
            return max(workbook.get_sheet_by_name(name).height - 1, 0)
        if suffix in TEXT_TABLES:
            with path.open("rb") as handle:
                return max(sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b"")) - 1, 0)
    except Exception:  # an estimate only; reading reports the real problem
        return None
    return None


def read_header(path: Path, *, sheet: str | None = None, header_row: int | None = None) -> list[str]:
    """The header row only, e.g. to recognise a file's layout (the file is closed again).

    Raises:
        BadInput: as ``open_rows``.
    """
    header, rows, _ = open_rows(path, sheet=sheet, header_row=header_row)
    _release(rows)
    return header


def _release(rows: Iterator[Any]) -> None:
    """Close a row generator; starting it first makes its ``finally``/``with`` close the file."""
    for _ in rows:
        break
    if hasattr(rows, "close"):
        rows.close()


def read_batches(
    path: Path,
    columns: Mapping[str, str],
    *,
    sheet: str | None = None,
    optional: frozenset[str] = frozenset(),
    chunk_rows: int = CHUNK_ROWS,
    header_row: int | None = None,
) -> Iterator[Batch]:
    """Stream a file as batches whose columns are renamed by ``columns`` (source -> contract name).

    Source columns not in ``columns`` are dropped; header matching ignores case and surrounding
    spaces; an ``optional`` column the file lacks comes as an empty column. A missing required
    column is reported once, before any row is read. Control characters in text cells are stripped.

    Raises:
        BadInput: unreadable file (see ``open_rows``), missing required columns, or a cell holding
            a spreadsheet formula.
    """
    header, rows, sheet_name = open_rows(path, sheet=sheet, header_row=header_row)
    wanted = {header_key(source): target for source, target in columns.items()}
    positions = {wanted[header_key(name)]: index for index, name in enumerate(header) if header_key(name) in wanted}
    missing: dict[str, list[str]] = {}  # target -> its accepted names (a column may have aliases)
    for source, target in columns.items():
        if target not in positions and target not in optional:
            missing.setdefault(target, []).append(source)
    if missing:
        _release(rows)
        raise BadInput(
            f"{path.name}{f' sheet {sheet_name!r}' if sheet_name else ''}: missing column(s) "
            f"{', '.join(' or '.join(repr(name) for name in names) for names in missing.values())}; "
            f"found {[h for h in header if h]}"
        )
    targets = list(positions)
    absent = [target for target in dict.fromkeys(columns.values()) if target not in positions]  # optional: empty
    for frame, numbers in _chunks(rows, [positions[t] for t in targets], targets, chunk_rows):
        found = formula_cells(frame)
        if found is not None:
            position, target, value = found
            raise BadInput(formula_message(path.name, numbers[position], target, value))
        for target in absent:
            frame[target] = None
        yield Batch(frame, numbers, sheet_name)


def _chunks(
    rows: Iterator[tuple[int, list[Any]]], picks: list[int], names: list[str], size: int
) -> Iterator[tuple[pd.DataFrame, list[int]]]:
    """Rows in frames of ``size``, keeping only the cells at ``picks``."""
    chunk: list[list[Any]] = []
    numbers: list[int] = []
    for number, values in rows:
        width = len(values)
        # control characters are stripped: no field has a use for them and XLSX exports cannot hold them
        chunk.append([strip_control(values[p]) if p < width else None for p in picks])
        numbers.append(number)
        if len(chunk) >= size:
            yield pd.DataFrame(chunk, columns=names, dtype=object), numbers
            chunk, numbers = [], []
    if chunk:
        yield pd.DataFrame(chunk, columns=names, dtype=object), numbers


def header_key(name: str) -> str:
    """How headers are matched: case, repeated and surrounding spaces do not matter."""
    return re.sub(r"\s+", " ", str(name)).strip().casefold()


def normalise_region_name(name: str) -> str:
    """'Kota Depok', 'KOTA DEPOK' and 'Kota  Depok' compare equal; 'Kab.' means 'Kabupaten'."""
    text = re.sub(r"\s+", " ", name).strip().casefold()
    return re.sub(r"^kab\.?\s", "kabupaten ", text)
