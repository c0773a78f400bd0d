"""Streamed CSV and XLSX downloads of any list, with the list's own filters (query string, snake or
camelCase names), ordering (``order=planned_amount:desc,region_code``) and read permission.

GET /export/{dataset}.csv|.xlsx, e.g. ``/export/budget-lines.csv?regionCode=53.02&fiscalYear=2025``.
Rows are read from the database in partitions, so memory stays flat whatever the list size.

CSV is for machines: the table's own column names, ISO dates, plain numbers. XLSX is for people: the
column labels in the configured language (``SPM_HUB_LANG``), the name beside each code (sub kegiatan,
account, funding source, region, service: ``hub.listing.names``), a frozen header with a filter, column
widths, rupiah and date number formats, Ya/Tidak for booleans. It is written by XlsxWriter in
constant-memory mode (one row at a time) to a temporary file and streamed from there.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import typing
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Column, DateTime, Integer
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from hub.access.auth import caller_of, list_condition
from hub.core.errors import BadInput, HubError, NotFound, PermissionDenied, Unauthenticated
from hub.core.i18n import _, yes_no
from hub.listing import DATASETS, Dataset
from hub.listing.names import LABELS, with_names
from hub.models.types import Money

PARTITION_ROWS = 2_000
_STATUS = {BadInput: 400, NotFound: 404, Unauthenticated: 401, PermissionDenied: 403}
_RISKY_START = ("=", "+", "-", "@", "\t", "\r")


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def parse_filter(dataset: Dataset, params: Mapping[str, str]) -> tuple[Any, list[tuple[str, bool]]]:
    """The dataset's filter and ordering from query parameters.

    Raises:
        BadInput: an unknown parameter or a value of the wrong type.
    """
    hints = typing.get_type_hints(dataset.filter_type)
    values: dict[str, Any] = {}
    order: list[tuple[str, bool]] = []
    for raw_name, raw in params.items():
        name = _snake(raw_name)
        if name == "order":
            for part in filter(None, raw.split(",")):
                field, _, direction = part.partition(":")
                order.append((_snake(field), direction.lower() == "desc"))
            continue
        if name not in hints:
            raise BadInput(f"Unknown filter {raw_name!r}; use {', '.join(sorted(hints))} or order.")
        values[name] = _convert(name, raw, hints[name])
    return dataset.filter_type(**values), order


def _convert(name: str, raw: str, hint: Any) -> Any:
    kinds = set(typing.get_args(hint)) or {hint}
    try:
        if int in kinds:
            return int(raw)
        if Decimal in kinds:
            return Decimal(raw)
    except (ValueError, InvalidOperation) as exc:
        raise BadInput(f"{name}: {raw!r} is not a number") from exc
    if bool in kinds:
        if raw.lower() not in {"true", "false", "1", "0"}:
            raise BadInput(f"{name}: {raw!r} is not true or false")
        return raw.lower() in {"true", "1"}
    return raw


def cell(value: Any) -> Any:
    """A value safe for a spreadsheet: JSON for structures, ISO text for aware datetimes, and text
    that a spreadsheet would run as a formula prefixed with an apostrophe."""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(_RISKY_START):
        return "'" + value  # a spreadsheet shows it as text instead of running it (formula injection)
    return value


async def _rows(engine: AsyncEngine, statement: Any, convert: Callable[[Any], Any]) -> AsyncIterator[list[Any]]:
    async with engine.connect() as connection:
        result = await connection.stream(statement)
        async for partition in result.partitions(PARTITION_ROWS):
            for row in partition:
                yield [convert(v) for v in row]


def sheet_cell(value: Any) -> Any:
    """A value for a person's spreadsheet: Ya/Tidak for booleans, real dates, otherwise as ``cell``."""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, datetime | date):
        return value
    return cell(value)


@dataclass(frozen=True)
class SheetColumn:
    """An XLSX column: its label, how its values are shown, and its width in characters."""

    label: str
    kind: str  # text | money | integer | datetime
    width: float


_WIDE = {"name", "reason", "note", "problems", "solutions", "message", "performance", "indicator", "source"}
_WIDTHS = {"money": 20, "integer": 10, "datetime": 18, "text": 16}


