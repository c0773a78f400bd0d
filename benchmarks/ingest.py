"""Ingest benchmark: a national-scale budget file (every region x N lines) through the real pipeline.

    python benchmarks/ingest.py                       # 552 regions x 2,000 lines, SQLite and PostgreSQL
    python benchmarks/ingest.py --regions 50 --lines 200 --backends sqlite

Each backend runs in its own child process on a fresh database (a temp SQLite file; a scratch
PostgreSQL database created and dropped like tests/conftest.py does), so peak memory (ru_maxrss)
is that backend's alone. Before the hub's run, the same file is loaded by the stack's own bulk
path (``floor``) into the same table, and the gap between the two is printed. The store is
seeded with regions and with the accounts, funding sources and nomenclature codes the file
uses, so every referential check runs. Prints validated-and-loaded
rows per second and peak RSS, plus RSS before the load: the difference is what the load holds.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

POSTGRES_ADMIN_URL = os.environ.get("SPM_HUB_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
FLOORS = {"sqlite": "csv.reader + one-transaction executemany", "postgresql": "csv.reader + psycopg COPY"}
COLUMNS = [
    "region_code",
    "fiscal_year",
    "stage",
    "agency_code",
    "agency_name",
    "sub_activity_code",
    "account_code",
    "funding_source_code",
    "package_name",
    "planned_amount",
]


def code_pools(rng: random.Random) -> dict[str, list[str]]:
    """Realistic code shapes: ~1,500 sub kegiatan, ~260 accounts, ~30 funding sources, 40 agencies."""
    subs = sorted(
        {
            f"{u}.{b:02d}.{p:02d}.2.{k:02d}.{s:04d}"
            for u, b, p, k, s in (
                (
                    rng.choice([1, 2, 3]),
                    rng.randint(1, 12),
                    rng.randint(1, 5),
                    rng.randint(1, 9),
                    rng.randint(1, 60),
                )
                for _ in range(1_600)
            )
        }
    )[:1_500]
    accounts = sorted(
        {
            f"5.{rng.choice([1, 2])}.{rng.randint(1, 5):02d}.{rng.randint(1, 9):02d}.{rng.randint(1, 3):02d}."
            f"{rng.randint(1, 120):04d}"
            for _ in range(300)
        }
    )[:260]
    funding = sorted(
        {
            f"{rng.choice([1, 2])}.{rng.randint(1, 2)}.{rng.randint(1, 4):02d}.{rng.randint(1, 9):02d}."
            f"{rng.randint(1, 3):02d}.{rng.randint(1, 40):04d}"
            for _ in range(40)
        }
    )[:30]
    agencies = [f"{rng.randint(1, 7)}.{rng.randint(1, 12):02d}.0.00.0.00.{n:02d}.0000" for n in range(1, 41)]
    return {"subs": subs, "accounts": accounts, "funding": funding, "agencies": agencies}


def generate(path: Path, regions: list[str], lines: int, pools: dict[str, list[str]], rng: random.Random) -> int:
    """Write the CSV; amounts are log-normal rupiah, a few with sen, a few zero (as in SIPD exports)."""
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for region in regions:
            for number in range(lines):
                agency = pools["agencies"][number * len(pools["agencies"]) // lines]
                amount = Decimal(int(rng.lognormvariate(17, 1.6))) if rng.random() > 0.08 else Decimal(0)
                if rng.random() < 0.01:
                    amount += Decimal(rng.randint(1, 99)) / 100
                writer.writerow(
                    [
                        region,
                        2025,
                        "murni",
                        agency,
                        f"Perangkat Daerah {agency[-9:-5]}",
                        rng.choice(pools["subs"]),
                        rng.choice(pools["accounts"]),
                        rng.choice(pools["funding"]),
                        f"Kelompok: paket {number % 97}",
                        amount,
                    ]
                )
                count += 1
    return count


def seed(url: str, pools: dict[str, list[str]]) -> None:
    """Migrate and load what the checks look up."""
    from sqlmodel import Session

    from hub import reference
    from hub.db import migrate
    from hub.db.engine import make_engine
    from hub.models import Account, FundingSource, NomenclatureEdition, NomenclatureNode

    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        reference.load_regions(session)
        session.add_all([Account(code=c, name=f"Belanja {c}", level=6) for c in pools["accounts"]])
        session.add_all([FundingSource(code=c, name=f"Dana {c}", level=6) for c in pools["funding"]])
        edition = NomenclatureEdition(code="BENCH", name="benchmark edition")
        session.add(edition)
        session.flush()
        assert edition.id is not None
        session.add_all([NomenclatureNode(edition_id=edition.id, code=c, name=c, level=5) for c in pools["subs"]])
        session.commit()
    engine.dispose()


def floor(url: str, csv_path: Path) -> float:
    """Seconds for the stack's own bulk path to load the same file into the real ``budget_line``
    (same indexes and foreign keys), in one transaction: ``csv.reader`` rows through psycopg
    ``COPY FROM STDIN`` on PostgreSQL, one ``sqlite3`` ``executemany`` on SQLite. The rows are then
    deleted again, so the hub's run starts from the same empty table."""
    from sqlmodel import Session

    from hub.db.engine import make_engine
    from hub.models import IngestRun

    engine = make_engine(url)
    with Session(engine) as session:
        run = IngestRun(connector="floor", source=str(csv_path))
        session.add(run)
        session.commit()
        run_id = run.id
    names = [*COLUMNS, "line_key", "sub_activity_known", "source_row", "run_id"]
    sqlite = engine.dialect.name == "sqlite"

    def rows():
        with csv_path.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            next(reader)
            for number, values in enumerate(reader, start=2):
                amount = Decimal(values[9])
                values[1] = int(values[1])
                values[9] = int(amount * 100) if sqlite else amount
                yield (*values, f"floor-{number}", True, number, run_id)

    started = time.perf_counter()
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if sqlite:
            cursor.execute("BEGIN")
            cursor.executemany(
                f"INSERT INTO budget_line ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", rows()
            )
        else:
            with cursor.copy(f"COPY budget_line ({', '.join(names)}) FROM STDIN") as copy:
                for row in rows():
                    copy.write_row(row)
        raw.commit()
        elapsed = time.perf_counter() - started
        if sqlite:
            cursor.execute("BEGIN")
        cursor.execute("DELETE FROM budget_line")
        raw.commit()
    finally:
        raw.close()
        engine.dispose()
    return elapsed


