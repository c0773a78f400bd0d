"""Rapor Pendidikan over HTTP, against a real local server (uvicorn in a thread on a random port):
pagination by page count and by next link, 503 then success, 429 with Retry-After, 4xx refusal,
and a source that is down (closed port)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from connectors.rapor import RetryPolicy, get_page, iter_records
from hub.core.errors import SourceRejected, SourceUnavailable
from tests.connectors.helpers import load, snapshot
from tests.live import serve_in_thread

CODES = ["53.01", "53.02", "53.03", "53.04", "53.05", "53.06", "53.07"]
RECORDS = [
    {
        "edition": "2025",
        "jenjang": "SD",
        "indicator_code": code,
        "indicator_name": name,
        "service_code": "DIK.KAB.02",
        "region_code": region,
        "npsn": None,
        "year": 2025,
        "score": 40 + index,
        "label": "Sedang" if 40 + index >= 50 else "Kurang",
    }
    for index, (region, (code, name)) in enumerate(
        (r, c) for r in CODES for c in (("A.1", "Kemampuan literasi"), ("A.2", "Kemampuan numerasi"))
    )
]
PAGE_SIZE = 5


def _app() -> Starlette:
    calls: dict[str, int] = {}

    def page_of(request: Request) -> tuple[int, list[dict[str, Any]], int]:
        page = int(request.query_params.get("page", 1))
        pages = -(-len(RECORDS) // PAGE_SIZE)
        return page, RECORDS[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], pages

    async def paged(request: Request) -> Response:
        key = request.query_params.get("key", "")
        calls[key] = calls.get(key, 0) + 1
        if calls[key] <= int(request.query_params.get("fail", 0)):
            return Response("busy", status_code=503)
        if request.query_params.get("year") != "2025":
            return JSONResponse({"detail": "year is required"}, status_code=400)
        page, data, pages = page_of(request)
        return JSONResponse({"data": data, "page": page, "pages": pages})

    async def linked(request: Request) -> Response:
        page, data, pages = page_of(request)
        next_link = f"/linked?page={page + 1}" if page < pages else None
        return JSONResponse({"results": data, "links": {"next": next_link}})

    async def throttled(request: Request) -> Response:
        key = request.query_params["key"]
        calls[key] = calls.get(key, 0) + 1
        if calls[key] == 1:
            return Response("slow down", status_code=429, headers={"Retry-After": request.query_params["after"]})
        return JSONResponse({"data": RECORDS[:2]})

    async def broken(request: Request) -> Response:
        return Response("down for maintenance", status_code=502)

    return Starlette(
        routes=[
            Route("/rapor", paged),
            Route("/linked", linked),
            Route("/throttled", throttled),
            Route("/broken", broken),
        ]
    )


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 with a random free port."""
    with serve_in_thread(_app()) as url:
        yield url


@pytest.fixture
def closed_port() -> str:
    """A URL nobody listens on."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}/rapor"


def _policy(sleeps: list[float], retries: int = 3) -> RetryPolicy:
    return RetryPolicy(retries=retries, backoff=0.5, max_wait=30, sleep=sleeps.append)


def test_pages_are_followed_by_count_and_by_next_link(server: str) -> None:
    with httpx.Client(timeout=5) as http:
        by_count = list(iter_records(http, f"{server}/rapor", {"year": "2025"}, _policy([])))
        by_link = list(iter_records(http, f"{server}/linked", {}, _policy([])))
    assert by_count == RECORDS and by_link == RECORDS


def test_503_is_retried_with_exponential_backoff(server: str) -> None:
    sleeps: list[float] = []
    with httpx.Client(timeout=5) as http:
        response = get_page(http, f"{server}/rapor", {"year": "2025", "key": "backoff", "fail": "2"}, _policy(sleeps))
    assert response.status_code == 200 and sleeps == [0.5, 1.0]


def test_429_waits_as_long_as_retry_after_says(server: str) -> None:
    sleeps: list[float] = []
    with httpx.Client(timeout=5) as http:
        records = list(iter_records(http, f"{server}/throttled", {"key": "ra", "after": "7"}, _policy(sleeps)))
    assert records == RECORDS[:2] and sleeps == [7.0]


def test_persistent_5xx_and_closed_port_are_unavailable(server: str, closed_port: str) -> None:
    for url in (f"{server}/broken", closed_port):
        sleeps: list[float] = []
        with httpx.Client(timeout=2) as http, pytest.raises(SourceUnavailable) as caught:
            get_page(http, url, {}, _policy(sleeps, retries=2))
        assert caught.value.code == "SOURCE_UNAVAILABLE" and sleeps == [0.5, 1.0]


def test_4xx_is_rejected_without_retry(server: str) -> None:
    sleeps: list[float] = []
    with httpx.Client(timeout=5) as http, pytest.raises(SourceRejected) as caught:
        get_page(http, f"{server}/rapor", {"year": "1999"}, _policy(sleeps))
    assert caught.value.code == "SOURCE_REJECTED" and sleeps == []


def test_ingest_from_the_api(reference_db: Engine, server: str, closed_port: str) -> None:
    options = {"year": "2025", "key": "ingest", "fail": "1", "backoff": "0.01"}
    summary = load(reference_db, "rapor_api", f"{server}/rapor", **options)
    assert summary.status == "succeeded" and summary.rows_loaded == len(RECORDS)
    loaded = snapshot(reference_db)
    assert loaded["values"][0] == len(RECORDS) and loaded["indicators"] == (2,)
    assert load(reference_db, "rapor_api", f"{server}/rapor", **options).status == "unchanged"

    with pytest.raises(SourceUnavailable):
        load(reference_db, "rapor_api", closed_port, year="2025", retries="1", backoff="0.01")
    assert snapshot(reference_db) == loaded
    with reference_db.connect() as connection:
        from sqlalchemy import text

        last = connection.execute(text("SELECT status, error_code, source FROM ingest_run ORDER BY id DESC")).first()
    assert tuple(last) == ("failed", "SOURCE_UNAVAILABLE", closed_port)  # type: ignore[arg-type]