def sheet_columns(model: Any, names: list[str]) -> list[SheetColumn]:
    """The presentation of each exported column (names that are not ``model`` columns are text)."""
    table_columns: dict[str, Column[Any]] = {column.name: column for column in model.__table__.columns}
    columns = []
    for name in names:
        column = table_columns.get(name)
        kind = "text"
        if column is not None and isinstance(column.type, Money):
            kind = "money"
        elif column is not None and isinstance(column.type, DateTime):
            kind = "datetime"
        elif column is not None and isinstance(column.type, Integer) and not isinstance(column.type, Boolean):
            kind = "integer" if not (name == "id" or name.endswith("_id")) else "text"
        label = _(LABELS.get(name, name))
        wide = name in _WIDE or name.endswith(("_name", "_definition"))
        columns.append(SheetColumn(label, kind, max(len(label) + 3, 48 if wide else _WIDTHS[kind])))
    return columns


async def _csv(header: list[str], rows: AsyncIterator[list[Any]]) -> AsyncIterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    count = 0
    async for row in rows:
        writer.writerow(row)
        count += 1
        if count % PARTITION_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


async def _xlsx(title: str, columns: list[SheetColumn], rows: AsyncIterator[list[Any]]) -> AsyncIterator[bytes]:
    """The one XLSX writer: constant memory, frozen filtered header, widths and number formats."""
    import xlsxwriter

    with tempfile.TemporaryDirectory(prefix="spm-export-") as folder:
        path = Path(folder) / "export.xlsx"
        workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "remove_timezone": True, "tmpdir": folder})
        sheet = workbook.add_worksheet(title[:31])
        header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True, "valign": "top"})
        formats = {
            "money": workbook.add_format({"num_format": '"Rp" #,##0.00'}),
            "integer": workbook.add_format({"num_format": "#,##0"}),
            "datetime": workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"}),
        }
        for index, column in enumerate(columns):
            sheet.set_column(index, index, column.width, formats.get(column.kind))
        sheet.write_row(0, 0, [column.label for column in columns], header)
        sheet.freeze_panes(1, 0)
        count = 0
        async for row in rows:
            count += 1
            for index, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, str):
                    sheet.write_string(count, index, value)  # never a formula, whatever it starts with
                elif isinstance(value, datetime | date):
                    sheet.write_datetime(count, index, value, formats["datetime"])
                else:
                    sheet.write_number(count, index, value, formats.get(columns[index].kind))
        sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
        workbook.close()
        with path.open("rb") as handle:
            while block := handle.read(1 << 16):
                yield block


def export_route(engine: AsyncEngine) -> Route:
    """The ``/export/{dataset}.{format}`` route on ``engine``."""

    async def export(request: Request) -> Response:
        name, fmt = request.path_params["dataset"], request.path_params["format"]
        try:
            dataset = DATASETS.get(name)
            if dataset is None:
                raise NotFound(f"No list {name!r}; available: {', '.join(sorted(DATASETS))}")
            if fmt not in {"csv", "xlsx"}:
                raise NotFound(f"No format {fmt!r}; use csv or xlsx")
            allowed = list_condition(caller_of(request), name, dataset.model)
            flt, order = parse_filter(dataset, request.query_params)
            statement = dataset.statement(flt, order).where(allowed)
        except HubError as error:
            return JSONResponse(
                {"code": str(error.code), "message": error.message}, status_code=_STATUS.get(type(error), 400)
            )
        filename = f"{name}.{fmt}"
        disposition = {"Content-Disposition": f'attachment; filename="{filename}"'}
        if fmt == "csv":
            header = [column.name for column in dataset.model.__table__.columns]
            rows = _rows(engine, statement, cell)
            return StreamingResponse(_csv(header, rows), media_type="text/csv; charset=utf-8", headers=disposition)
        names, named = with_names(name, dataset.model, statement)
        return StreamingResponse(
            _xlsx(name, sheet_columns(dataset.model, names), _rows(engine, named, sheet_cell)),
            headers=disposition,
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )

    return Route("/export/{dataset}.{format}", export, methods=["GET"])
