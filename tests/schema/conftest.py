"""Helpers for the GraphQL tests: post a query (optionally with a token) and count SQL statements."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session
from starlette.testclient import TestClient

from hub import models


@dataclass
class Gql:
    """Posts GraphQL over HTTP and records how many SQL statements each request ran."""

    client: TestClient
    statements: list[str] = field(default_factory=list)

    def __call__(self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None,
                 errors: bool = False) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.statements.clear()
        body = self.client.post("/graphql", json={"query": query, "variables": variables or {}},
                                headers=headers).json()
        if not errors:
            assert "errors" not in body, body
            return body["data"]  # type: ignore[no-any-return]
        return body  # type: ignore[no-any-return]

    @property
    def count(self) -> int:
        """SQL statements run by the last request."""
        return len(self.statements)


@pytest.fixture
def gql(client: TestClient) -> Iterator[Gql]:
    helper = Gql(client)
    engine = client.app.state.engine.sync_engine  # type: ignore[attr-defined]

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        helper.statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    yield helper
    event.remove(engine, "before_cursor_execute", record)


def make_token(engine: Engine, secret: str, role: str, region_code: str | None = None) -> str:
    """Store an API token (hashed) and return its secret."""
    with Session(engine) as session:
        session.add(models.ApiToken(name=f"{role}-{region_code or 'all'}", role=role, region_code=region_code,
                                    token_hash=hashlib.sha256(secret.encode()).hexdigest()))
        session.commit()
    return secret
