"""After an ingest the planner knows the tables it wrote (ANALYZE), so the first reads after a bulk
load do not run on plans made for empty tables."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, func, select, text

from hub.ingest import IngestOptions, ingest
from hub.models import FundingSource


def _planner_rows(engine: Engine, table: str) -> int:
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            found = connection.execute(text("SELECT reltuples FROM pg_class WHERE relname = :t"), {"t": table})
            return int(found.scalar_one())
        exists = connection.execute(text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")).scalar()
        if not exists:
            return -1
        stat = connection.execute(text("SELECT stat FROM sqlite_stat1 WHERE tbl = :t"), {"t": table}).first()
        return int(stat[0].split()[0]) if stat else -1


def test_an_ingest_analyzes_the_tables_it_wrote(clean_db: Engine, shared_data: Path) -> None:
    path = shared_data / "accounts" / "sipd_kab_buru_sumber_dana_2025.json"
    summary = ingest(clean_db, "funding_sources", path, IngestOptions(allow_partial=True))
    with clean_db.connect() as connection:
        stored = connection.execute(select(func.count()).select_from(FundingSource)).scalar_one()
    assert summary.rows_loaded > 300 and stored > 300
    assert _planner_rows(clean_db, "funding_source") == stored
