"""Engines and sessions for SQLite (default) and PostgreSQL, sync for ingest and async for the API."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlmodel import Session

logger = logging.getLogger(__name__)
_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+psycopg"}
_SYNC_DRIVERS = {"sqlite": "sqlite", "postgresql": "postgresql+psycopg"}


def _with_driver(url: str, drivers: dict[str, str]) -> str:
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend not in drivers:
        raise ValueError(f"Unsupported database {backend!r}: use sqlite:/// or postgresql+psycopg://")
    return parsed.set(drivername=drivers[backend]).render_as_string(hide_password=False)


def _configure_sqlite(engine: Engine) -> None:
    """Foreign keys on, and SQLAlchemy's pysqlite recipe so SAVEPOINT and BEGIN work as documented."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if mode == "IMMEDIATE" else "BEGIN")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """A sync engine for the CLI, ingest and migrations."""
    engine = create_engine(_with_driver(url, _SYNC_DRIVERS), **kwargs)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def make_async_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An async engine for the GraphQL API (aiosqlite or psycopg async)."""
    engine = create_async_engine(_with_driver(url, _ASYNC_DRIVERS), **kwargs)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine.sync_engine)
    return engine


def write_session(engine: Engine) -> Session:
    """A session for a transaction that writes. On SQLite it begins IMMEDIATE: a deferred transaction
    that reads first and writes later fails at once ("database is locked") when another writer
    committed in between, instead of waiting its turn."""
    return Session(engine.execution_options(sqlite_begin="IMMEDIATE"), expire_on_commit=False)


def _lock_id(key: str) -> int:
    """A stable signed 64-bit id for an advisory lock name."""
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big", signed=True)


@contextmanager
def exclusive_session(engine: Engine, key: str) -> Iterator[Session]:
    """A session whose transaction is the only writer holding ``key`` until it commits or rolls back.

    PostgreSQL: a transaction-scoped advisory lock on ``key`` (other keys and readers are not
    blocked). SQLite: ``BEGIN IMMEDIATE`` takes the database's single write lock up front, so two
    writers queue (busy_timeout) instead of failing when the second one upgrades from reading.
    """
    with write_session(engine) as session:
        if engine.dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _lock_id(key)})
        else:
            session.connection()  # BEGIN IMMEDIATE now, before any read
        yield session


def analyze_tables(engine: Engine, tables: Iterable[str]) -> None:
    """Refresh the planner statistics of ``tables`` (after a bulk load, so the next queries plan
    for the new row counts instead of waiting for autovacuum). SQLite samples a bounded number of
    rows per index (``analysis_limit``), so the cost does not grow with the table."""
    names = sorted(set(tables))
    if not names:
        return
    try:
        with engine.execution_options(sqlite_begin="IMMEDIATE").begin() as connection:
            quote = connection.dialect.identifier_preparer.quote
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA analysis_limit=1000")
            for name in names:
                connection.exec_driver_sql(f"ANALYZE {quote(name)}")
    except DBAPIError:  # statistics are an optimisation: the data is committed, autovacuum catches up
        logger.warning("ANALYZE of %s failed; the planner keeps its old statistics.", ", ".join(names), exc_info=True)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose transaction commits on success and rolls back on any exception."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
