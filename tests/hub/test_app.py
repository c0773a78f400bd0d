"""The served app: health check and a minimal GraphQL query on the reference data."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from hub.api.app import create_app
from hub.core.settings import Settings
from hub.db.request import RequestDB
from tests.factories import make_edition


def test_healthz_checks_the_database(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_regions_and_services_are_queryable(reference_db: Engine, client: TestClient) -> None:
    query = """{ regions(filter: {parentCode: "53"}, first: 50) { nodes { code name bpsCode } }
                 spmServices(level: "KAB") { code fieldCode } }"""
    response = client.post("/graphql", json={"query": query})
    body = response.json()
    assert "errors" not in body, body
    assert len(body["data"]["regions"]["nodes"]) == 22
    assert {"code": "53.02", "name": "Kabupaten Timor Tengah Selatan", "bpsCode": "5304"} in body["data"]["regions"][
        "nodes"
    ]
    assert len(body["data"]["spmServices"]) == 29


def test_graphiql_is_served(client: TestClient) -> None:
    response = client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


def test_healthz_is_unavailable_on_a_store_that_was_never_migrated(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'empty.db'}")
    with TestClient(create_app(settings)) as client:
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["migrations"] == "not at head"


def test_public_edition_diff_does_not_take_the_write_lock(
    reference_db: Engine, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Session(reference_db) as session:
        make_edition(session, "SIPD-2024")
        make_edition(session, "SIPD-2025")
        session.commit()

    def no_write(*_args: object, **_kwargs: object) -> object:
        raise AssertionError("a read took the write lock")

    monkeypatch.setattr(RequestDB, "writing", no_write)
    query = '{ editionDiff(fromEdition: "SIPD-2024", toEdition: "SIPD-2025") { changes { change count } } }'
    body = client.post("/graphql", json={"query": query}).json()
    assert "errors" not in body, body
