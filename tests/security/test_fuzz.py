"""The GraphQL endpoint under generated input (hypothesis-graphql, bounded): valid and invalid
operations for every caller, and raw garbage bodies. It never answers 5xx, every error carries a
code that is not INTERNAL (bad input is the client's mistake, never our fault), and no response
shows a trace, SQL, driver name or file path."""

from __future__ import annotations

import re
from typing import Any

from graphql import StringValueNode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema
from starlette.testclient import TestClient

from schema import schema
from tests.security.conftest import Secrets

LEAKS = re.compile(
    r"Traceback|File \"|/work/|site-packages|sqlalchemy|psycopg|sqlite3|SELECT |INSERT |\.py\b", re.IGNORECASE
)
SCALARS = {
    "DateTime": st.datetimes().map(lambda moment: StringValueNode(value=moment.isoformat())),
    "Date": st.dates().map(lambda day: StringValueNode(value=day.isoformat())),
    "Decimal": st.decimals(allow_nan=False, allow_infinity=False, places=2).map(
        lambda amount: StringValueNode(value=str(amount))
    ),
    "JSON": st.just(StringValueNode(value="{}")),
    "Upload": st.just(StringValueNode(value="not-a-file")),
}  # files only come as multipart variables
SDL = str(schema)
FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _check(client: TestClient, payload: Any, headers: dict[str, str] | None = None) -> None:
    response = client.post("/graphql", json=payload, headers=headers or {})
    assert response.status_code < 500, response.text
    assert not LEAKS.search(response.text), response.text
    body = response.json()
    for item in body if isinstance(body, list) else [body]:
        for error in item.get("errors") or []:
            assert error["extensions"]["code"] not in (None, "", "INTERNAL"), error


@FUZZ
@given(query=from_schema(SDL, custom_scalars=SCALARS), who=st.sampled_from(["public", "kabupaten", "ministry"]))
def test_valid_operations(client: TestClient, secrets: Secrets, query: str, who: str) -> None:
    _check(client, {"query": query}, secrets.header(who))


@FUZZ
@given(query=from_schema(SDL, custom_scalars=SCALARS, mode=Mode.NEGATIVE))
def test_invalid_operations(client: TestClient, secrets: Secrets, query: str) -> None:
    _check(client, {"query": query}, secrets.header("ministry"))


@FUZZ
@given(
    payload=st.one_of(
        st.text(max_size=300).map(lambda text: {"query": text}),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=20),
            lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
            max_leaves=12,
        ),
        st.fixed_dictionaries(
            {
                "query": st.just("query($v: Int) { regions(first: $v) { nodes { code } } }"),
                # $v of every wrong kind (text, overflow, list, bool, null) and stray variables
                "variables": st.fixed_dictionaries(
                    {"v": st.integers(-(2**40), 2**40) | st.text(max_size=5) | st.lists(st.integers()) | st.booleans()},
                    optional={"w": st.integers() | st.text(max_size=5)},
                ),
            }
        ),
    )
)
def test_garbage_payloads(client: TestClient, payload: Any) -> None:
    _check(client, payload)


@FUZZ
@given(
    body=st.binary(max_size=400),
    content_type=st.sampled_from(["application/json", "multipart/form-data", "text/plain", "application/graphql"]),
)
def test_garbage_bytes(client: TestClient, body: bytes, content_type: str) -> None:
    response = client.post("/graphql", content=body, headers={"content-type": content_type})
    assert response.status_code < 500 and not LEAKS.search(response.text), response.text
