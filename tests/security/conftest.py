"""Fixtures for the security suite: a store with reference data and one token per kind of caller."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from hub.access import tokens
from hub.api.app import create_app
from hub.core.settings import Settings


@dataclass(frozen=True)
class Secrets:
    """Bearer secrets by caller; ``public`` is no token at all."""

    ministry: str
    province: str  # region token for province 53 (NTT): covers 53.xx
    kabupaten: str  # region token for 53.01 (Kab. Kupang)
    other: str  # region token for 53.02

    def header(self, who: str) -> dict[str, str]:
        """The Authorization header for ``who`` (``public``: none)."""
        return {} if who == "public" else {"Authorization": f"Bearer {getattr(self, who)}"}


@pytest.fixture
def secrets(reference_db: Engine) -> Secrets:
    """Four tokens on the reference store."""
    with Session(reference_db) as session:
        made = {
            "ministry": tokens.create_token(session, name="Kemendagri", role="ministry")[1],
            "province": tokens.create_token(session, name="Prov NTT", role="region", region_code="53")[1],
            "kabupaten": tokens.create_token(session, name="Kab Kupang", role="region", region_code="53.01")[1],
            "other": tokens.create_token(session, name="Kab TTS", role="region", region_code="53.02")[1],
        }
        session.commit()
    return Secrets(**made)


Gql = Callable[..., dict[str, Any]]


@pytest.fixture
def gql(client: TestClient, secrets: Secrets) -> Gql:
    """POST a GraphQL operation as ``who``; returns the JSON body (status must not be 5xx). A ``bytes``
    variable is sent as an uploaded CSV file (GraphQL multipart request)."""

    def run(query: str, who: str = "public", **variables: Any) -> dict[str, Any]:
        files = {name: value for name, value in variables.items() if isinstance(value, bytes)}
        if files:
            operations = {"query": query, "variables": {**variables, **dict.fromkeys(files)}}
            response = client.post(
                "/graphql",
                headers=secrets.header(who),
                data={
                    "operations": json.dumps(operations),
                    "map": json.dumps({str(i): [f"variables.{name}"] for i, name in enumerate(files)}),
                },
                files={str(i): (f"{name}.csv", content, "text/csv") for i, (name, content) in enumerate(files.items())},
            )
        else:
            response = client.post(
                "/graphql", json={"query": query, "variables": variables}, headers=secrets.header(who)
            )
        assert response.status_code < 500, response.text
        return response.json()

    return run


def codes(body: dict[str, Any]) -> list[str]:
    """The error codes of a GraphQL response body: its errors', then those of mutation results that are an
    ``OperationError`` (the one error contract of mutations)."""
    data = body.get("data") or {}
    as_data = [value["code"] for value in data.values() if isinstance(value, dict) and "code" in value]
    return [error["extensions"]["code"] for error in body.get("errors") or []] + as_data


@pytest.fixture
def make_client(database_url: str) -> Iterator[Callable[..., TestClient]]:
    """A client on an app built with settings overrides (limits, introspection...)."""
    opened: list[TestClient] = []

    def build(**overrides: Any) -> TestClient:
        client = TestClient(create_app(Settings(database_url=database_url, **overrides)))
        client.__enter__()
        opened.append(client)
        return client

    yield build
    for client in opened:
        client.__exit__(None, None, None)
