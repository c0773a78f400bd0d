"""Every GraphQL example of docs/espm-cycle.md runs on the demo, in order, with the token it names."""

from __future__ import annotations

import re

from sqlalchemy import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from hub.access import tokens
from hub.demo.load import load_sample
from tests.conftest import REPO_ROOT

BLOCK = re.compile(r"```graphql\n# token: ([^\n]+)\n(.*?)```", re.DOTALL)


def _empty(value: object) -> bool:
    return value in (None, [], {}) or (isinstance(value, dict) and all(_empty(v) for v in value.values()))


def _succeeded(body: dict[str, object]) -> bool:
    """A mutation answered with its result, not an OperationError."""
    data = body["data"]
    return isinstance(data, dict) and not any(isinstance(v, dict) and "code" in v for v in data.values())


def test_the_cycle_page_examples_run_on_the_demo(reference_db: Engine, client: TestClient) -> None:
    list(load_sample(reference_db))
    made: dict[str, str] = {}
    with Session(reference_db) as session:
        for who in ("ministry", "region 53.01", "province 53", "region 81.04"):
            role, _, region = who.partition(" ")
            made[who] = tokens.create_token(session, name=who, role=role, region_code=region or None)[1]
        session.commit()
    blocks = BLOCK.findall((REPO_ROOT / "docs" / "espm-cycle.md").read_text(encoding="utf-8"))
    assert len(blocks) >= 12
    for who, query in blocks:
        body = client.post("/graphql", json={"query": query}, headers={"Authorization": f"Bearer {made[who]}"}).json()
        assert "errors" not in body, (who, query, body)
        assert not _empty(body["data"]), (query, body)
        assert _succeeded(body), (who, query, body)
