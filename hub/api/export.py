"""Streamed CSV and XLSX downloads of any list, with the list's own filters (query string, snake or
camelCase names), ordering (``order=planned_amount:desc,region_code``) and read permission.

GET /export/{dataset}.csv|.xlsx, e.g. ``/export/budget-lines.csv?regionCode=53.02&fiscalYear=2025``.
Rows are read from the database in partitions, so memory stays flat whatever the list size.

CSV is for machines: the table's own column names, ISO dates, plain numbers. On PostgreSQL a CSV comes
straight from the database's own ``COPY (SELECT ...) TO STDOUT`` with SQL that formats every cell as the
Python writer does (same bytes). XLSX is for people: the column labels in the configured language
(``SPM_HUB_LANG``), the name beside each code (sub kegiatan, account, funding source, region, service:
``hub.listing.names``), a frozen header with a filter, column widths, rupiah and date number formats,
Ya/Tidak for booleans. It is written by XlsxWriter in constant-memory mode (one row at a time) to a
temporary file and streamed from there. No response starts before its first part is ready (the first
CSV partition, the whole XLSX file): a bad value or a database fault there is a JSON error with a code
(the body of every endpoint), never 200 and then a cut-off file. Cells are spreadsheet-safe: no control
characters, formulas shown as text.
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
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import Boolean, Column, DateTime, Integer, func
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.types import TypeDecorator
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from hub.access.auth import caller_of, list_condition
from hub.api.middleware import error_response
from hub.core.errors import BadInput, HubError, NotFound
from hub.core.i18n import _, yes_no
from hub.core.text import strip_control
from hub.listing import DATASETS, Dataset
from hub.listing.names import LABELS, with_names
from hub.models.types import Money

PARTITION_ROWS = 2_000
_RISKY_START = ("=", "+", "-", "@")
T = TypeVar("T")


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
    """A value safe for a spreadsheet: JSON for structures, ISO text for aware datetimes, text without
    control characters (XLSX cannot hold them), and text that a spreadsheet would run as a formula
    (also after leading spaces, tabs or newlines: ``" =1+1"``) prefixed with an apostrophe."""
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str):
        value = strip_control(value)
        if value.lstrip(" \t\r\n").startswith(_RISKY_START) or value.startswith(("\t", "\r", "\n")):
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
    writer = csv.writer(buffer, lineterminator="\n")  # as PostgreSQL's COPY writes it
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
    """The one XLSX writer: the sheet written row by row by XlsxWriter's constant-memory mode (each row
    is flushed to the temporary file as the next one starts), with a frozen, filtered header, column
    widths and number formats; cells are never read as formulas, URLs or numbers."""
    import xlsxwriter

    # the folder also holds constant-memory mode's row file, so a failed export leaves nothing behind
    with tempfile.TemporaryDirectory(prefix="spm-export-") as folder, tempfile.TemporaryFile(dir=folder) as handle:
        options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        workbook = xlsxwriter.Workbook(
            handle,
            {**options, "strings_to_numbers": False, "in_memory": False, "remove_timezone": True, "tmpdir": folder},
        )
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
        try:
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
        except BaseException:
            sheet._opt_close()  # the row file XlsxWriter keeps open until close(): closed on a fault too
            raise
        sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
        workbook.close()
        handle.seek(0)
        while block := handle.read(1 << 16):
            yield block


def _copy_column(column: Any) -> Any | None:
    """SQL giving the text ``cell`` and ``csv`` would write for ``column``; None for JSON columns."""
    storage = column.type.impl_instance if isinstance(column.type, TypeDecorator) else column.type
    try:
        kind = storage.python_type
    except NotImplementedError:
        return None
    if kind is bool:
        value: Any = sa.case((column.is_(True), "True"), (column.is_(False), "False"))
    elif kind is datetime:
        value = _isoformat(column)
    elif kind is str:
        risky = sa.or_(  # as ``cell``: a formula sign after leading blanks, or a leading tab or line break
            func.substr(func.ltrim(column, " \t\r\n"), 1, 1).in_(list(_RISKY_START)),
            func.substr(column, 1, 1).in_(["\t", "\r", "\n"]),
        )
        value = func.nullif(sa.case((risky, sa.literal("'") + column), else_=column), "")  # '' and NULL: empty
    elif kind not in (int, Decimal, date):
        return None  # JSON and anything else: the Python writer
    else:
        value = column  # numbers and dates print alike
    return value.label(column.name)


def _isoformat(column: Any) -> Any:
    """``datetime.isoformat()`` of a stored aware timestamp in UTC (the hub reads them as UTC):
    ``2025-01-31T08:00:00+00:00``, with ``.ffffff`` only when there are microseconds."""
    utc = func.timezone("UTC", column)
    micro = sa.case(
        (sa.extract("microseconds", utc) % 1_000_000 != 0, func.to_char(utc, ".US", type_=sa.String)), else_=""
    )
    return func.to_char(utc, 'YYYY-MM-DD"T"HH24:MI:SS', type_=sa.String) + micro + "+00:00"


def _copy_statement(table: Any, statement: Any, dialect: Any) -> tuple[str, dict[str, Any]] | None:
    """``COPY (statement) TO STDOUT`` as CSV with a header, and its parameters (bound client-side)."""
    columns = [_copy_column(column) for column in table.columns]
    if any(column is None for column in columns):
        return None
    select = statement.with_only_columns(*columns, maintain_column_froms=True)
    compiled = select.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    for name, process in compiled._bind_processors.items():
        if name in params:
            params[name] = process(params[name])
    return f"COPY ({compiled}) TO STDOUT WITH (FORMAT csv, HEADER)", params


async def _copied(engine: AsyncEngine, sql: str, params: dict[str, Any]) -> AsyncIterator[bytes]:
    async with engine.connect() as connection:
        raw: Any = (await connection.get_raw_connection()).driver_connection  # psycopg.AsyncConnection
        async with raw.cursor() as cursor, cursor.copy(sql, params) as copy:
            buffer = bytearray()  # the server sends one message per row: send the client 64 KiB at a time
            async for block in copy:
                buffer += block
                if len(buffer) >= 1 << 16:
                    yield bytes(buffer)
                    buffer.clear()
            yield bytes(buffer)


async def _primed(chunks: AsyncIterator[T]) -> AsyncIterator[T]:
    """``chunks`` with its first item already produced, so that a fault there raises before a response starts."""
    first = await anext(chunks, None)

    async def replay() -> AsyncIterator[T]:
        if first is not None:
            yield first
        async for chunk in chunks:
            yield chunk

    return replay()


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
            table = dataset.model.__table__
            header = [column.name for column in table.columns]
            postgres = fmt == "csv" and engine.dialect.name == "postgresql"
            copy = _copy_statement(table, statement, engine.dialect) if postgres else None
            chunks: AsyncIterator[str | bytes]
            if copy is not None:
                chunks = _copied(engine, *copy)
            elif fmt == "csv":
                chunks = _csv(header, _rows(engine, statement, cell))
            else:  # for people: labels, and the name beside each code
                names, named = with_names(name, dataset.model, statement)
                chunks = _xlsx(name, sheet_columns(dataset.model, names), _rows(engine, named, sheet_cell))
            # a database fault here propagates to the app's handler: a 500 JSON error, not a cut-off 200
            body: AsyncIterator[str | bytes] = await _primed(chunks)
        except HubError as error:
            return error_response(error)
        disposition = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
        if fmt == "csv":
            return StreamingResponse(body, media_type="text/csv; charset=utf-8", headers=disposition)
        return StreamingResponse(
            body, headers=disposition, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )

    return Route("/export/{dataset}.{format}", export, methods=["GET"])
