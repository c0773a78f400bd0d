"""Token lifecycle through the CLI, and how the gate treats missing, unknown, revoked or malformed tokens."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from starlette.testclient import TestClient
from typer.testing import CliRunner

from hub.access.tokens import hash_secret
from hub.cli import app
from hub.core.settings import get_settings
from hub.models import ApiToken

WHOAMI = "{ auditEvents { totalCount } }"


@pytest.fixture
def cli(reference_db: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("SPM_HUB_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_token_lifecycle(cli: CliRunner, client: TestClient, reference_db: Engine) -> None:
    created = cli.invoke(app, ["token", "create", "--name", "Bangda", "--role", "ministry"])
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip().splitlines()[-1]
    assert secret.startswith("spmhub_")
    with Session(reference_db) as session:
        stored = session.exec(select(ApiToken)).one()
    assert stored.token_hash == hash_secret(secret) and secret not in stored.token_hash  # only the hash is kept
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.post("/graphql", json={"query": WHOAMI}, headers=headers).json()["data"]["auditEvents"]
    listed = cli.invoke(app, ["token", "list"])
    assert "Bangda" in listed.stdout and secret not in listed.stdout
    assert cli.invoke(app, ["token", "revoke", str(stored.id)]).exit_code == 0
    response = client.post("/graphql", json={"query": WHOAMI}, headers=headers)
    assert response.status_code == 401 and response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "Bangda" not in cli.invoke(app, ["token", "list"]).stdout
    assert "Bangda" in cli.invoke(app, ["token", "list", "--all"]).stdout


def test_token_create_refuses_bad_roles_and_regions(cli: CliRunner) -> None:
    for args in (
        ["--role", "admin"],
        ["--role", "region"],
        ["--role", "region", "--region", "99.99"],
        ["--role", "ministry", "--region", "53"],
    ):
        result = cli.invoke(app, ["token", "create", "--name", "x", *args])
        assert result.exit_code == 1, (args, result.output)
    assert cli.invoke(app, ["token", "revoke", "12345"]).exit_code == 1


@pytest.mark.parametrize("header", ["Bearer spmhub_unknown", "Basic dXNlcjpwYXNz", "Bearer", "Bearer " + "x" * 300])
def test_bad_tokens_are_401_never_public(client: TestClient, header: str) -> None:
    response = client.post("/graphql", json={"query": "{ spmFields { code } }"}, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
