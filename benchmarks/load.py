"""Mixed read/write load against a real uvicorn server on 127.0.0.1: throughput, p95, errors, lost rows.

    python benchmarks/load.py [--seconds 60] [--workers 16] [--max-requests 200000] [--hostile 0.1]
                              [--database-url URL]

It migrates a fresh store (a temporary SQLite file unless --database-url names an empty
PostgreSQL database), loads the reference data, creates a ministry and 10 region tokens, serves the
app on a random free port of 127.0.0.1 only, then runs ``--workers`` concurrent clients for
``--seconds`` (stopping early at ``--max-requests``): 80% reads (catalogue, regions, scoped reports,
audit log) and 20% writes (recordAchievementReport, each a new report), plus ``--hostile`` of
all requests drawn from deep, costly, aliased and batched attacks, which must each be refused with
LIMIT_EXCEEDED while the normal traffic goes on (latency is reported for both). Afterwards every
acknowledged write must be in the store, with its audit event.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import socket
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from sqlmodel import Session, func, select

from hub import reference
from hub.access import tokens
from hub.api.app import create_app
from hub.core.settings import Settings
from hub.db import migrate
from hub.db.engine import make_engine
from hub.models import AchievementReport, AuditEvent, Region

HOST = "127.0.0.1"
RECORD = """mutation($r: AchievementReportInput!) { recordAchievementReport(report: $r) {
    ... on AchievementReport { regionCode } ... on OperationError { code message } } }"""
READS = [
    ('{ spmServices(level: "KAB") { code name } }', "public"),
    ('{ regions(filter: {parentCode: "53"}, first: 50) { nodes { code name populationTotal } } }', "public"),
    ("{ achievementReports(first: 100) { totalCount nodes { regionCode year quarter served } } }", "region"),
    ('{ ranking(year: 2025, provinceCode: "53", first: 10) { rank achievement { regionCode ip } } }', "public"),
    ("{ auditEvents(first: 20) { totalCount nodes { actor action } } }", "ministry"),
]

_FRAGMENTS = "".join(f"fragment F{i} on SpmService {{ ...F{i + 1} ...F{i + 1} }}" for i in range(40))
HOSTILE: list[Any] = [
    {"query": "{" * 5_000 + "}" * 5_000},  # deep (refused before the parser recurses)
    {"query": "{ spmServices { ...F0 } } " + _FRAGMENTS + "fragment F40 on SpmService { code }"},  # 2^40 fields
    {
        "query": "{ "
        + " ".join(f"a{i}: regions(first: 500) {{ nodes {{ children {{ code }} }} }}" for i in range(25))
        + " }"
    },  # wide and costly
    {"query": "{ " + " ".join(f"a{i}: __typename" for i in range(200)) + " }"},  # aliases
    [{"query": "{ spmFields { code } }"}] * 50,  # batched operations
]


@dataclass
class Tally:
    """What the clients saw."""

    latencies: list[float] = field(default_factory=list)
    hostile_latencies: list[float] = field(default_factory=list)
    hostile_not_refused: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    acknowledged: list[tuple[str, int, int, str]] = field(default_factory=list)
    requests: int = 0

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _serve(url: str, port: int) -> None:
    uvicorn.run(create_app(Settings(database_url=url)), host=HOST, port=port, log_level="warning", access_log=False)


def _wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        try:
            if httpx.get(url).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit(f"the server did not come up at {url}")


def _prepare(url: str) -> tuple[str, list[tuple[str, str]]]:
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        reference.load_regions(session)
        reference.load_catalogue(session)
        kabupaten = session.exec(
            select(Region.code).where(Region.government_level == "KAB").order_by(Region.code).limit(10)
        ).all()
        ministry = tokens.create_token(session, name="bench ministry", role="ministry")[1]
        regions = [
            (code, tokens.create_token(session, name=f"bench {code}", role="region", region_code=code)[1])
            for code in kabupaten
        ]
        session.commit()
    engine.dispose()
    return ministry, regions


async def _hostile(http: httpx.AsyncClient, payload: Any, tally: Tally) -> None:
    started = time.perf_counter()
    try:
        response = await http.post("/graphql", json=payload)
    except httpx.HTTPError as exc:
        tally.error(f"hostile {type(exc).__name__}")
        return
    tally.hostile_latencies.append(time.perf_counter() - started)
    body = response.json()
    codes = [e.get("extensions", {}).get("code") for e in (body.get("errors") or [])] if isinstance(body, dict) else []
    tally.hostile_not_refused += "LIMIT_EXCEEDED" not in codes


async def _client(
    base: str,
    ministry: str,
    regions: list[tuple[str, str]],
    deadline: float,
    budget: list[int],
    tally: Tally,
    worker: int,
    hostile: float,
) -> None:
    rng = random.Random(worker)
    sequence = 0
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            region, secret = rng.choice(regions)
            if rng.random() < hostile:
                await _hostile(http, rng.choice(HOSTILE), tally)
                continue
            if rng.random() < 0.2:
                sequence += 1
                year, quarter = 2000 + worker, 1 + sequence % 4
                service = f"DIK.KAB.0{1 + (sequence // 4) % 3}"
                year += sequence // 12  # every write is a new report: (region, year, quarter, service)
                payload = {
                    "query": RECORD,
                    "variables": {
                        "r": {
                            "regionCode": region,
                            "year": year,
                            "quarter": quarter,
                            "serviceCode": service,
                            "targeted": 100,
                            "served": 50,
                        }
                    },
                }
                headers = {"Authorization": f"Bearer {secret}"}
                key = (region, year, quarter, service)
            else:
                query, who = rng.choice(READS)
                payload = {"query": query}
                headers = (
                    {} if who == "public" else {"Authorization": f"Bearer {ministry if who == 'ministry' else secret}"}
                )
                key = None
            started = time.perf_counter()
            try:
                response = await http.post("/graphql", json=payload, headers=headers)
            except httpx.HTTPError as exc:
                tally.error(type(exc).__name__)
                continue
            tally.latencies.append(time.perf_counter() - started)
            tally.requests += 1
            body = response.json() if response.headers.get("content-type", "").startswith("application/json") else {}
            if response.status_code != 200 or body.get("errors"):
                codes = [e.get("extensions", {}).get("code") for e in body.get("errors") or []]
                tally.error(f"{response.status_code} {','.join(map(str, codes))}")
            elif (refused := (body.get("data") or {}).get("recordAchievementReport") or {}).get("code"):
                tally.error(f"OperationError {refused['code']}")
            elif key is not None:
                tally.acknowledged.append(key)


def _lost(url: str, tally: Tally) -> tuple[int, int, int]:
    engine = make_engine(url)
    with Session(engine) as session:
        stored = set(
            session.exec(
                select(
                    AchievementReport.region_code,
                    AchievementReport.year,
                    AchievementReport.quarter,
                    AchievementReport.service_code,
                )
            ).all()
        )
        audits = session.exec(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.entity == "achievement_report")
        ).one()
    engine.dispose()
    return len(set(tally.acknowledged) - stored), len(stored), audits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--hostile", type=float, default=0.1, help="share of requests that are attacks")
    parser.add_argument("--database-url", default=None, help="an EMPTY database (default: a temporary SQLite file)")
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory(prefix="spm-load-")
    url = args.database_url or f"sqlite:///{Path(folder.name) / 'load.db'}"
    ministry, regions = _prepare(url)
    port = _free_port()
    # The server runs in its own process, so the load clients do not share its interpreter (and GIL).
    server = multiprocessing.get_context("spawn").Process(target=_serve, args=(url, port), daemon=True)
    server.start()
    _wait_until_up(f"http://{HOST}:{port}/healthz")
    tally = Tally()
    budget = [args.max_requests]
    started = time.perf_counter()
    deadline = started + args.seconds

    async def run() -> None:
        await asyncio.gather(
            *(
                _client(f"http://{HOST}:{port}", ministry, regions, deadline, budget, tally, worker, args.hostile)
                for worker in range(args.workers)
            )
        )

    asyncio.run(run())
    elapsed = time.perf_counter() - started
    server.terminate()
    server.join(timeout=30)
    lost, stored, audits = _lost(url, tally)
    latencies = sorted(tally.latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan")
    print(
        f"database        {url.split(':')[0]}  ({args.workers} clients, {elapsed:.1f} s, "
        f"one uvicorn worker at 127.0.0.1:{port})"
    )
    print(f"requests        {tally.requests:,}  ({tally.requests / elapsed:,.0f} req/s)")
    print(
        f"latency         median {statistics.median(latencies) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
        f"max {latencies[-1] * 1000:.1f} ms"
        if latencies
        else "latency         n/a"
    )
    print(
        f"writes acked    {len(tally.acknowledged):,} ({len(set(tally.acknowledged)):,} distinct reports, the rest "
        f"corrections); reports stored {stored:,}; audit events {audits:,}"
    )
    hostile = sorted(tally.hostile_latencies)
    if hostile:
        print(
            f"hostile         {len(hostile):,} attacks, refused with LIMIT_EXCEEDED: "
            f"{len(hostile) - tally.hostile_not_refused:,}; median {statistics.median(hostile) * 1000:.1f} ms, "
            f"p95 {hostile[int(0.95 * (len(hostile) - 1))] * 1000:.1f} ms, max {hostile[-1] * 1000:.1f} ms"
        )
    print(f"errors          {sum(tally.errors.values())} {tally.errors or ''}")
    held = lost == 0 and audits >= len(tally.acknowledged) and not tally.hostile_not_refused
    print(f"lost rows       {lost}  -> {'OK' if held else 'FAIL'}")
    folder.cleanup()


if __name__ == "__main__":
    main()
