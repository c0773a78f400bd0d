"""A whole quarter through GraphQL, and its submission: submit -> return -> resubmit -> verify, with the
right tokens, refused with the wrong ones, every step audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from hub import models
from tests.cycle.fixtures import QUARTER, QUARTER_FIELDS
from tests.security.conftest import Gql, codes

SAVE = f"mutation($c: QuarterInput!) {{ saveQuarter(content: $c) {{ {QUARTER_FIELDS} }} }}"
READ = f"""query($r: String!) {{ quarter(regionCode: $r, year: 2025, quarter: 1, asOf: "2025-04-01") {{
  {QUARTER_FIELDS} submission {{ status returnReason }} teamWarnings {{ kind message }} }} }}"""
MOVE = "mutation($r: String!{why}) {{ {name}(regionCode: $r, year: 2025, quarter: 1{extra}) {{ status }} }}"


def move(gql: Gql, who: str, name: str, region: str = "53.01") -> dict[str, Any]:
    if name != "returnQuarter":
        return gql(MOVE.format(name=name, why="", extra=""), who, r=region)
    operation = MOVE.format(name=name, why=", $why: String!", extra=", reason: $why")
    return gql(operation, who, r=region, why="Capaian KES.KAB.01 belum diisi")


def test_a_whole_quarter_round_trips_through_graphql(gql: Gql) -> None:
    saved = gql(SAVE, "kabupaten", c=QUARTER)
    assert "errors" not in saved, saved
    assert saved["data"]["saveQuarter"] == QUARTER
    read = gql(READ, "kabupaten", r="53.01")["data"]["quarter"]
    assert {k: v for k, v in read.items() if k in QUARTER} == QUARTER
    assert read["submission"] == {"status": "draft", "returnReason": None}
    assert [w["kind"] for w in read["teamWarnings"]] == ["decree_expired", "vacant_role"]
    # saving the same content again changes nothing and reads back the same
    assert gql(SAVE, "kabupaten", c=QUARTER)["data"]["saveQuarter"] == QUARTER


def test_reads_are_scoped(gql: Gql) -> None:
    gql(SAVE, "kabupaten", c=QUARTER)
    for who, expected in (("public", "UNAUTHENTICATED"), ("other", "PERMISSION_DENIED")):
        assert codes(gql(READ, who, r="53.01")) == [expected]
    for who in ("kabupaten", "province", "ministry"):
        assert "errors" not in gql(READ, who, r="53.01"), who


def test_bad_content_is_refused_with_every_issue_and_nothing_saved(gql: Gql, reference_db: Engine) -> None:
    bad = {
        **QUARTER,
        "achievements": [{"serviceCode": "DIK.PROV.01", "targeted": 10, "served": 20}],
        "problems": [{"problem": "x", "kinds": ["NOT_A_KIND"]}],
    }
    body = gql(SAVE, "kabupaten", c=bad)
    assert codes(body) == ["VALIDATION_FAILED"]
    rules = {(i["sheet"], i["column"]) for i in body["errors"][0]["extensions"]["issues"]}
    assert {("achievement", "service_code"), ("achievement", "served"), ("problems", "kinds")} <= rules
    with Session(reference_db) as session:
        assert session.exec(select(models.ProblemReport)).first() is None
        assert session.exec(select(models.AchievementReport)).first() is None


def test_submit_return_resubmit_verify(gql: Gql, reference_db: Engine) -> None:
    gql(SAVE, "kabupaten", c=QUARTER)
    # only the region submits its own quarter
    for who in ("province", "other"):
        assert codes(move(gql, who, "submitQuarter")) == ["PERMISSION_DENIED"], who
    assert move(gql, "kabupaten", "submitQuarter")["data"]["submitQuarter"]["status"] == "submitted"
    # a submitted quarter is frozen
    assert codes(gql(SAVE, "kabupaten", c=QUARTER)) == ["CONFLICT"]
    # the kabupaten cannot verify itself, nor another kabupaten, nor the ministry a kabupaten
    for who in ("kabupaten", "other", "ministry", "public"):
        assert codes(move(gql, who, "verifyQuarter")) in (["PERMISSION_DENIED"], ["UNAUTHENTICATED"]), who
        assert codes(move(gql, who, "returnQuarter")) in (["PERMISSION_DENIED"], ["UNAUTHENTICATED"]), who
    assert move(gql, "province", "returnQuarter")["data"]["returnQuarter"]["status"] == "returned"
    read = gql(READ, "kabupaten", r="53.01")["data"]["quarter"]["submission"]
    assert read == {"status": "returned", "returnReason": "Capaian KES.KAB.01 belum diisi"}
    assert codes(move(gql, "province", "verifyQuarter")) == ["CONFLICT"]  # returned: resubmit first
    assert "errors" not in gql(SAVE, "kabupaten", c=QUARTER)  # returned: editable again
    assert move(gql, "kabupaten", "submitQuarter")["data"]["submitQuarter"]["status"] == "submitted"
    assert move(gql, "province", "verifyQuarter")["data"]["verifyQuarter"]["status"] == "verified"
    assert codes(move(gql, "kabupaten", "submitQuarter")) == ["CONFLICT"]
    with Session(reference_db) as session:
        events = session.exec(
            select(models.AuditEvent)
            .where(models.AuditEvent.entity == "quarter_submission")
            .order_by(col(models.AuditEvent.id))
        ).all()
    assert [(e.action, e.after["status"] if e.after else None) for e in events] == [
        ("submit", "submitted"),
        ("return", "returned"),
        ("submit", "submitted"),
        ("verify", "verified"),
    ]
    assert [e.before["status"] for e in events] == ["draft", "submitted", "returned", "submitted"]
    assert events[1].actor.startswith("token:") and "Prov NTT" in events[1].actor
    first = events[0].after["submitted_at"]
    with Session(reference_db) as session:
        stored = session.exec(select(models.QuarterSubmission)).one()
    assert stored.first_submitted_at is not None and stored.first_submitted_at.isoformat()[:19] == first[:19]


def test_a_province_quarter_is_verified_by_the_ministry(gql: Gql) -> None:
    gql(SAVE, "province", c={**QUARTER, "regionCode": "53", "achievements": None, "plan": None})
    assert move(gql, "province", "submitQuarter", "53")["data"]["submitQuarter"]["status"] == "submitted"
    assert codes(move(gql, "province", "verifyQuarter", "53")) == ["PERMISSION_DENIED"]
    assert move(gql, "ministry", "verifyQuarter", "53")["data"]["verifyQuarter"]["status"] == "verified"


def test_saves_are_audited_with_before_and_after(gql: Gql, reference_db: Engine) -> None:
    gql(SAVE, "kabupaten", c=QUARTER)
    changed = {**QUARTER, "achievements": [{**QUARTER["achievements"][0], "served": 900}], "problems": None}
    gql(SAVE, "kabupaten", c=changed)
    with Session(reference_db) as session:
        events = session.exec(
            select(models.AuditEvent)
            .where(models.AuditEvent.region_code == "53.01")
            .order_by(col(models.AuditEvent.id))
        ).all()
    entities = [(e.entity, e.action) for e in events]
    assert ("problems", "record") in entities and ("team_decree", "record") in entities
    updates = [e for e in events if e.action == "update"]
    assert len(updates) == 1 and updates[0].entity == "achievement_report"
    assert (updates[0].before["served"], updates[0].after["served"]) == (800, 900)
