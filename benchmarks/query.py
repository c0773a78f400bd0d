"""National-scale query benchmark: GraphQL over the ASGI app vs one hand-written SQL query.

Loads synthetic data for all 552 regions (every service of each level, 4 quarters of reports with
two mutu items each, linked sub kegiatan and budget lines) into a scratch SQLite file and a scratch
PostgreSQL database, then prints p50/p95 latency and SQL statements per request for the main
queries next to the same answer computed by one hand-written SQL statement (the ratio matters).
"cpu" is this process's CPU time per GraphQL request (the app, the test client and, on SQLite, the
database itself; not the PostgreSQL server): steadier than latency on a machine shared with others.

    python benchmarks/query.py [--repeat 15] [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the checkout, not an installed copy

import strawberry
from sqlalchemy import Engine, event, insert, select, text
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient
from stores import scratch_store
from strawberry.asgi import GraphQL

from hub import models, reference
from hub.access import tokens
from hub.api.app import create_app
from hub.core.settings import Settings
from hub.db.engine import make_engine

YEAR, QUARTER = 2025, 4
URUSAN_CODE = {"DIK": "1.01", "KES": "1.02", "PU": "1.03", "PERKIM": "1.04", "TRANTIB": "1.05", "SOS": "1.06"}

RANKING = """{ ranking(year: 2025, quarter: 4) { rank achievement { regionCode ip } } }"""
REGION = """{ region(code: "53.02") { achievement(year: 2025, quarter: 4) { ip urusan { ip } }
    services(year: 2025, quarter: 4) { service { code } achievement { ip }
                                       budget { linkedPlanned attributedPlanned } } } }"""
PAGE = """{ regions(filter: {level: "KAB"}, first: 100) { nodes { code achievement(year: 2025, quarter: 4) { ip }
    services(year: 2025, quarter: 4) { achievement { ip } budget { linkedPlanned attributedPlanned }
                                       links { status } } } } }"""
AGGREGATE = """{ budgetAggregate(groupBy: [URUSAN], filter: {fiscalYear: 2025}) { key { fieldCode } plannedSum
    attributedPlannedSum } }"""

HAND_RANKING = """
WITH m AS (SELECT report_id, AVG(CASE WHEN required = 0 OR fulfilled >= required THEN 1.0
                                      ELSE fulfilled * 1.0 / required END) AS ratio
           FROM mutu_fulfilment GROUP BY report_id),
s AS (SELECT r.region_code, sv.field_code,
             0.8 * (CASE WHEN r.served >= r.targeted THEN 100.0 ELSE r.served * 100.0 / r.targeted END)
             + 0.2 * COALESCE(m.ratio, 0) * 100 AS ip
      FROM achievement_report r JOIN spm_service sv ON sv.code = r.service_code
      LEFT JOIN m ON m.report_id = r.id
      WHERE r.year = 2025 AND r.quarter = 4 AND r.targeted > 0),
u AS (SELECT region_code, field_code, AVG(ip) AS ip FROM s GROUP BY region_code, field_code)
SELECT u.region_code, AVG(u.ip) AS ip FROM u JOIN region g ON g.code = u.region_code
WHERE g.government_level = 'KAB' GROUP BY u.region_code ORDER BY ip DESC, u.region_code"""
HAND_REGION = """SELECT r.service_code, r.served, r.targeted, SUM(b.planned_amount) FROM achievement_report r
LEFT JOIN (SELECT DISTINCT l.service_code, n.code FROM service_link l JOIN nomenclature_node n ON n.id = l.node_id
           WHERE l.status = 'approved') k ON k.service_code = r.service_code
LEFT JOIN budget_line b ON b.sub_activity_code = k.code AND b.region_code = r.region_code AND b.fiscal_year = 2025
WHERE r.region_code = '53.02' AND r.year = 2025 AND r.quarter = 4 GROUP BY r.service_code, r.served, r.targeted"""
HAND_PAGE = (
    HAND_REGION.replace(
        "r.region_code = '53.02'",
        "r.region_code IN (SELECT code FROM region WHERE government_level = 'KAB' ORDER BY code LIMIT 100)",
    )
    .replace("SELECT r.service_code", "SELECT r.region_code, r.service_code")
    .replace("GROUP BY r.service_code", "GROUP BY r.region_code, r.service_code")
)
HAND_AGGREGATE = """SELECT k.field_code, SUM(b.planned_amount) FROM budget_line b
JOIN (SELECT DISTINCT s.field_code, n.code FROM service_link l JOIN nomenclature_node n ON n.id = l.node_id
      JOIN spm_service s ON s.code = l.service_code WHERE l.status = 'approved') k ON k.code = b.sub_activity_code
