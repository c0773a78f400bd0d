"""Every GraphQL query in README.md and docs/*.md runs on the demo store and gives the answer recorded
in ``documented_answers.json`` (timestamps and ids aside), on both databases: a change meant to be
faster (or any refactor) cannot change what the documentation promises.

After an intended change of an answer or of a documented query, record the answers again with
``RECORD_DOCUMENTED_ANSWERS=1 SPM_HUB_TEST_BACKENDS=sqlite python -m pytest tests/hub/test_documented_queries.py``
and review the diff of the JSON file.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from hub.access.tokens import create_token
from hub.api.app import create_app
from hub.core.settings import Settings
from hub.demo.load import load_sample

ROOT = Path(__file__).resolve().parents[2]
ANSWERS = Path(__file__).with_name("documented_answers.json")
_BLOCK = re.compile(r"```graphql\n(.*?)```", re.DOTALL)
_VOLATILE = re.compile(r"^(id|.*At|.*Id)$")  # when a run happened and the ids it got differ between stores


def documented_queries() -> dict[str, str]:
    """``file#n`` -> the n-th GraphQL block of the file."""
    found = {}
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for number, block in enumerate(_BLOCK.findall(path.read_text(encoding="utf-8")), start=1):
            found[f"{path.relative_to(ROOT)}#{number}"] = block
    return found


def _stable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: "<volatile>" if _VOLATILE.match(k) and v is not None else _stable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


@pytest.fixture
def demo_client(reference_db: Engine, settings: Settings) -> Iterator[TestClient]:
    list(load_sample(reference_db))
    with Session(reference_db) as session:
        _token, secret = create_token(session, name="docs", role="ministry")
        session.commit()
    with TestClient(create_app(settings), headers={"Authorization": f"Bearer {secret}"}) as client:
        yield client


def test_documented_queries_give_the_recorded_answers(demo_client: TestClient) -> None:
    answers = {}
    for name, query in documented_queries().items():
        body = demo_client.post("/graphql", json={"query": query}).json()
        assert "errors" not in body, (name, body)
        answers[name] = _stable(body["data"])
    if os.environ.get("RECORD_DOCUMENTED_ANSWERS"):
        ANSWERS.write_text(json.dumps(answers, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    recorded = json.loads(ANSWERS.read_text(encoding="utf-8"))
    assert sorted(answers) == sorted(recorded), "a documented query was added or removed: record the answers again"
    for name, answer in answers.items():
        assert answer == recorded[name], name
