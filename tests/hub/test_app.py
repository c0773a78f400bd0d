"""The served app: health check and a minimal GraphQL query on the reference data."""

from __future__ import annotations

from sqlalchemy import Engine
from starlette.testclient import TestClient


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
