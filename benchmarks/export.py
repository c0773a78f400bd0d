"""Export benchmark: ``/export/budget-lines.csv`` and ``.xlsx`` through the ASGI app, next to the
floor of the stack measured in the same run on the same rows.

    python benchmarks/export.py                      # 200,000 lines, SQLite and PostgreSQL
    python benchmarks/export.py --lines 50000 --backends postgresql

Floors: CSV on PostgreSQL is ``COPY (SELECT * FROM budget_line ORDER BY id) TO STDOUT WITH CSV``
read by psycopg; CSV on SQLite is a raw ``sqlite3`` cursor written by ``csv.writer``; XLSX is the
same raw rows written by XlsxWriter in constant-memory mode. Each backend gets a scratch store
(a temp SQLite file; a PostgreSQL database created and dropped). Prints rows/s and the ratio.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the checkout, not an installed copy

import pandas as pd
from sqlmodel import Session, select
from starlette.testclient import TestClient
from stores import scratch_store

from hub import reference
from hub.access import tokens
from hub.api.app import create_app
from hub.core.settings import Settings
from hub.db.engine import make_engine
from hub.ingest.writers.base import insert_rows
from hub.models import BudgetLine, IngestRun, Region


def load(url: str, lines: int) -> str:
    """Regions, ``lines`` budget lines spread over them, and a ministry token (returned)."""
    rng = random.Random(11)
    engine = make_engine(url)
    with Session(engine) as session:
        reference.load_regions(session)
        run = IngestRun(connector="synthetic", source="benchmarks/export.py", status="succeeded")
        session.add(run)
        session.flush()
        codes = session.exec(select(Region.code).order_by(Region.code).limit(100)).all()
        for start in range(0, lines, 50_000):
            count = min(50_000, lines - start)
            frame = pd.DataFrame(
                {
                    "region_code": [codes[(start + n) % len(codes)] for n in range(count)],
                    "fiscal_year": 2025,
                    "stage": "murni",
                    "line_key": [f"k{start + n}" for n in range(count)],
                    "agency_code": "1.01.0.00.0.00.01.0000",
                    "agency_name": "Dinas Pendidikan",
                    "sub_activity_code": [f"1.01.02.2.01.{n % 60:04d}" for n in range(count)],
                    "sub_activity_known": True,
                    "account_code": "5.1.02.01.01.0024",
                    "package_name": [f"Kelompok: paket {n % 97}, belanja" for n in range(count)],
                    "planned_amount": [Decimal(rng.randint(0, 10**9)) / 100 for _ in range(count)],
                    "source_row": range(start + 2, start + count + 2),
                }
            )
            insert_rows(session, BudgetLine.__table__, frame, {"run_id": run.id})  # type: ignore[attr-defined]
        secret = tokens.create_token(session, name="benchmark", role="ministry")[1]
        session.commit()
    engine.dispose()
    return secret


def floor_csv(url: str) -> int:
    """Bytes of the floor CSV (the stack's own fastest path)."""
    engine = make_engine(url)
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if engine.dialect.name == "postgresql":
            size = 0
            with cursor.copy(
                "COPY (SELECT * FROM budget_line ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER)"
            ) as copy:
                for block in copy:
                    size += len(block)
            return size
        cursor.execute("SELECT * FROM budget_line ORDER BY id")
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([d[0] for d in cursor.description])
        size = 0
        while rows := cursor.fetchmany(2_000):
            writer.writerows(rows)
            size += buffer.tell()
            buffer.seek(0)
            buffer.truncate()
        return size
    finally:
        raw.close()
        engine.dispose()


def floor_xlsx(url: str) -> int:
    """Bytes of the floor XLSX: raw rows through XlsxWriter constant-memory."""
    import xlsxwriter

    engine = make_engine(url)
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("SELECT * FROM budget_line ORDER BY id")
        with tempfile.TemporaryFile() as handle:
            workbook = xlsxwriter.Workbook(handle, {"constant_memory": True, "in_memory": False})
            sheet = workbook.add_worksheet("budget-lines")
            sheet.write_row(0, 0, [d[0] for d in cursor.description])
            number = 1
            while rows := cursor.fetchmany(2_000):
                for row in rows:
                    sheet.write_row(number, 0, row)
                    number += 1
            workbook.close()
            return handle.tell()
    finally:
        raw.close()
        engine.dispose()


def best(action: Any, repeat: int) -> tuple[float, Any]:
    """The fastest of ``repeat`` runs (seconds) and its result: the least disturbed by other load."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return min(times), result


def run(url: str, lines: int, repeat: int) -> None:
    started = time.perf_counter()
    secret = load(url, lines)
    print(f"  loaded {lines:,} budget lines in {time.perf_counter() - started:.1f} s")
    settings = Settings(database_url=url)
    with TestClient(create_app(settings), headers={"Authorization": f"Bearer {secret}"}) as client:

        def export(fmt: str) -> int:
            response = client.get(f"/export/budget-lines.{fmt}")
            assert response.status_code == 200, response.text
            return len(response.content)

        for fmt, floor, label in (
            ("csv", floor_csv, "COPY TO STDOUT" if url.startswith("postgresql") else "sqlite3 + csv.writer"),
            ("xlsx", floor_xlsx, "raw rows + XlsxWriter constant-memory"),
        ):
            hub_seconds, size = best(lambda fmt=fmt: export(fmt), repeat)
            floor_seconds, floor_size = best(lambda floor=floor: floor(url), repeat)
            print(
                f"  {fmt:>4}: hub {lines / hub_seconds:>10,.0f} rows/s ({size / 1e6:.0f} MB)"
                f"   floor ({label}) {lines / floor_seconds:>10,.0f} rows/s ({floor_size / 1e6:.0f} MB)"
                f"   hub at {floor_seconds / hub_seconds:.0%} of the floor"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    for backend in args.backends.split(","):
        print(f"== {backend}")
        with scratch_store(backend) as url:
            run(url, args.lines, args.repeat)


if __name__ == "__main__":
    main()
