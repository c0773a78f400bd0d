"""Region.services prepares its items' achievement, budget and links from what the query selects: the same
answers whether the fields are selected directly or through fragments, and nothing loaded that is not asked."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session

from tests.factories import make_edition, make_line, make_link, make_node_path, make_report, make_run
from tests.schema.conftest import Gql

DIRECT = """{ region(code: "53.02") { services(year: 2025) { service { code }
    achievement { ip mutuPct } budget { planned lineCount } links { status } approved: links(status: "approved") { id }
} } }"""
FRAGMENTS = """fragment Money on RegionService { budget { planned lineCount } }
{ region(code: "53.02") { services(year: 2025) { service { code } ...Money
    ... on RegionService { achievement { ip mutuPct } links { status } }
    approved: links(status: "approved") { id } } } }"""


def _data(reference_db: Engine) -> None:
    with Session(reference_db) as session:
        run = make_run(session)
        node = make_node_path(session, make_edition(session), "1.02.02.2.01.0001")
        make_link(session, "KES.KAB.01", node)
        make_line(session, run, "53.02", "1.02.02.2.01.0001", "1500.00")
        make_report(
            session, run, "53.02", "KES.KAB.01", targeted=10, served=7, year=2025, quarter=1, mutu=(("2", "1"),)
        )
        session.commit()


def test_fragments_get_the_same_answer(reference_db: Engine, gql: Gql) -> None:
    _data(reference_db)
    direct = gql(DIRECT)["region"]["services"]
    assert gql(FRAGMENTS)["region"]["services"] == direct
    ibu_hamil = next(s for s in direct if s["service"]["code"] == "KES.KAB.01")
    assert ibu_hamil["achievement"] == {"ip": "66.00", "mutuPct": "50.00"}
    assert ibu_hamil["budget"] == {"planned": "1500.00", "lineCount": 1}
    assert [link["status"] for link in ibu_hamil["links"]] == ["approved"] and len(ibu_hamil["approved"]) == 1
    others = [s for s in direct if s["service"]["code"] != "KES.KAB.01"]
    assert all(s["achievement"] is None and s["budget"] is None and s["links"] == [] for s in others)


def test_only_what_is_selected_is_loaded(reference_db: Engine, gql: Gql) -> None:
    _data(reference_db)
    gql("""{ region(code: "53.02") { services(year: 2025) { service { code } } } }""")
    assert not any(
        s for s in gql.statements if "achievement_report" in s or "budget_line" in s or "service_link" in s
    ), gql.statements