WHERE b.fiscal_year = 2025 GROUP BY k.field_code"""

CASES = [
    ("national ranking", RANKING, HAND_RANKING),
    ("one kabupaten, all services", REGION, HAND_REGION),
    ("page of 100 regions", PAGE, HAND_PAGE),
    ("budget by urusan", AGGREGATE, HAND_AGGREGATE),
]


def load(engine: Engine, seed: int = 7) -> dict[str, int]:
    """Synthetic national data on top of the shipped reference data."""
    rng = random.Random(seed)
    with Session(engine) as session:
        reference.load_regions(session)
        reference.load_catalogue(session)
        session.commit()
        run = models.IngestRun(connector="synthetic", source="benchmarks/query.py", status="succeeded")
        edition = models.NomenclatureEdition(code="SYN-2025", name="synthetic", fiscal_year=YEAR)
        session.add_all([run, edition])
        session.flush()
        services = session.exec(select(models.SpmService)).scalars().all()
        regions = session.exec(select(models.Region)).scalars().all()
        codes: dict[str, list[str]] = {}
        for index, service in enumerate(services):
            codes[service.code] = [f"{URUSAN_CODE[service.field_code]}.{index:02d}.2.01.{n:04d}" for n in (1, 2)]
            for code in codes[service.code]:
                node = models.NomenclatureNode(edition_id=edition.id, code=code, name=code, level=5)
                session.add(node)
                session.flush()
                session.add(
                    models.ServiceLink(
                        service_code=service.code,
                        node_id=node.id,
                        proposed_by="bench",
                        status="approved" if code.endswith("1") else "proposed",
                    )
                )
        session.commit()
        reports, lines = [], []
        for region in regions:
            for service in (s for s in services if s.level == region.government_level):
                target = rng.randint(0, 5_000) if rng.random() > 0.05 else 0
                served = 0
                for quarter in range(1, 5):
                    served = min(target, served + rng.randint(0, max(target // 3, 1)))
                    reports.append(
                        dict(
                            region_code=region.code,
                            year=YEAR,
                            quarter=quarter,
                            service_code=service.code,
                            targeted=target,
                            served=served,
                            run_id=run.id,
                            published=False,
                        )
                    )
                for n, code in enumerate(codes[service.code] * 3):
                    lines.append(
                        dict(
                            region_code=region.code,
                            fiscal_year=YEAR,
                            stage="murni",
                            line_key=f"{service.code}-{n}",
                            sub_activity_code=code,
                            sub_activity_known=True,
                            planned_amount=Decimal(rng.randint(1, 10**7)) / 100,
                            run_id=run.id,
                        )
                    )
        session.execute(insert(models.BudgetLine), lines)
        session.execute(insert(models.AchievementReport), reports)
        ids = session.exec(select(models.AchievementReport.id)).scalars().all()
        mutu = [
            dict(
                report_id=i,
                item_code=f"M{k}",
                kind="SDM",
                required=Decimal(rng.randint(1, 100)),
                fulfilled=Decimal(rng.randint(0, 100)),
            )
            for i in ids
            for k in (1, 2)
        ]
        session.execute(insert(models.MutuFulfilment), mutu)
        session.commit()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE"))  # fresh statistics, as a production store would have
    return {"regions": len(regions), "reports": len(reports), "mutu items": len(mutu), "budget lines": len(lines)}


def timed(action: Callable[[], Any], repeat: int) -> tuple[float, float, float, Any]:
    """p50 and p95 latency and p50 CPU time in ms, and the last result."""
    samples, cpu, result = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = action()
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    samples.sort()
    return (
        statistics.median(samples),
        samples[min(len(samples) - 1, int(len(samples) * 0.95))],
        statistics.median(cpu),
        result,
    )


FLOOR_SDL = """
type Query { regions(filter: RegionFilter, first: Int): RegionConnection! }
input RegionFilter { level: String }
type RegionConnection { nodes: [Region!]! }
type Region { code: String! achievement(year: Int, quarter: Int): Achievement
              services(year: Int, quarter: Int): [RegionService!]! }
