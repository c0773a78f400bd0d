"""Helpers for connector tests: run a load, snapshot the store, build bad files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from sqlalchemy import Engine, text

from hub.core.errors import HubError
from hub.ingest import IngestOptions, RunSummary, ingest

SNAPSHOT_SQL = {
    "reports": "SELECT COUNT(*), SUM(targeted), SUM(served), SUM(budget_realised) FROM achievement_report",
    "mutu": "SELECT COUNT(*), SUM(required), SUM(fulfilled) FROM mutu_fulfilment",
    "schools": "SELECT COUNT(*), SUM(students), SUM(teachers), COUNT(region_code) FROM school",
    "indicators": "SELECT COUNT(*) FROM rapor_indicator",
    "values": "SELECT COUNT(*), SUM(score), COUNT(category) FROM rapor_value",
}


def snapshot(engine: Engine) -> dict[str, tuple[Any, ...]]:
    """Counts and sums of every table the education/report connectors write."""
    with engine.connect() as connection:
        return {name: tuple(connection.execute(text(sql)).one()) for name, sql in SNAPSHOT_SQL.items()}


def load(engine: Engine, source: str, path: Path | str, **options: str) -> RunSummary:
    """Run one ingest with ``-o key=value`` options."""
    return ingest(engine, source, path, IngestOptions(options=options))


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[Any]]]) -> Path:
    """A workbook with one sheet per entry (first row = header)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    workbook.save(path)
    return path


def read_sheet(path: Path, sheet: str) -> list[list[Any]]:
    """All rows of a sheet, header first."""
    workbook = load_workbook(path, read_only=True)
    try:
        return [list(row) for row in workbook[sheet].iter_rows(values_only=True)]
    finally:
        workbook.close()


def truncated(source: Path, target: Path) -> Path:
    """The first half of a file's bytes."""
    data = source.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target


def expect_failure(
    engine: Engine,
    source: str,
    path: Path,
    code: str,
    *,
    column: str | None = None,
    options: dict[str, str] | None = None,
) -> HubError:
    """The load fails with ``code`` (and an issue on ``column``) and leaves the store exactly as it was."""
    before = snapshot(engine)
    try:
        load(engine, source, path, **(options or {}))
    except HubError as exc:
        assert exc.code == code, f"{path.name}: expected {code}, got {exc.code}: {exc.message}"
        if column is not None:
            issues = getattr(exc, "issues", [])
            assert any(i.column == column and i.row is not None for i in issues), (
                f"{path.name}: no row issue on {column}: {[i.describe() for i in issues]}"
            )
        assert snapshot(engine) == before, f"{path.name}: the store changed"
        return exc
    raise AssertionError(f"{path.name}: the load succeeded but should have failed with {code}")


def row_with(header: Sequence[str], row: Sequence[Any], **changes: Any) -> list[Any]:
    """A copy of ``row`` with cells changed by header name (``Jumlah_Sasaran=...`` for "Jumlah Sasaran")."""
    out = list(row)
    for name, value in changes.items():
        out[list(header).index(name.replace("_", " "))] = value
    return out


def empty_file(path: Path) -> Path:
    """A zero-byte file."""
    path.write_bytes(b"")
    return path
