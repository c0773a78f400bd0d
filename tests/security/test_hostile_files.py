"""The same hostile files through every upload path (GraphQL ``bulkImportLinks``, ``/ingest/{source}``,
the CLI): each is refused as BAD_INPUT with a clear reason, never INTERNAL, and no run stays ``running``.
Archives are checked before any parser or lock meets them, for every file connector."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from starlette.testclient import TestClient
from typer.testing import CliRunner

from hub.cli import app
from hub.core.errors import BadInput
from hub.core.settings import get_settings
from hub.ingest import ingest, pipeline
from hub.ingest.registry import SOURCES
from hub.models import IngestRun
from tests.security.conftest import Secrets
from tests.security.hostile import HOSTILE_FILES, Hostile

MAP = '{"0": ["variables.file"]}'
BULK = """mutation($file: Upload!) { bulkImportLinks(file: $file) {
  ... on BulkImportResult { status } ... on OperationError { code message } } }"""


def _graphql(client: TestClient, secrets: Secrets, hostile: Hostile, _tmp: Path) -> tuple[str, str]:
    response = client.post(
        "/graphql",
        headers=secrets.header("ministry"),
        data={"operations": json.dumps({"query": BULK, "variables": {"file": None}}), "map": MAP},
        files={"0": (hostile.filename, hostile.build(), "application/octet-stream")},
    )
    assert response.status_code < 500, response.text
    result = response.json()["data"]["bulkImportLinks"]
    return result["code"], result["message"]


def _ingest_route(client: TestClient, secrets: Secrets, hostile: Hostile, _tmp: Path) -> tuple[str, str]:
    response = client.post(
        "/ingest/links", files={"file": (hostile.filename, hostile.build())}, headers=secrets.header("ministry")
    )
    assert response.status_code == 400, response.text
    error = response.json()["errors"][0]
    return error["extensions"]["code"], error["message"]


def _cli(_client: TestClient, _secrets: Secrets, hostile: Hostile, tmp: Path) -> tuple[str, str]:
    path = tmp / hostile.filename
    path.write_bytes(hostile.build())
    result = CliRunner().invoke(app, ["links", "import", str(path)])
    assert result.exit_code == 1, result.output
    code, _, message = " ".join(result.output.split()).partition(": ")
    return code, message


PATHS = {"graphql": _graphql, "ingest": _ingest_route, "cli": _cli}


@pytest.fixture
def cli_env(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("SPM_HUB_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.parametrize("hostile", HOSTILE_FILES, ids=lambda h: h.name)
@pytest.mark.parametrize("path", list(PATHS))
def test_hostile_files_are_bad_input_on_every_path(
    client: TestClient,
    secrets: Secrets,
    reference_db: Engine,
    cli_env: Any,
    tmp_path: Path,
    path: str,
    hostile: Hostile,
) -> None:
    code, message = PATHS[path](client, secrets, hostile, tmp_path)
    assert code == "BAD_INPUT" and hostile.says in message, (code, message)
    with Session(reference_db) as session:
        assert session.exec(select(IngestRun).where(IngestRun.status == "running")).all() == []


FILE_SOURCES = sorted(name for name, source in SOURCES.items() if not hasattr(source.connector, "fetch"))


@pytest.mark.parametrize("source", FILE_SOURCES)
@pytest.mark.parametrize("hostile", HOSTILE_FILES[:4], ids=lambda h: h.name)
def test_archives_are_checked_before_any_parser_or_lock(
    reference_db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str, hostile: Hostile
) -> None:
    def forbidden(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("parsed or locked before the archive check")

    monkeypatch.setattr(pipeline, "exclusive_session", forbidden)
    monkeypatch.setattr(openpyxl, "load_workbook", forbidden)
    path = tmp_path / "upload.xlsx"
    path.write_bytes(hostile.build())
    with pytest.raises(BadInput, match=hostile.says):
        ingest(reference_db, source, path)
    with Session(reference_db) as session:
        run = session.exec(select(IngestRun)).one()
    assert (run.status, run.error_code) == ("failed", "BAD_INPUT")


def test_unexpected_errors_close_the_run(reference_db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("driver fault")

    monkeypatch.setattr(pipeline, "build_references", broken)
    path = tmp_path / "dana.csv"
    path.write_text("kode_dana,nama_dana\n1,PENDAPATAN\n")
    with pytest.raises(RuntimeError):
        ingest(reference_db, "funding_sources", path)
    with Session(reference_db) as session:
        run = session.exec(select(IngestRun)).one()
    assert (run.status, run.error_code) == ("failed", "INTERNAL") and "driver fault" not in (run.message or "")


def test_stale_running_runs_are_interrupted_at_startup(reference_db: Engine, settings: Any) -> None:
    from hub.api.app import create_app

    with Session(reference_db) as session:
        session.add(IngestRun(connector="budget", source="killed.xlsx", status="running"))
        session.commit()
    with TestClient(create_app(settings)):
        pass
    with Session(reference_db) as session:
        run = session.exec(select(IngestRun)).one()
    assert run.status == "interrupted" and run.finished_at is not None and "stopped" in (run.message or "")