type Achievement { ip: String }
type RegionService { achievement: Achievement budget: Budget links: [Link!]! }
type Budget { linkedPlanned: String attributedPlanned: String }
type Link { status: String! }
"""


def count_fields(value: Any) -> int:
    """Fields in a GraphQL response: every key of every object."""
    if isinstance(value, dict):
        return sum(1 + count_fields(v) for v in value.values())
    if isinstance(value, list):
        return sum(count_fields(v) for v in value)
    return 0


@strawberry.type
class FloorAchievement:
    ip: str | None


@strawberry.type
class FloorBudget:
    linked_planned: str | None
    attributed_planned: str | None


@strawberry.type
class FloorLink:
    status: str


@strawberry.type
class FloorRegionService:
    achievement: FloorAchievement | None
    budget: FloorBudget | None
    links: list[FloorLink]


@strawberry.type
class FloorRegion:
    code: str
    held: strawberry.Private[tuple[Any, Any]]

    @strawberry.field
    def achievement(self, year: int, quarter: int | None = None) -> FloorAchievement | None:
        return self.held[0]  # type: ignore[no-any-return]

    @strawberry.field
    def services(self, year: int, quarter: int | None = None) -> list[FloorRegionService]:
        return self.held[1]  # type: ignore[no-any-return]


@strawberry.input
class FloorRegionFilter:
    level: str | None = None


@strawberry.type
class FloorRegionConnection:
    nodes: list[FloorRegion]


def strawberry_floor_app(data: dict[str, Any]) -> Any:
    """Strawberry itself over in-memory objects of the page's shape, served by its ASGI view."""

    def ach(value: Any) -> Any:
        return FloorAchievement(ip=value["ip"]) if value else None

    def budget(value: Any) -> Any:
        return (
            FloorBudget(linked_planned=value["linkedPlanned"], attributed_planned=value["attributedPlanned"])
            if value
            else None
        )

    nodes = [
        FloorRegion(
            code=node["code"],
            held=(
                ach(node["achievement"]),
                [
                    FloorRegionService(
                        achievement=ach(item["achievement"]),
                        budget=budget(item["budget"]),
                        links=[FloorLink(status=link["status"]) for link in item["links"]],
                    )
                    for item in node["services"]
                ],
            ),
        )
        for node in data["regions"]["nodes"]
    ]

    @strawberry.type
    class Query:
        @strawberry.field
        def regions(self, filter: FloorRegionFilter | None = None, first: int | None = None) -> FloorRegionConnection:
            return FloorRegionConnection(nodes=nodes)

    view = GraphQL(strawberry.Schema(query=Query), graphql_ide=None)
    return Starlette(routes=[Route("/", view, methods=["POST"])])  # the hub's own ASGI framework around it


def floors(data: dict[str, Any], repeat: int) -> None:
    """The page's shape without the hub: strawberry over objects (ASGI + JSON), and graphql-core's
    executor over plain dicts (+ json.dumps), each printed in µs per response field."""
    import json

    from graphql import build_schema, graphql_sync

    fields = count_fields(data)
    with TestClient(strawberry_floor_app(data)) as floor_client:
        straw = timed(lambda: floor_client.post("/", json={"query": PAGE}).json()["data"], repeat)
    assert straw[3] == data, "the strawberry floor must answer the same JSON"
    core_schema = build_schema(FLOOR_SDL)
    core = timed(lambda: json.dumps(graphql_sync(core_schema, PAGE, root_value=data).data), repeat)
    for label, (p50, _p95, cpu, _) in (("strawberry, objects, ASGI+JSON", straw), ("graphql-core, dicts, JSON", core)):
        print(f"  floor: {label:<32}{p50:>8.1f}ms  cpu {cpu:>6.1f}ms  {p50 * 1000 / fields:>6.2f} µs/field")


def run(url: str, repeat: int) -> None:
    engine = make_engine(url)
    started = time.perf_counter()
    sizes = load(engine)
    print(f"  loaded {sizes} in {time.perf_counter() - started:.1f}s")
    with Session(engine) as session:  # the ministry reads every row, as a national consumer would
        secret = tokens.create_token(session, name="benchmark", role="ministry")[1]
        session.commit()
    settings = Settings(database_url=url, max_page_size=1000, max_query_cost=1_000_000)
    # served=True: the heap frozen after start-up and the GC thresholds of `spm-hub serve`
    with TestClient(create_app(settings, served=True), headers={"Authorization": f"Bearer {secret}"}) as client:
        statements: list[str] = []
        event.listen(
            client.app.state.engine.sync_engine,
            "before_cursor_execute",  # type: ignore[attr-defined]
            lambda *args: statements.append(args[2]),
        )
        print(
            f"  {'query':<30}{'GraphQL p50':>12}{'p95':>9}{'cpu':>9}{'stmts':>7}{'SQL p50':>10}{'p95':>9}{'ratio':>8}"
        )
        for name, query, hand in CASES:

            def ask(query: str = query) -> Any:
                statements.clear()
                body = client.post("/graphql", json={"query": query}).json()
                assert "errors" not in body, body
                return body["data"]

            p50, p95, cpu, data = timed(ask, repeat)
            with engine.connect() as connection:
                h50, h95, _, rows = timed(lambda hand=hand: connection.execute(text(hand)).all(), repeat)
            check = ""
            if name == "page of 100 regions":
                fields = count_fields(data)
                check = f"  {fields:,} fields, {p50 * 1000 / fields:.2f} µs/field"
                page = data
            if name == "national ranking":
                top_api = [(r["achievement"]["regionCode"]) for r in data["ranking"][:5]]
                top_sql = [row[0] for row in rows[:5]]
                check = "  top-5 equal" if top_api == top_sql else f"  top-5 DIFFER {top_api} {top_sql}"
            print(
                f"  {name:<30}{p50:>10.1f}ms{p95:>7.1f}ms{cpu:>7.1f}ms{len(statements):>7}{h50:>8.1f}ms{h95:>7.1f}ms"
                f"{p50 / h50 if h50 else 0:>7.1f}x{check}"
            )
        floors(page, repeat)
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    for backend in args.backends.split(","):
        print(f"== {backend}")
        with scratch_store(backend) as url:
            run(url, args.repeat)


if __name__ == "__main__":
    main()
