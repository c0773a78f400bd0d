"""Test fixtures: the same suite runs on SQLite and on the PostgreSQL at 127.0.0.1:5432.

Each test session gets its own migrated database (a temp SQLite file, and a freshly created
PostgreSQL database that is dropped afterwards), so parallel runs never share state. Each test starts
from empty tables (``db`` / ``clean_db``) or from the reference data (``reference_db``).
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, SQLModel
from starlette.testclient import TestClient
from typer.testing import CliRunner

import hub.models  # noqa: F401
from hub import reference
from hub.access import tokens
from hub.api.app import create_app
from hub.core.settings import Settings, get_settings
from hub.db import migrate
from hub.db.engine import make_engine

REPO_ROOT = Path(__file__).resolve().parent.parent
POSTGRES_ADMIN_URL = os.environ.get("SPM_HUB_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
BACKENDS = [b for b in os.environ.get("SPM_HUB_TEST_BACKENDS", "sqlite,postgresql").split(",") if b]


def _shared_data() -> Path:
    configured = os.environ.get("SPM_HUB_SHARED_DATA")
    return Path(configured) if configured else REPO_ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real public files in ../shared/data (tests read them; the product never does)."""
    path = _shared_data()
    if not path.is_dir():
        pytest.fail(f"Shared data not found at {path}; set SPM_HUB_SHARED_DATA")
    return path


@pytest.fixture(autouse=True)
def _clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never depend on the developer's SPM_HUB_* settings."""
    for key in list(os.environ):
        if key.startswith("SPM_HUB_") and not key.startswith("SPM_HUB_TEST") and key != "SPM_HUB_SHARED_DATA":
            monkeypatch.delenv(key)
    get_settings.cache_clear()  # a test that changed a setting (e.g. SPM_HUB_LANG) leaves no trace


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Human-facing output in English (``SPM_HUB_LANG=en``) instead of the default Bahasa Indonesia."""
    monkeypatch.setenv("SPM_HUB_LANG", "en")
    get_settings.cache_clear()


@pytest.fixture
def indonesian(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bahasa Indonesia, stated (a test module that pins English may still test the default)."""
    monkeypatch.setenv("SPM_HUB_LANG", "id")
    get_settings.cache_clear()


def _create_postgres_database() -> tuple[str, str]:
    name = f"spm_test_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {exc}. Start it (see .ci/run).")
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    return name, f"{base.replace('postgresql://', 'postgresql+psycopg://', 1)}/{name}"


def _drop_postgres_database(name: str) -> None:
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated, empty database on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'spm_hub_test.db'}"
        migrate.upgrade(url)
        yield url
        return
    name, url = _create_postgres_database()
    try:
        migrate.upgrade(url)
        yield url
    finally:
        _drop_postgres_database(name)


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    """A sync engine on the test database."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


REFERENCE_TABLES = (
    "region",
    "spm_field",
    "spm_service",
    "mutu_standard",
    "recipient_age_band",
    "achievement_scheme",
    "category_band",
    "problem_kind",
    "reporting_deadline",
    "item_list",
    "recipient_item",
)
_REFERENCE_STATE: dict[str, str] = {}  # database URL -> fingerprint of the reference data as loaded


def _empty(engine: Engine, tables: list[Any]) -> None:
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{table.name}"' for table in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


def truncate_all(engine: Engine) -> None:
    """Empty every table (keeps the schema and alembic_version)."""
    _empty(engine, list(reversed(SQLModel.metadata.sorted_tables)))


def _fingerprint(engine: Engine) -> str:
    """A digest of every reference row: a test that changed the reference data changes it."""
    digest = hashlib.sha256()
    with engine.connect() as connection:
        for name in REFERENCE_TABLES:
            table = SQLModel.metadata.tables[name]
            for row in connection.execute(table.select().order_by(*table.primary_key.columns)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def reset_to_reference(engine: Engine) -> Engine:
    """The shipped regions and SPM catalogue and nothing else. The reference data is loaded once per
    database; between tests only the facts are emptied, and the reference data is reloaded only when a
    test changed it (the fingerprint says so). Loading it for every test was a third of the suite's time."""
    key = str(engine.url)
    if _REFERENCE_STATE.get(key) is not None and _REFERENCE_STATE[key] == _fingerprint(engine):
        _empty(engine, [t for t in reversed(SQLModel.metadata.sorted_tables) if t.name not in REFERENCE_TABLES])
        return engine
    truncate_all(engine)
    with Session(engine) as session:
        reference.load_regions(session)
        reference.load_catalogue(session)
        session.commit()
    _REFERENCE_STATE[key] = _fingerprint(engine)
    return engine


@pytest.fixture
def clean_db(engine: Engine) -> Engine:
    """The test database, emptied before the test."""
    truncate_all(engine)
    _REFERENCE_STATE.pop(str(engine.url), None)
    return engine


@pytest.fixture
def reference_db(engine: Engine) -> Engine:
    """The test database holding only the shipped regions and SPM catalogue."""
    return reset_to_reference(engine)


@pytest.fixture
def db(clean_db: Engine) -> Iterator[Session]:
    """A session on an emptied database."""
    with Session(clean_db, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Settings pointing at the test database."""
    return Settings(database_url=database_url)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """An HTTP client on the ASGI app, against the test database (no token: the public role)."""
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def ministry_client(client: TestClient, engine: Engine) -> TestClient:
    """The same client sending a fresh ministry token (list this fixture after the data fixtures,
    which may empty the store)."""
    with Session(engine) as session:
        secret = tokens.create_token(session, name="tests-ministry", role="ministry")[1]
        session.commit()
    client.headers["Authorization"] = f"Bearer {secret}"
    return client


@pytest.fixture
def cli_runner(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """A CliRunner whose `spm-hub` commands use the test database (list it after the data fixtures)."""
    monkeypatch.setenv("SPM_HUB_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()