def child(url: str, csv_path: Path, pools_path: Path) -> None:
    """Seed, time the floor, then time one ingest; print the figures as JSON."""
    from hub.db.engine import make_engine
    from hub.ingest import IngestOptions, ingest

    seed(url, json.loads(pools_path.read_text()))
    floor_seconds = floor(url, csv_path)
    engine = make_engine(url)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    summary = ingest(engine, "budget", csv_path, IngestOptions(actor="benchmark"))
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    engine.dispose()
    print(
        json.dumps(
            {
                "status": summary.status,
                "rows": summary.rows_loaded,
                "issues": len(summary.issues),
                "seconds": elapsed,
                "floor_seconds": floor_seconds,
                "rss_before_kib": before,
                "rss_peak_kib": peak,
            }
        )
    )


def run_backend(backend: str, csv_path: Path, pools_path: Path, workdir: Path) -> dict[str, float]:
    import psycopg

    database = None
    if backend == "sqlite":
        url = f"sqlite:///{workdir / 'bench.db'}"
    else:
        database = f"spm_bench_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{database}"')
        server = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
        url = f"{server}/{database}"
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", url, str(csv_path), str(pools_path)],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
    except subprocess.CalledProcessError as exc:
        sys.exit(f"{backend} run failed:\n{exc.stderr[-4000:]}")
    finally:
        if database:
            with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--regions", type=int, default=552, help="how many regions (max 552)")
    parser.add_argument("--lines", type=int, default=2_000, help="budget lines per region")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--child", nargs=3, metavar=("URL", "CSV", "POOLS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return
    from hub.reference import REGIONS_CSV

    with REGIONS_CSV.open(encoding="utf-8") as handle:
        regions = [row["code"] for row in csv.DictReader(handle)][: args.regions]
    rng = random.Random(args.seed)
    pools = code_pools(rng)
    with tempfile.TemporaryDirectory(prefix="spm-bench-") as tmp:
        workdir = Path(tmp)
        csv_path, pools_path = workdir / "budget.csv", workdir / "pools.json"
        pools_path.write_text(json.dumps(pools))
        started = time.perf_counter()
        rows = generate(csv_path, regions, args.lines, pools, rng)
        print(
            f"generated {rows:,} lines ({len(regions)} regions x {args.lines:,}) in "
            f"{time.perf_counter() - started:.1f} s, {csv_path.stat().st_size / 1e6:.0f} MB CSV"
        )
        for backend in [b for b in args.backends.split(",") if b]:
            figures = run_backend(backend, csv_path, pools_path, workdir)
            rate = figures["rows"] / figures["seconds"]
            peak, before = (figures[key] / 1024 for key in ("rss_peak_kib", "rss_before_kib"))
            floor_rate = figures["rows"] / figures["floor_seconds"]
            print(
                f"{backend:>10}: {figures['status']}, {figures['rows']:,.0f} rows"
                f" in {figures['seconds']:.1f} s"
                f" = {rate:,.0f} rows/s validated and loaded; floor ({FLOORS[backend]}) {floor_rate:,.0f} rows/s;"
                f" gap {figures['seconds'] / figures['floor_seconds']:.2f}x; peak RSS {peak:,.0f} MiB"
                f" (before the load {before:,.0f} MiB); {figures['issues']} issues"
            )


if __name__ == "__main__":
    main()
