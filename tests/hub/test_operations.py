"""What operators get: a JSON log line per request, Prometheus metrics behind a setting, and a
per-token rate limit that answers 429 with Retry-After."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import pytest
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from hub.access import tokens
from hub.api.app import create_app
from hub.api.operations import JsonFormatter
from hub.core.settings import Settings

QUERY = 'query RegionsOfNtt { regions(filter: {parentCode: "53"}, first: 5) { nodes { code } } }'


def _token(engine: Engine, role: str = "ministry", region: str | None = None) -> dict[str, str]:
    with Session(engine) as session:
        secret = tokens.create_token(session, name=f"ops {role}", role=role, region_code=region)[1]
        session.commit()
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def build(database_url: str) -> Callable[..., TestClient]:
    def make(**overrides: object) -> TestClient:
        return TestClient(create_app(Settings(database_url=database_url, **overrides)))

    return make


def test_each_request_logs_one_structured_line(
    reference_db: Engine, client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    headers = {**_token(reference_db), "X-Request-ID": "abc-123"}
    with caplog.at_level(logging.INFO, logger="spm_hub.request"):
        response = client.post("/graphql", json={"query": QUERY}, headers=headers)
    assert response.status_code == 200 and response.headers["X-Request-ID"] == "abc-123"
    [record] = [r for r in caplog.records if r.name == "spm_hub.request"]
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "abc-123" and line["role"] == "ministry"
    assert line["operation"] == "RegionsOfNtt" and line["status"] == 200 and line["path"] == "/graphql"
    assert line["statements"] >= 1 and line["duration_ms"] > 0
    fresh = client.get("/healthz").headers["X-Request-ID"]
    assert len(fresh) == 32  # a new id when the client sends none


def test_metrics_are_served_only_when_enabled(reference_db: Engine, build: Callable[..., TestClient]) -> None:
    with build() as off:
        assert off.get("/metrics").status_code == 404
    with build(metrics_enabled=True) as on:
        on.post("/graphql", json={"query": QUERY})
        text = on.get("/metrics").text
    assert 'spm_hub_requests_total{method="POST",route="/graphql",status="200"} 1.0' in text
    assert "spm_hub_request_duration_seconds_bucket" in text and "spm_hub_sql_statements_total" in text


def test_thirty_rapid_requests_over_the_limit_get_429(reference_db: Engine, build: Callable[..., TestClient]) -> None:
    limit = 5
    busy, other = _token(reference_db), _token(reference_db, "region", "53.01")
    with build(rate_limit_per_minute=limit, metrics_enabled=True) as client:
        answers = [client.post("/graphql", json={"query": QUERY}, headers=busy) for _ in range(limit + 30)]
        statuses = [answer.status_code for answer in answers]
        assert statuses[:limit] == [200] * limit and statuses[limit:] == [429] * 30
        refused = answers[-1]
        assert 1 <= int(refused.headers["Retry-After"]) <= 60 // limit + 1
        assert refused.json()["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"
        assert client.post("/graphql", json={"query": QUERY}, headers=other).status_code == 200  # per token
        assert client.get("/healthz").status_code == 200  # probes are never limited
        assert "spm_hub_rate_limited_total 30.0" in client.get("/metrics").text


def test_the_default_limit_is_generous() -> None:
    assert Settings().rate_limit_per_minute >= 600
