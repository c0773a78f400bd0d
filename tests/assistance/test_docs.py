"""Every query of docs/assistance.md runs on the demo's assistance cycle without an error and returns data."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import Engine
from starlette.testclient import TestClient

from hub.demo.assistance import load_assistance
from tests.assistance.conftest import Tokens
from tests.assistance.test_graphql import post

DOC = Path(__file__).resolve().parents[2] / "docs" / "assistance.md"


def blocks() -> list[str]:
    return re.findall(r"```graphql\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_documented_queries_run_on_the_demo(client: TestClient, reference_db: Engine, secrets: Tokens) -> None:
    lines = list(load_assistance(reference_db))
    assert "1 follow-up escalated" in lines[-1] and "opens with 3 open follow-ups" in lines[-1]
    found = blocks()
    assert len(found) >= 8
    for query in found:
        token = secrets.ministry
        if query.startswith("mutation"):
            token = secrets.kupang if "updateFollowUp" in query else secrets.province
            if "updateFollowUp" in query:  # with another region's token it is refused
                assert post(client, token, query)["data"]["updateFollowUp"]["code"] == "PERMISSION_DENIED"
                token = _token_for(reference_db, "53.12")
        body = post(client, token, query)
        assert "errors" not in body, (query, body)
        assert all(value not in (None, [], {}) for value in body["data"].values()), (query, body)
        assert not any(isinstance(value, dict) and "code" in value for value in body["data"].values()), body


def _token_for(engine: Engine, region_code: str) -> str:
    from sqlmodel import Session

    from hub.access import tokens

    with Session(engine) as session:
        secret = tokens.create_token(session, name="Bappeda", role="region", region_code=region_code)[1]
        session.commit()
    return secret


def test_the_demo_is_marked_and_has_done_late_and_escalated(
    client: TestClient, reference_db: Engine, secrets: Tokens
) -> None:
    list(load_assistance(reference_db))
    assert list(load_assistance(reference_db)) == ["assistance demo: already loaded"]
    sessions = post(client, secrets.ministry, "{ assistanceSessions { title demo } }")["data"]["assistanceSessions"]
    assert sessions and all(row["demo"] and row["title"].startswith("[DEMO]") for row in sessions)
    rows = post(client, secrets.ministry, '{ followUps { status escalatedOn overdue(on: "2025-10-08") } }')
    items = rows["data"]["followUps"]
    assert sum(item["status"] == "done" for item in items) >= 2
    assert sum(item["overdue"] for item in items) >= 2
    assert sum(item["escalatedOn"] is not None for item in items) == 1
