"""Hostile queries are refused with LIMIT_EXCEEDED before anything runs (not one SQL statement), and
the server keeps answering. How fast the refusals are is measured by ``benchmarks/hostile.py``."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event
from starlette.testclient import TestClient

from hub.db.request import RequestDB

NORMAL = "{ spmFields { code } }"


def _post(client: TestClient, payload: Any, **kwargs: Any) -> tuple[int, Any]:
    response = client.post("/graphql", json=payload, **kwargs)
    return response.status_code, response.json()


def _codes(body: Any) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors") or []]


def _refused_quickly(client: TestClient, payload: Any, code: str = "LIMIT_EXCEEDED") -> dict[str, Any]:
    """Post ``payload``; it must be refused with ``code`` without running a single SQL statement
    (the gate's token lookup aside), and a normal query must still be answered right after."""
    statements: list[str] = []
    engine = client.app.state.engine.sync_engine  # type: ignore[attr-defined]

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        status, body = _post(client, payload)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert status < 500 and code in _codes(body), body
    assert not [s for s in statements if "api_token" not in s and s != "BEGIN"], statements
    assert _post(client, {"query": NORMAL})[1].get("errors") is None  # still responsive right after
    return body


def _nested(depth: int) -> str:
    # __type { fields { type { fields ... nested through the type graph (graphql-core bounds this)
    inner = "name"
    for _ in range(depth):
        inner = f"fields {{ type {{ {inner} }} }}"
    return f'{{ __type(name: "Query") {{ {inner} }} }}'


def test_deep_queries_are_refused(client: TestClient) -> None:
    body = _refused_quickly(client, {"query": "{" * 20_000 + "}" * 20_000})
    assert "nested too deeply" in body["errors"][0]["message"]
    _refused_quickly(
        client, {"query": "query($v: [[[[Int]]]]) { regions(first: " + "[" * 5000 + "1" + "]" * 5000 + ") { code } }"}
    )


def test_costly_and_wide_queries_are_refused(client: TestClient, make_client: Callable[..., TestClient]) -> None:
    _refused_quickly(client, {"query": _nested(6)}, "QUERY_INVALID")  # graphql-core's introspection depth rule
    fragments = "".join(f"fragment F{i} on SpmService {{ ...F{i + 1} ...F{i + 1} }}" for i in range(40))
    body = _refused_quickly(
        client, {"query": "{ spmServices { ...F0 } } " + fragments + "fragment F40 on SpmService { code }"}
    )
    assert "maximum is 50,000" in body["errors"][0]["message"]
    small = make_client(max_query_cost=1_000)
    page = "regions(first: 100) { nodes { code name kind } }"  # 1 + 100 nodes x (1 + 3 fields) = 401
    wide = "{ " + " ".join(f"f{i}: {page}" for i in range(4)) + " }"
    body = _refused_quickly(small, {"query": wide})
    assert "about 1,604 fields" in body["errors"][0]["message"]
    assert _post(small, {"query": "{ " + page + " }"})[1].get("errors") is None


def test_the_standard_introspection_query_passes(client: TestClient) -> None:
    from graphql import get_introspection_query

    body = _post(client, {"query": get_introspection_query(descriptions=True)})[1]
    assert body.get("errors") is None and body["data"]["__schema"]["queryType"]["name"] == "Query"


def test_aliases_page_size_and_tokens_are_limited(client: TestClient) -> None:
    body = _refused_quickly(client, {"query": "{ " + " ".join(f"a{i}: __typename" for i in range(31)) + " }"})
    assert "31 aliases" in body["errors"][0]["message"]
    _refused_quickly(client, {"query": "{ regions(first: 501) { code } }"})
    _refused_quickly(client, {"query": "query($n: Int!) { regions(first: $n) { code } }", "variables": {"n": 10**9}})
    status, body = _post(client, {"query": "{ " + "__typename " * 20_000 + "}"})
    assert status < 500 and _codes(body) == ["QUERY_INVALID"] and "10000 tokens" in body["errors"][0]["message"]


def test_batches_and_bodies_are_limited(client: TestClient) -> None:
    status, body = _post(client, [{"query": NORMAL}] * 5)
    assert status == 200 and len(body) == 5 and all("errors" not in item for item in body)
    status, body = _post(client, [{"query": NORMAL}] * 6)
    assert status == 413 and _codes(body) == ["LIMIT_EXCEEDED"]
    status, body = _post(client, [1, "x"])
    assert status == 400 and _codes(body) == ["BAD_INPUT"]
    response = client.post(
        "/graphql",
        content=b'{"query": "' + b" " * 1_000_001 + b'{ __typename }"}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413 and _codes(response.json()) == ["LIMIT_EXCEEDED"]

    def chunks() -> Any:  # no Content-Length: the gate counts the stream
        for _ in range(40):
            yield b" " * 50_000

    response = client.post("/graphql", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_introspection_and_suggestions_can_be_switched_off(make_client: Callable[..., TestClient]) -> None:
    open_client = make_client()
    assert _post(open_client, {"query": "{ __schema { queryType { name } } }"})[1]["data"]
    assert "Did you mean" in _post(open_client, {"query": "{ spmField { code } }"})[1]["errors"][0]["message"]
    closed = make_client(introspection=False, field_suggestions=False)
    status, body = _post(closed, {"query": "{ __schema { queryType { name } } }"})
    assert status == 200 and set(_codes(body)) == {"QUERY_INVALID"} and "introspection" in body["errors"][0]["message"]
    body = _post(closed, {"query": "{ spmField { code } }"})[1]
    assert "Did you mean" not in body["errors"][0]["message"] and _codes(body) == ["QUERY_INVALID"]
    assert closed.get("/graphql", headers={"Accept": "text/html"}).status_code != 200  # no GraphiQL either


def test_slow_requests_time_out_with_a_clear_error(
    make_client: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    original = RequestDB.all

    async def slow(self: RequestDB, statement: Any) -> Any:
        import asyncio

        await asyncio.sleep(30)
        return await original(self, statement)

    client = make_client(request_timeout_seconds=0.3)
    monkeypatch.setattr(RequestDB, "all", slow)
    started = time.perf_counter()
    status, body = _post(client, {"query": NORMAL})
    assert time.perf_counter() - started < 20  # cancelled, not waited out
    assert status == 200 and _codes(body) == ["TIMEOUT"] and "0.3 s" in body["errors"][0]["message"]
    monkeypatch.setattr(RequestDB, "all", original)
    assert _post(client, {"query": NORMAL})[1].get("errors") is None


def test_unexpected_errors_are_masked(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(self: RequestDB, statement: Any) -> Any:
        raise RuntimeError('(psycopg.errors.UndefinedTable) SELECT * FROM "spm_field" /work/secret/hub/db.py line 3')

    monkeypatch.setattr(RequestDB, "all", broken)
    response = client.post("/graphql", json={"query": NORMAL})
    assert response.status_code == 200
    text = response.text
    assert "SELECT" not in text and "/work" not in text and "psycopg" not in text and "Traceback" not in text
    assert response.json()["errors"][0] == {
        "message": "Unexpected error.",
        "locations": [{"line": 1, "column": 3}],
        "path": ["spmFields"],
        "extensions": {"code": "INTERNAL"},
    }
