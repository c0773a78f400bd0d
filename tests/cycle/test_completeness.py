"""Completeness and timeliness of a quarter for every region, against counts made by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from hub import models
from hub.analytics.cycle import quarter_status_plan, timeliness
from hub.analytics.plan import run_sync

KAB_SERVICES, URUSAN = 29, 6  # the shipped catalogue: 29 kab/kota services, six urusan


def _fill(session: Session) -> None:
    run = models.IngestRun(connector="test", source="test")
    session.add(run)
    session.flush()
    for service, budget in (("DIK.KAB.01", Decimal(100)), ("DIK.KAB.02", None)):  # 53.01: two reports, one budgeted
        session.add(
            models.AchievementReport(
                region_code="53.01",
                year=2025,
                quarter=1,
                service_code=service,
                targeted=10,
                served=5,
                budget_allocated=budget,
                run_id=run.id,
            )
        )
    for code in ("53.01", "81.01"):
        session.add(
            models.ProblemReport(region_code=code, year=2025, quarter=1, ordinal=1, problem="p", recorded_by="t")
        )
        session.add(models.ActionPlan(region_code=code, year=2025, document_ref="RA", recorded_by="t"))
    for stage in ("PENGUMPULAN_DATA", "PENGHITUNGAN_KEBUTUHAN"):
        session.add(models.StageRecord(region_code="53.01", year=2025, field_code="DIK", stage=stage, recorded_by="t"))
    session.add(models.ActionPlan(region_code="53.05", year=2025, recorded_by="t"))  # no document, no action: empty
    session.add(
        models.ProblemReport(region_code="53.02", year=2025, quarter=2, ordinal=1, problem="Q2", recorded_by="t")
    )
    # 53.02 submits at 23:00 WIB on the due date (16:00 UTC): on time; 53.03 five days late; 53.06 a draft
    for code, status, first in (
        ("53.02", "verified", datetime(2025, 4, 20, 16, 0, tzinfo=UTC)),
        ("53.03", "returned", datetime(2025, 4, 25, 3, 0, tzinfo=UTC)),
        ("53.06", "draft", None),
    ):
        session.add(
            models.QuarterSubmission(region_code=code, year=2025, quarter=1, status=status, first_submitted_at=first)
        )
    session.commit()


@pytest.fixture
def filled(reference_db: Engine) -> Engine:
    with Session(reference_db) as session:
        _fill(session)
    return reference_db


def test_completeness_and_timeliness_by_hand(filled: Engine) -> None:
    with Session(filled) as session:
        rows = run_sync(session, quarter_status_plan(2025, 1, as_of=date(2025, 5, 1), level="KAB"))
    by_code = {row.region_code: row for row in rows}
    assert len(rows) == 514  # every kabupaten/kota is listed, filled or not
    kupang = by_code["53.01"]
    assert kupang.parts == {
        "achievement": Decimal(2) / KAB_SERVICES,
        "budgeting": Decimal(1) / KAB_SERVICES,
        "problems": 1,
        "stages": Decimal(2) / (URUSAN * 4),
        "action_plan": 1,
    }
    # (2/29 + 1/29 + 1 + 2/24 + 1) / 5 = 0.43736 -> 43.74
    assert kupang.completeness == Decimal("43.74")
    assert kupang.missing == ["achievement", "budgeting", "stages"]
    assert by_code["81.01"].completeness == Decimal("40.00")  # problems + plan: 2 of 5 parts
    assert by_code["53.05"].completeness == 0 and by_code["53.02"].completeness == 0  # Q2 problems do not count
    assert (kupang.national_rank, kupang.provincial_rank) == (1, 1)
    assert (by_code["81.01"].national_rank, by_code["81.01"].provincial_rank) == (2, 1)
    assert by_code["53.02"].national_rank == 3 and by_code["53.02"].provincial_rank == 2  # ties share the rank
    assert [r.region_code for r in rows[:2]] == ["53.01", "81.01"]
    verdicts = {
        code: (by_code[code].timeliness, by_code[code].days_late) for code in ("53.02", "53.03", "53.04", "53.06")
    }
    assert verdicts == {
        "53.02": ("on_time", 0),
        "53.03": ("late", 5),
        "53.04": ("missing", 11),  # 1 May is 11 days after 20 April
        "53.06": ("missing", 11),
    }
    assert by_code["53.03"].status == "returned" and by_code["53.04"].status == "draft"
    assert by_code["53.02"].due_on == date(2025, 4, 20)


def test_a_province_filter_keeps_the_national_ranks(filled: Engine) -> None:
    with Session(filled) as session:
        rows = run_sync(session, quarter_status_plan(2025, 1, as_of=date(2025, 5, 1), province_code="81"))
    assert {row.province_code for row in rows} == {"81"}
    assert [(r.region_code, r.national_rank, r.provincial_rank) for r in rows if r.region_code == "81.01"] == [
        ("81.01", 2, 1)
    ]
    assert rows[0].level == "KAB" and rows[-1].region_code == "81" and rows[-1].provincial_rank is None


def test_timeliness_rules() -> None:
    due = date(2025, 4, 20)
    assert timeliness(due, None, date(2025, 4, 20), "Asia/Jakarta") == ("not_due", None)
    assert timeliness(due, None, date(2025, 4, 21), "Asia/Jakarta") == ("missing", 1)
    late_night = datetime(2025, 4, 20, 17, 30, tzinfo=UTC)  # 00:30 on 21 April in Jakarta
    assert timeliness(due, late_night, date(2025, 5, 1), "Asia/Jakarta") == ("late", 1)
    assert timeliness(None, late_night, date(2025, 5, 1), "Asia/Jakarta") == ("no_deadline", None)
