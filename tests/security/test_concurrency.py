"""Concurrent ingests and reads over real connections: never a duplicate, a failure or a half load.

Two loads of the same source queue on a per-table lock (PostgreSQL advisory lock, SQLite's write
lock taken by BEGIN IMMEDIATE); readers see the table before or after a load, never in between.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, text
from sqlmodel import Session, select

from hub.core.errors import HubError
from hub.db.engine import make_engine
from hub.ingest import IngestOptions, RunSummary, ingest
from hub.models import Account, AuditEvent, IngestRun
from tests.security.conftest import Gql, codes


def _accounts(shared_data: Path) -> Path:
    return shared_data / "accounts" / "kode_belanja_permendagri_50.xlsx"


def _count(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Account)).one()


def test_two_loads_of_the_same_source_at_once(clean_db: Engine, database_url: str, shared_data: Path) -> None:
    engines = [make_engine(database_url), make_engine(database_url)]
    results: list[RunSummary | BaseException] = []
    barrier = threading.Barrier(2)

    def load(engine: Engine, actor: str) -> None:
        barrier.wait()
        try:
            results.append(ingest(engine, "accounts", _accounts(shared_data), IngestOptions(actor=actor)))
        except (HubError, Exception) as exc:  # recorded, then asserted: a thread must not swallow failures
            results.append(exc)

    threads = [threading.Thread(target=load, args=(engine, f"loader-{i}")) for i, engine in enumerate(engines)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    for engine in engines:
        engine.dispose()
    assert all(isinstance(result, RunSummary) for result in results), results
    assert {result.status for result in results if isinstance(result, RunSummary)} <= {"succeeded", "unchanged"}
    assert _count(clean_db) == 3413
    with Session(clean_db) as session:
        keys = session.exec(select(func.count(func.distinct(Account.code)))).one()
        runs = session.exec(select(IngestRun.status)).all()
        audits = session.exec(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "ingest")).one()
    assert keys == 3413 and "failed" not in runs and "running" not in runs
    assert audits == sum(1 for r in results if isinstance(r, RunSummary) and r.status == "succeeded")


def test_readers_see_before_or_after_a_load_never_half(clean_db: Engine, database_url: str, shared_data: Path) -> None:
    reader_engine = make_engine(database_url)
    seen: set[int] = set()
    done = threading.Event()
    failures: list[BaseException] = []

    def read() -> None:
        try:
            while not done.is_set():
                with reader_engine.connect() as connection:
                    seen.add(connection.execute(text("SELECT count(*) FROM account")).scalar_one())
        except BaseException as exc:  # asserted below
            failures.append(exc)

    readers = [threading.Thread(target=read) for _ in range(3)]
    for reader in readers:
        reader.start()
    try:
        summary = ingest(clean_db, "accounts", _accounts(shared_data), IngestOptions(actor="loader"))
    finally:
        done.set()
        for reader in readers:
            reader.join(timeout=60)
        reader_engine.dispose()
    assert not failures, failures
    assert summary.status == "succeeded"
    assert seen <= {0, 3413} and 0 in seen, seen
    assert _count(clean_db) == 3413


@pytest.mark.parametrize(
    "sibling",
    [
        'spmService(code: "x") { code }',
        "nomenclatureNode(id: 1) { code }",
        'a: region(code: "53") { code } b: region(code: "") { code }',
    ],
)
def test_a_failing_field_cancels_its_siblings_cleanly(gql: Gql, sibling: str, caplog: pytest.LogCaptureFixture) -> None:
    """graphql-core cancels the sibling fields (and their DataLoader batch, mid-statement) when a
    non-null field fails; the request answers that field's error and its connection goes back to the
    pool whole (not closed under the cancelled statement, then discarded)."""
    body = gql(f'{{ {sibling} budgetPerRecipient(regionCode: "", year: 2025) {{ serviceCode }} }}', "ministry")
    assert body["data"] is None and codes(body) == ["NOT_FOUND"]
    assert "Discarding a request connection" not in caplog.text
