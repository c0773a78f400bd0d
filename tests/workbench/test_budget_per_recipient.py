"""Budget per recipient on small factory data; expected figures are worked out here by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from starlette.testclient import TestClient

from hub.analytics.plan import run_sync
from hub.analytics.spending import budget_plan
from hub.core.errors import NotFound
from hub.models import BudgetLine, IngestRun, NomenclatureNode, PopulationCount, ServiceLink

REGION = "64.72"


@pytest.fixture
def budget_db(nomenclature_db: Engine) -> Engine:
    """Population: ages 5, 6 (PAUD) and 10 (dasar); approved, proposed and shared links; two stages."""
    with Session(nomenclature_db) as session:
        run = IngestRun(connector="test", source="factory")
        session.add(run)
        session.flush()
        for age, male, female in ((5, 40, 35), (6, 30, 20), (10, 100, 100), (30, 999, 999)):
            for sex, count in (("L", male), ("P", female)):
                session.add(
                    PopulationCount(
                        region_code=REGION,
                        year=2025,
                        district="D",
                        village="V",
                        sex=sex,
                        age=age,
                        count=count,
                        run_id=run.id,
                    )
                )
        node = {n.code: n.id for n in session.exec(select(NomenclatureNode))}
        for service, code, status in (
            ("DIK.KAB.02", "1.01.02.2.01.0001", "approved"),
            ("DIK.KAB.02", "1.01.02.2.01.0002", "approved"),
            ("DIK.KAB.01", "1.01.02.2.01.0002", "approved"),  # shared with dasar
            ("DIK.KAB.01", "1.01.02.2.02.0001", "proposed"),
        ):  # not counted
            session.add(ServiceLink(service_code=service, node_id=node[code], status=status, proposed_by="t"))
        lines = [
            ("murni", "1.01.02.2.01.0001", "1000000.50", None),
            ("dpa", "1.01.02.2.01.0001", "900000.00", "450000.25"),
            ("dpa", "1.01.02.2.01.0001", "100000.00", None),
            ("dpa", "1.01.02.2.01.0002", "300000.01", "200000.00"),
            ("dpa", "1.01.02.2.02.0001", "5000000.00", None),
            ("dpa", "9.99.99.2.99.9999", "7.00", None),
        ]
        for key, (stage, code, planned, realised) in enumerate(lines):
            session.add(
                BudgetLine(
                    region_code=REGION,
                    fiscal_year=2025,
                    stage=stage,
                    line_key=str(key),
                    sub_activity_code=code,
                    planned_amount=Decimal(planned),
                    realised_amount=None if realised is None else Decimal(realised),
                    run_id=run.id,
                )
            )
        session.commit()
    return nomenclature_db


def test_budget_per_recipient_by_hand(budget_db: Engine) -> None:
    with Session(budget_db) as session:
        rows = {r.service_code: r for r in run_sync(session, budget_plan(REGION, 2025))}
    dasar, paud = rows["DIK.KAB.02"], rows["DIK.KAB.01"]
    assert dasar.stage == "dpa"  # dpa is more final than murni; murni lines are not counted
    # dasar: 900,000.00 + 100,000.00 (line 0001) + half of 300,000.01 (line 0002, shared with PAUD)
    assert dasar.recipients == 200 and dasar.recipients_source == "population"
    assert dasar.attributed_planned == Decimal("1150000.00")  # 1,000,000 + 150,000.005 rounded half-even
    assert dasar.attributed_realised == Decimal("550000.25")  # 450,000.25 + 100,000.00
    assert dasar.linked_planned == Decimal("1300000.01")  # the shared line in full
    assert dasar.linked_realised == Decimal("650000.25")
    assert dasar.planned_per_recipient == Decimal("5750.00")  # attributed / recipients
    assert (dasar.line_count, dasar.shared_line_count, dasar.attribution_rule) == (3, 1, "EQUAL_SPLIT")
    assert paud.recipients == 125 and paud.attributed_planned == Decimal("150000.00")
    assert paud.attributed_realised == Decimal("100000.00") and paud.linked_planned == Decimal("300000.01")
    assert paud.planned_per_recipient == Decimal("1200.00") and paud.realised_per_recipient == Decimal("800.00")
    balita = rows["KES.KAB.04"]  # ages 0-4: nobody in the factory population
    assert balita.recipients == 0 and not balita.no_budget
    produktif = rows["KES.KAB.06"]
    assert produktif.recipients == 1998 and produktif.attributed_planned == 0 and produktif.no_budget
    assert rows["PU.KAB.01"].recipients is None and rows["PU.KAB.01"].recipients_source == "unknown"


def test_stage_can_be_chosen_and_must_exist(budget_db: Engine, ministry_client: TestClient) -> None:
    with Session(budget_db) as session:
        murni = {r.service_code: r for r in run_sync(session, budget_plan(REGION, 2025, stage="murni"))}
        assert murni["DIK.KAB.02"].attributed_planned == Decimal("1000000.50")
        assert murni["DIK.KAB.02"].attributed_realised is None
        with pytest.raises(NotFound):
            run_sync(session, budget_plan(REGION, 2025, stage="perubahan"))
    query = """{ budgetPerRecipient(regionCode: "64.72", year: 2025) {
                 serviceCode recipients planned realised plannedPerRecipient noBudget } }"""
    body = ministry_client.post("/graphql", json={"query": query}).json()
    assert "errors" not in body, body
    by_code = {row["serviceCode"]: row for row in body["data"]["budgetPerRecipient"]}
    assert by_code["DIK.KAB.02"] == {
        "serviceCode": "DIK.KAB.02",
        "recipients": 200,
        "planned": "1150000.00",
        "realised": "550000.25",
        "plannedPerRecipient": "5750.00",
        "noBudget": False,
    }
    assert by_code["KES.KAB.06"]["noBudget"] is True
