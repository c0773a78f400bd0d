"""A read replica (SPM_HUB_READ_DATABASE_URL): GraphQL queries and exports read it, mutations and
token checks use the primary, and an unreachable replica is an error, never a silent fallback."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, update
from sqlmodel import Session, select
from starlette.testclient import TestClient

from hub import reference
from hub.access.tokens import create_token
from hub.api.app import create_app
from hub.core.settings import Settings, pool_size
from hub.db import migrate
from hub.db.engine import make_engine
from hub.models import AchievementReport, IngestRun, Region, SpmService

REGION = "53.02"


def _replica(path: Path) -> str:
    """A second store standing in for a replica, told apart by one region's name."""
    url = f"sqlite:///{path}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        reference.load_regions(session)
        reference.load_catalogue(session)
        session.exec(update(Region).where(Region.code == REGION).values(name="Replica copy"))  # type: ignore[call-overload]
        session.commit()
    engine.dispose()
    return url


def _primary_report_and_token(engine: Engine) -> str:
    with Session(engine) as session:
        service = session.exec(select(SpmService.code).where(SpmService.level == "KAB")).first()
        run = IngestRun(connector="achievement", source="test")
        session.add(run)
        session.flush()
        session.add(
            AchievementReport(
                region_code=REGION, year=2025, quarter=1, service_code=service, targeted=10, served=5, run_id=run.id
            )
        )
        _token, secret = create_token(session, name="ministry", role="ministry")
        session.commit()
    return secret


def test_queries_and_exports_read_the_replica_and_mutations_write_the_primary(
    reference_db: Engine, database_url: str, tmp_path: Path
) -> None:
    secret = _primary_report_and_token(reference_db)
    settings = Settings(database_url=database_url, read_database_url=_replica(tmp_path / "replica.db"))
    with TestClient(create_app(settings)) as client:
        auth = {"Authorization": f"Bearer {secret}"}
        query = client.post("/graphql", json={"query": f'{{ region(code: "{REGION}") {{ name }} }}'}, headers=auth)
        assert query.json() == {"data": {"region": {"name": "Replica copy"}}}
        export = client.get(f"/export/regions.csv?codePrefix={REGION}", headers=auth)
        assert export.status_code == 200 and "Replica copy" in export.text
        mutation = f"""mutation {{ publishAchievementReports(regionCode: "{REGION}", year: 2025, quarter: 1) {{
            ... on PublishedReports {{ count }} }} }}"""
        published = client.post("/graphql", json={"query": mutation}, headers=auth)
        assert published.json() == {"data": {"publishAchievementReports": {"count": 1}}}  # on the primary only
        health = client.get("/healthz").json()
        assert health["status"] == "ok" and health["read_database"] == "sqlite"
    with Session(reference_db) as session:
        assert session.exec(select(AchievementReport.published)).all() == [True]


def test_an_unreachable_replica_fails_reads_instead_of_falling_back(reference_db: Engine, database_url: str) -> None:
    missing = "sqlite:////nonexistent-spm-hub-dir/replica.db"
    with TestClient(create_app(Settings(database_url=database_url, read_database_url=missing))) as client:
        body = client.post("/graphql", json={"query": f'{{ region(code: "{REGION}") {{ name }} }}'}).json()
        assert body.get("data") in (None, {"region": None}) and body["errors"]
        assert client.get("/healthz").status_code == 503


def test_pool_size_shares_the_connection_budget_between_workers() -> None:
    assert pool_size(Settings(db_connections=20, workers=1)) == 20
    assert pool_size(Settings(db_connections=20, workers=4)) == 5
    assert pool_size(Settings(db_connections=4, workers=8)) == 2  # never fewer than two per process
