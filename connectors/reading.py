"""Reading source files in bounded chunks: XLSX (zip-bomb and formula guards), CSV and JSON, with
headers matched the way a person reads them."""

from __future__ import annotations

import csv
import json
import re
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from connectors.base import CHUNK_ROWS, Batch
from hub.core.errors import BadInput

# Zip-bomb guards for XLSX (a zip of XML parts). Real workbooks expand ~8-15x; the declared sizes
# are binding, because zipfile never inflates a member past its declared size (CRC error instead).
XLSX_MAX_UNCOMPRESSED = 512 * 1024 * 1024
XLSX_MAX_RATIO = 100
XLSX_MAX_PARTS = 10_000


def open_rows(path: Path, *, sheet: str | None = None) -> tuple[list[str], Iterator[tuple[int, list[Any]]], str | None]:
    """Open an XLSX, CSV or JSON file as (header, numbered data rows, sheet name).

    Raises:
        BadInput: the file is missing, empty, truncated, not UTF-8, of an unknown type, or the
            requested sheet does not exist.
    """
    if not path.is_file():
        raise BadInput(f"{path}: file not found")
    if path.stat().st_size == 0:
        raise BadInput(f"{path.name}: the file is empty")
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return _open_xlsx(path, sheet)
    if suffix in {".csv", ".txt"}:
        return _open_csv(path)
    if suffix == ".json":
        return _open_json(path)
    raise BadInput(f"{path.name}: unsupported file type {suffix!r}; use .xlsx, .csv or .json")


def _open_xlsx(path: Path, sheet: str | None) -> tuple[list[str], Iterator[tuple[int, list[Any]]], str | None]:
    import openpyxl

    _check_zip(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise BadInput(f"{path.name}: not a readable XLSX workbook (truncated or corrupt): {exc}") from exc
    if sheet is not None and sheet not in workbook.sheetnames:
        raise BadInput(f"{path.name}: no sheet named {sheet!r}; the workbook has {workbook.sheetnames}")
    worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    iterator = worksheet.iter_rows(values_only=True)
    try:
        header_row = next(iterator)
    except StopIteration as exc:
        raise BadInput(f"{path.name}: sheet {worksheet.title!r} is empty") from exc
    except zipfile.BadZipFile as exc:
        raise BadInput(f"{path.name}: the workbook is truncated or corrupt: {exc}") from exc
    header = [str(value).strip() if value is not None else "" for value in header_row]

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, values in enumerate(iterator, start=2):
                if values and any(value is not None and value != "" for value in values):
                    yield number, list(values)
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise BadInput(f"{path.name}: the workbook is truncated or corrupt: {exc}") from exc
        finally:
            workbook.close()

    return header, rows(), worksheet.title


def _check_zip(path: Path) -> None:
    """Refuse a workbook whose parts would inflate to more than the limits, before anything inflates."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise BadInput(f"{path.name}: not a readable XLSX workbook (truncated or corrupt)") from exc
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


def formula_like(value: Any) -> bool:
    """True for text a spreadsheet would run as a formula: ``=HYPERLINK(..)``, ``+cmd|' /C calc'!A0``,
    ``@SUM(..)``. A lone ``-`` placeholder, ``-5`` or ``+62 812`` are data, not formulas."""
    if not isinstance(value, str):
        return False
    text = value.lstrip(" \t\r\n")
    if len(text) < 2 or text[0] not in "=+-@":
        return False
    return text[0] == "=" or any(mark in text for mark in "(|!=")


def _open_csv(path: Path) -> tuple[list[str], Iterator[tuple[int, list[Any]]], str | None]:
    try:
        with path.open(encoding="utf-8-sig") as probe:
            for _ in probe:
                pass
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path.name}: the file is not UTF-8 text (byte {exc.start}); save it as CSV UTF-8") from exc
    handle = path.open(encoding="utf-8-sig", newline="")
    sample = handle.read(65536)
    handle.seek(0)
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(handle, dialect)
    header = [value.strip() for value in next(reader, [])]
    if not any(header):
        handle.close()
        raise BadInput(f"{path.name}: the file has no header row")

    def rows() -> Iterator[tuple[int, list[Any]]]:
        with handle:
            for number, values in enumerate(reader, start=2):
                if any(value.strip() for value in values):
                    yield number, [value if value != "" else None for value in values]

    return header, rows(), None


def _open_json(path: Path) -> tuple[list[str], Iterator[tuple[int, list[Any]]], str | None]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
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
    return header, ((number, [item.get(key) for key in header]) for number, item in enumerate(data, start=1)), None


def read_header(path: Path, *, sheet: str | None = None) -> list[str]:
    """The header row only, e.g. to recognise a file's layout (the file is closed again).

    Raises:
        BadInput: as ``open_rows``.
    """
    header, rows, _ = open_rows(path, sheet=sheet)
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
) -> Iterator[Batch]:
    """Stream a file as batches whose columns are renamed by ``columns`` (source -> contract name).

    Source columns not in ``columns`` are dropped; header matching ignores case and surrounding
    spaces; an ``optional`` column the file lacks comes as an empty column. A missing required
    column is reported once, before any row is read.

    Raises:
        BadInput: unreadable file (see ``open_rows``) or missing required columns.
    """
    header, rows, sheet_name = open_rows(path, sheet=sheet)
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
    chunk: list[list[Any]] = []
    numbers: list[int] = []
    targets = list(positions)
    absent = [target for target in dict.fromkeys(columns.values()) if target not in positions]  # optional: empty

    def batch() -> Batch:
        frame = pd.DataFrame(chunk, columns=targets, dtype=object)
        for target in absent:
            frame[target] = None
        return Batch(frame, numbers, sheet_name)

    for number, values in rows:
        picked = [values[positions[t]] if positions[t] < len(values) else None for t in targets]
        for target, value in zip(targets, picked, strict=True):
            if formula_like(value):
                raise BadInput(
                    f"{path.name} row {number} column {target!r}: {str(value)[:60]!r} is a spreadsheet "
                    "formula; uploads must hold plain values (paste values, or remove the leading sign)"
                )
        chunk.append(picked)
        numbers.append(number)
        if len(chunk) >= chunk_rows:
            yield batch()
            chunk, numbers = [], []
    if chunk:
        yield batch()


def header_key(name: str) -> str:
    """How headers are matched: case, repeated and surrounding spaces do not matter."""
    return re.sub(r"\s+", " ", str(name)).strip().casefold()


def normalise_region_name(name: str) -> str:
    """'Kota Depok', 'KOTA DEPOK' and 'Kota  Depok' compare equal; 'Kab.' means 'Kabupaten'."""
    text = re.sub(r"\s+", " ", name).strip().casefold()
    return re.sub(r"^kab\.?\s", "kabupaten ", text)
