"""No N+1: a page of regions with their services, achievement, links and budget costs the same number
of SQL statements for 10 regions as for 100."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from hub import models
from hub.core.settings import Settings
from tests.factories import make_edition, make_line, make_link, make_node_path, make_report, make_run
from tests.schema.conftest import Gql

PAGE = """query($first: Int) { regions(filter: {level: "KAB"}, first: $first) { totalCount nodes {
    code parent { name }
    achievement(year: 2025) { ip category urusan { ip } }
    readiness(year: 2025) { score }
    unbudgetedServices(year: 2025) { code }
    services(year: 2025) { service { code field { name } }
        achievement { ip report { run { connector } mutuItems { required } } }
        budget { planned realised }
        budgetLines { plannedAmount run { status } }
        links { status node { code ancestors { code } edition { code } } events { action } } } } } }"""


@pytest.fixture
def settings(database_url: str) -> Settings:
    """No cost or time limit here: this test pages 100 regions with every nested list on purpose."""
    return Settings(database_url=database_url, max_query_cost=10_000_000, request_timeout_seconds=600)


def test_statement_count_does_not_grow_with_the_page(reference_db: Engine, gql: Gql) -> None:
    with Session(reference_db) as session:
        run = make_run(session)
        edition = make_edition(session)
        node = make_node_path(session, edition, "1.02.02.2.01.0001")
        make_link(session, "KES.KAB.01", node)
        regions = session.exec(
            select(models.Region.code)
            .where(models.Region.government_level == "KAB")
            .order_by(models.Region.code)
            .limit(100)
        ).all()
        for code in regions:
            make_line(session, run, code, "1.02.02.2.01.0001", "1000.00")
            make_report(
                session, run, code, "KES.KAB.01", targeted=10, served=7, year=2025, quarter=1, mutu=(("2", "1"),)
            )
        session.commit()
    small = gql(PAGE, {"first": 10})["regions"]["nodes"]
    statements_10 = gql.count
    large = gql(PAGE, {"first": 100})["regions"]["nodes"]
    assert (len(small), len(large)) == (10, 100)
    assert gql.count == statements_10, gql.statements
    assert all(region["achievement"]["ip"] == "66.00" for region in large)  # 0.8 x 70 + 0.2 x 50
    assert statements_10 <= 36  # readiness reads the e-SPM cycle tables in six statements, whatever the page
