"""Helpers for the GraphQL tests: post a query (as the ministry unless a token or ``PUBLIC`` is given)
and count SQL statements."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session
from starlette.testclient import TestClient

from hub import models
from hub.access.tokens import hash_secret


@dataclass
class Gql:
    """Posts GraphQL over HTTP and records how many SQL statements each request ran."""

    client: TestClient
    engine: Engine
    statements: list[str] = field(default_factory=list)
    ministry: str | None = None

    def __call__(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None, errors: bool = False
    ) -> dict[str, Any]:
        """POST ``query`` with ``token`` (default: a ministry token made on first use; ``PUBLIC``: none)."""
        if token is None:
            self.ministry = self.ministry or make_token(self.engine, "tests-ministry", "ministry")
            token = self.ministry
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.statements.clear()
        body = self.client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers).json()
        if not errors:
            assert "errors" not in body, body
            return body["data"]  # type: ignore[no-any-return]
        return body  # type: ignore[no-any-return]

    @property
    def count(self) -> int:
        """SQL statements run by the last request."""
        return len(self.statements)


PUBLIC = ""  # token=PUBLIC posts without an Authorization header


@pytest.fixture
def gql(client: TestClient, engine: Engine) -> Iterator[Gql]:
    helper = Gql(client, engine)
    app_engine = client.app.state.engine.sync_engine  # type: ignore[attr-defined]

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "api_token" in statement:  # the gate's token lookup, not the query's own cost
            if helper.statements[-1:] == ["BEGIN"]:
                helper.statements.pop()
            return
        helper.statements.append(statement)

    event.listen(app_engine, "before_cursor_execute", record)
    yield helper
    event.remove(app_engine, "before_cursor_execute", record)


def make_token(engine: Engine, secret: str, role: str, region_code: str | None = None) -> str:
    """Store an API token (hashed) and return its secret."""
    with Session(engine) as session:
        session.add(
            models.ApiToken(
                name=f"{role}-{region_code or 'all'}",
                role=role,
                region_code=region_code,
                token_hash=hash_secret(secret),
            )
        )
        session.commit()
    return secret
