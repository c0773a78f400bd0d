"""Streamed CSV and XLSX downloads of any list, with the list's own filters (query string, snake or
camelCase names), ordering (``order=planned_amount:desc,region_code``) and read permission.

GET /export/{dataset}.csv|.xlsx, e.g. ``/export/budget-lines.csv?regionCode=53.02&fiscalYear=2025``.
Rows are read from the database in partitions, so memory stays flat whatever the list size; XLSX is
written by openpyxl's write-only workbook to a temporary file and streamed from there. No response
starts before its first part is ready (the first CSV partition, the whole XLSX file): a bad value or
a database fault there is a JSON error with a code (the body of every endpoint), never 200 and then
a cut-off file. Cells are spreadsheet-safe: no control characters, formulas shown as text.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import typing
from collections.abc import AsyncIterator, Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from hub.access.auth import caller_of, list_condition
from hub.api.middleware import error_response
from hub.core.errors import BadInput, HubError, NotFound
from hub.core.text import strip_control
from hub.listing import DATASETS, Dataset

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


async def _rows(engine: AsyncEngine, statement: Any) -> AsyncIterator[list[Any]]:
    async with engine.connect() as connection:
        result = await connection.stream(statement)
        async for partition in result.partitions(PARTITION_ROWS):
            for row in partition:
                yield [cell(v) for v in row]


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


async def _xlsx(title: str, header: list[str], rows: AsyncIterator[list[Any]]) -> AsyncIterator[bytes]:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(header)
    try:
        async for row in rows:
            sheet.append(row)
    except BaseException:
        sheet.close()  # ends the write-only sheet's row writer (no half-open generator left behind)
        raise
    with tempfile.TemporaryFile() as handle:
        workbook.save(handle)
        handle.seek(0)
        while block := handle.read(1 << 16):
            yield block


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
            header = [column.name for column in dataset.model.__table__.columns]
            rows = _rows(engine, statement)
            # a database fault here propagates to the app's handler: a 500 JSON error, not a cut-off 200
            chunks: AsyncIterator[str | bytes] = _csv(header, rows) if fmt == "csv" else _xlsx(name, header, rows)
            body = await _primed(chunks)
        except HubError as error:
            return error_response(error)
        disposition = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
        if fmt == "csv":
            return StreamingResponse(body, media_type="text/csv; charset=utf-8", headers=disposition)
        return StreamingResponse(
            body, headers=disposition, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )

    return Route("/export/{dataset}.{format}", export, methods=["GET"])
