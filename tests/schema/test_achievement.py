"""IP SPM over HTTP: DOMAIN.md §3.6 reproduced from stored reports, quarters, urusan filter, ranking."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from tests.factories import make_report, make_run
from tests.schema.conftest import Gql

# (service, targeted, served, mutu items): DIK 78.40, KES (86.00 + 86.20)/2 = 86.10, PU 64.25,
# PERKIM 100, TRANTIB 91.30 (TRANTIB.KAB.04 has no target: not applicable), SOS 70.00
TTS_2024 = [
    ("DIK.KAB.02", 10_000, 7_840, (("10000", "7840"),)),
    ("KES.KAB.01", 9_000, 7_650, (("9000", "9000"), ("810000", "648000"), ("9000", "8100"), ("300", "270"))),
    ("KES.KAB.02", 10_000, 8_620, (("100", "86.2"),)),
    ("PU.KAB.01", 10_000, 6_425, (("400", "257"),)),
    ("PERKIM.KAB.01", 50, 50, (("1", "1"),)),
    ("TRANTIB.KAB.01", 10_000, 9_130, (("10", "9.13"),)),
    ("TRANTIB.KAB.04", 0, 0, ()),
    ("SOS.KAB.01", 1_000, 700, (("20", "14"),)),
]


def two(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@pytest.fixture
def reports(reference_db: Engine) -> Engine:
    with Session(reference_db) as session:
        run = make_run(session, "spm_reports")
        for service, targeted, served, mutu in TTS_2024:
            make_report(session, run, "53.02", service, targeted=targeted, served=served, mutu=mutu)
        make_report(
            session, run, "53.02", "KES.KAB.01", targeted=9_000, served=4_000, quarter=2, mutu=(("9000", "4500"),)
        )
        make_report(session, run, "53.03", "DIK.KAB.01", targeted=1_000, served=900)
        make_report(session, run, "11.01", "DIK.KAB.01", targeted=200, served=190, mutu=(("5", "5"),))
        session.commit()
    return reference_db


def test_worked_example_over_http(reports: Engine, gql: Gql) -> None:
    data = gql("""{ region(code: "53.02") { achievement(year: 2024) {
        ip ipExact category schemeCode urusan { fieldCode ip category }
        services { serviceCode recipientsPct mutuPct ip category applicable report { run { connector } } } } } }""")
    achievement = data["region"]["achievement"]
    assert (achievement["ip"], achievement["category"]) == ("81.68", "Tuntas Madya")
    assert Decimal(achievement["ipExact"]) == Decimal("81.675")
    assert achievement["schemeCode"] == "IPSPM-2021"
    urusan = {u["fieldCode"]: u["ip"] for u in achievement["urusan"]}
    assert urusan == {
        "DIK": "78.40",
        "KES": "86.10",
        "PU": "64.25",
        "PERKIM": "100.00",
        "TRANTIB": "91.30",
        "SOS": "70.00",
    }
    services = {s["serviceCode"]: s for s in achievement["services"]}
    ibu_hamil = services["KES.KAB.01"]
    assert (ibu_hamil["recipientsPct"], ibu_hamil["mutuPct"], ibu_hamil["ip"]) == ("85.00", "90.00", "86.00")
    assert ibu_hamil["category"] == "Tuntas Madya"
    assert ibu_hamil["report"]["run"]["connector"] == "spm_reports"
    assert services["TRANTIB.KAB.04"]["applicable"] is False and services["TRANTIB.KAB.04"]["ip"] is None
    assert gql.count <= 12


def test_quarter_uses_cumulative_served_against_annual_target(reports: Engine, gql: Gql) -> None:
    data = gql("""{ region(code: "53.02") { achievement(year: 2024, quarter: 2, fieldCode: "KES") {
        ip services { serviceCode quarter recipientsPct mutuPct } } } }""")
    [service] = data["region"]["achievement"]["services"]
    recipients = Decimal(4_000) / Decimal(9_000) * 100
    mutu = Decimal(4_500) / Decimal(9_000) * 100
    assert (service["quarter"], service["recipientsPct"], service["mutuPct"]) == (2, two(recipients), two(mutu))
    assert data["region"]["achievement"]["ip"] == two(Decimal("0.8") * recipients + Decimal("0.2") * mutu)


def test_rankings_national_and_within_a_province(reports: Engine, gql: Gql) -> None:
    query = """query($province: String, $field: String) { ranking(year: 2024, provinceCode:
        $province, fieldCode: $field) {
        rank achievement { regionCode ip category } } }"""
    national = gql(query)["ranking"]
    aceh = Decimal("0.8") * Decimal(95) + Decimal("0.2") * Decimal(100)  # 95.00 + mutu met
    tts_dik = Decimal("78.40")
    ttu = Decimal("0.8") * Decimal(90)  # no mutu items: M% = 0
    assert [(r["rank"], r["achievement"]["regionCode"], r["achievement"]["ip"]) for r in national] == [
        (1, "11.01", two(aceh)),
        (2, "53.02", "81.68"),
        (3, "53.03", two(ttu)),
    ]
    statements = gql.count
    ntt_dik = gql(query, {"province": "53", "field": "DIK"})["ranking"]
    assert [(r["achievement"]["regionCode"], r["achievement"]["ip"]) for r in ntt_dik] == [
        ("53.02", two(tts_dik)),
        ("53.03", two(ttu)),
    ]
    assert ntt_dik[1]["achievement"]["category"] == "Tuntas Pratama"
    assert statements == gql.count <= 6


def test_reports_connection_filters_and_pages(reports: Engine, gql: Gql) -> None:
    query = """query($after: String) { achievementReports(filter: {regionPrefix: "53", year: 2024, quarter: 4},
        orderBy: [{field: SERVED, direction: DESC}], first: 3, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } nodes { regionCode serviceCode served
            mutuItems { required } } } }"""
    first = gql(query)["achievementReports"]
    assert first["totalCount"] == len(TTS_2024) + 1
    assert [n["served"] for n in first["nodes"]] == [9_130, 8_620, 7_840]
    rest = gql(query, {"after": first["pageInfo"]["endCursor"]})["achievementReports"]
    assert [n["served"] for n in rest["nodes"]] == [7_650, 6_425, 900]


def test_impossible_years_are_a_clear_error_not_a_crash(reference_db: Engine, gql: Gql) -> None:
    for query in (
        "{ ranking(year: 0) { rank } }",
        '{ region(code: "53") { achievement(year: -5) { ip } } }',
        "{ ranking(year: 10000, quarter: 9) { rank } }",
    ):
        body = gql(query, errors=True)
        assert [e["extensions"]["code"] for e in body["errors"]] == ["NOT_FOUND"], body
        assert "not a calendar year" in body["errors"][0]["message"]
