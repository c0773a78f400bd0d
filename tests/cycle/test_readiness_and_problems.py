"""Readiness sees the cycle (stages, plan, decree, timeliness); problem counts and team warnings."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import Engine
from sqlmodel import Session

from hub import models
from hub.access.caller import Caller
from hub.analytics.cycle import team_warnings
from hub.workbench.cycle import Problem, QuarterContent, StageEntry, Team, save_quarter
from tests.security.conftest import Gql

ADMIN = Caller(role="ministry", name="test")


def _record(engine: Engine) -> None:
    with Session(engine) as session:
        stages = [StageEntry(field, stage, "done") for field in ("DIK", "KES") for stage in ("PENGUMPULAN_DATA",)]
        save_quarter(session, ADMIN, QuarterContent("53.01", 2025, 1, stages=stages))
        save_quarter(
            session,
            ADMIN,
            QuarterContent("53.01", 2025, 1, team=Team("SK-1", date(2024, 1, 2), date(2025, 6, 30), members=[])),
        )
        for region, quarter, kinds in (("53.01", 1, ["BUDGET", "DATA_COLLECTION"]), ("53.02", 1, ["BUDGET"])):
            problems = [Problem("p", "KES.KAB.01", None, kinds), Problem("q", None, None, [])]
            save_quarter(session, ADMIN, QuarterContent(region, 2025, quarter, problems=problems))
        session.add(
            models.QuarterSubmission(
                region_code="53.02",
                year=2025,
                quarter=2,
                status="submitted",
                first_submitted_at=datetime(2025, 7, 1, tzinfo=UTC),
            )
        )
        session.commit()


def test_readiness_counts_the_cycle(reference_db: Engine, gql: Gql) -> None:
    _record(reference_db)
    query = """query($r: String!, $q: Int!) { region(code: $r) { readiness(year: 2025, throughQuarter: $q) {
        stages plan team timeliness gaps { dataset problem quarter } } } }"""
    kupang = gql(query, "ministry", r="53.01", q=1)["data"]["region"]["readiness"]
    assert Decimal(kupang["stages"]) == (Decimal(2) / 24).quantize(Decimal("0.0001")) and Decimal(kupang["plan"]) == 0
    assert Decimal(kupang["team"]) == 1  # valid on 31 March
    assert Decimal(gql(query, "ministry", r="53.01", q=3)["data"]["region"]["readiness"]["team"]) == 0
    gaps = {
        (g["dataset"], g["problem"])
        for g in gql(query, "ministry", r="53.01", q=3)["data"]["region"]["readiness"]["gaps"]
    }
    assert ("team", "decree SK-1 expired on 2025-06-30") in gaps and (
        "plan",
        "no Rencana Aksi (document or actions) for the year",
    ) in gaps
    tts = gql(query, "ministry", r="53.02", q=2)["data"]["region"]["readiness"]
    assert Decimal(tts["timeliness"]) == Decimal("0.5")  # Q2 on time (due 20 July), Q1 never submitted
    assert [g["quarter"] for g in tts["gaps"] if g["dataset"] == "timeliness"] == [1]


def test_problem_counts_by_province_urusan_kind_and_quarter(reference_db: Engine, gql: Gql) -> None:
    _record(reference_db)
    rows = gql("{ problemCounts(year: 2025) { provinceCode fieldCode kindCode quarter problems regions } }", "ministry")
    counts = {(r["fieldCode"], r["kindCode"]): (r["problems"], r["regions"]) for r in rows["data"]["problemCounts"]}
    assert counts == {("KES", "BUDGET"): (2, 2), ("KES", "DATA_COLLECTION"): (1, 1), (None, None): (2, 2)}
    own = gql("{ problemCounts(year: 2025) { kindCode problems } }", "other")["data"]["problemCounts"]
    assert {(r["kindCode"], r["problems"]) for r in own} == {("BUDGET", 1), (None, 1)}  # 53.02 counts its own only


def test_team_warnings() -> None:
    decree = models.TeamDecree(
        region_code="53.01", number="SK-1", decreed_on=date(2024, 1, 1), valid_until=date(2024, 12, 31), recorded_by="t"
    )
    members = [
        models.TeamMember(decree_id=1, name="A", role="sekretaris", member_to=date(2025, 2, 1)),
        models.TeamMember(decree_id=1, name="B", role="anggota", agency="Bappeda"),
        models.TeamMember(decree_id=1, name="B", role="anggota", agency="Dinkes"),
        models.TeamMember(decree_id=1, name="C", role="ketua", member_to=date(2025, 2, 1)),
        models.TeamMember(decree_id=1, name="D", role="ketua"),  # C's successor
    ]
    found = [w.kind for w in team_warnings(decree, members, date(2025, 3, 1))]
    assert found == ["decree_expired", "role_across_agencies", "vacant_role"]
    assert [w.kind for w in team_warnings(None, [], date(2025, 3, 1))] == ["decree_missing"]
    assert team_warnings(decree, members[3:], date(2024, 6, 1)) == []
