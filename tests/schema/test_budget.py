"""Budget behind each service, unbudgeted services, aggregates and readiness, over HTTP; the expected
figures are summed here from the raw rows the test wrote."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from hub import models
from hub.reference import read_catalogue
from tests.factories import make_edition, make_line, make_link, make_node_path, make_report, make_run
from tests.schema.conftest import Gql

IBU_HAMIL, IBU_HAMIL_2, DIKDAS, OTHER = (
    "1.02.02.2.01.0001",
    "1.02.02.2.01.0002",
    "1.01.02.2.01.0001",
    "2.07.02.2.01.0001",
)
LINES = [  # region, code, planned, realised, stage, funding
    ("53.02", IBU_HAMIL, "100000000.50", "50000000.25", "murni", "DAU"),
    ("53.02", IBU_HAMIL, "20000000.00", None, "murni", "DAK"),
    ("53.02", IBU_HAMIL_2, "5000000.00", "5000000.00", "murni", "DAU"),
    ("53.02", DIKDAS, "7000000.00", "1000000.00", "murni", "DAU"),
    ("53.02", OTHER, "1000000.00", None, "murni", "DAU"),
    ("53.03", IBU_HAMIL, "3000000.00", None, "murni", "DAU"),
    ("53.03", IBU_HAMIL, "4000000.00", None, "perubahan", "DAU"),
]


@pytest.fixture
def budget_db(reference_db: Engine) -> Engine:
    with Session(reference_db) as session:
        run = make_run(session, "budget")
        edition = make_edition(session)
        make_link(session, "KES.KAB.01", make_node_path(session, edition, IBU_HAMIL))
        make_link(session, "KES.KAB.01", make_node_path(session, edition, IBU_HAMIL_2), status="proposed")
        make_link(session, "DIK.KAB.02", make_node_path(session, edition, DIKDAS))
        make_link(session, "SOS.KAB.01", make_node_path(session, edition, OTHER), status="rejected")
        for region, code, planned, realised, stage, funding in LINES:
            make_line(session, run, region, code, planned, realised=realised, stage=stage, funding=funding)
        make_report(
            session, run, "53.02", "KES.KAB.01", targeted=10, served=5, year=2025, quarter=1, mutu=(("1", "1"),)
        )
        make_report(session, run, "53.02", "DIK.KAB.02", targeted=10, served=5, year=2025, quarter=1)
        session.commit()
    return reference_db


def planned(region: str, codes: set[str], stage: str = "murni") -> Decimal:
    return sum((Decimal(p) for r, c, p, _, s, _ in LINES if r == region and c in codes and s == stage), Decimal(0))


SHARED, SHARED_PLANNED, SHARED_REALISED = "1.02.02.2.01.0003", Decimal("1000000.02"), Decimal("300000.00")


@pytest.fixture
def shared_db(budget_db: Engine) -> Engine:
    """One more line in 53.02 whose sub kegiatan serves KES.KAB.01 and SOS.KAB.01 (two urusan) and a
    province service, which a kabupaten's line never reaches; DIKDAS also serves DIK.KAB.01 (one urusan)."""
    with Session(budget_db) as session:
        edition = session.exec(select(models.NomenclatureEdition)).one()
        node = make_node_path(session, edition, SHARED)
        for service in ("KES.KAB.01", "SOS.KAB.01", "KES.PROV.01"):
            make_link(session, service, node)
        make_link(session, "DIK.KAB.01", make_node_path(session, edition, DIKDAS))
        make_line(
            session,
            session.exec(select(models.IngestRun)).one(),
            "53.02",
            SHARED,
            str(SHARED_PLANNED),
            realised=str(SHARED_REALISED),
        )
        session.commit()
    return budget_db


def test_a_shared_line_is_linked_in_full_attributed_by_half_and_totalled_once(shared_db: Engine, gql: Gql) -> None:
    data = gql("""{ region(code: "53.02") { budgetCoverage(year: 2025) { serviceCode lineCount sharedLineCount
            subActivityCount linkedPlanned linkedRealised attributedPlanned attributedRealised attributionRule
            planned } }
        byService: budgetAggregate(groupBy: [SERVICE], filter: {regionCode: "53.02", fiscalYear: 2025}) {
            key { serviceCode } lineCount plannedSum attributedPlannedSum attributionRule }
        byUrusan: budgetAggregate(groupBy: [URUSAN], filter: {regionCode: "53.02", fiscalYear: 2025}) {
            key { fieldCode } lineCount plannedSum attributedPlannedSum }
        budgetPerRecipient(regionCode: "53.02", year: 2025) { serviceCode linkedPlanned attributedPlanned
            lineCount sharedLineCount attributionRule } }""")
    coverage = {c["serviceCode"]: c for c in data["region"]["budgetCoverage"]}
    half = SHARED_PLANNED / 2
    ibu_hamil = planned("53.02", {IBU_HAMIL})
    kes, sos = coverage["KES.KAB.01"], coverage["SOS.KAB.01"]
    assert (Decimal(kes["linkedPlanned"]), Decimal(kes["attributedPlanned"])) == (
        ibu_hamil + SHARED_PLANNED,
        ibu_hamil + half,
    )
    assert Decimal(kes["planned"]) == Decimal(kes["linkedPlanned"])  # the deprecated name keeps its meaning
    assert Decimal(kes["linkedRealised"]) == Decimal("50000000.25") + SHARED_REALISED
    assert Decimal(kes["attributedRealised"]) == Decimal("50000000.25") + SHARED_REALISED / 2
    assert (kes["lineCount"], kes["sharedLineCount"], kes["subActivityCount"]) == (3, 1, 2)
    assert (Decimal(sos["linkedPlanned"]), Decimal(sos["attributedPlanned"])) == (SHARED_PLANNED, half)
    assert (sos["lineCount"], sos["sharedLineCount"], sos["attributionRule"]) == (1, 1, "EQUAL_SPLIT")
    dikdas = planned("53.02", {DIKDAS})
    assert [
        (Decimal(coverage[c]["linkedPlanned"]), Decimal(coverage[c]["attributedPlanned"]))
        for c in ("DIK.KAB.01", "DIK.KAB.02")
    ] == [(dikdas, dikdas / 2)] * 2
    total = ibu_hamil + dikdas + SHARED_PLANNED  # every approved-linked line once
    assert sum(Decimal(c["attributedPlanned"]) for c in coverage.values()) == total
    assert sum(Decimal(c["linkedPlanned"]) for c in coverage.values()) == total + SHARED_PLANNED + dikdas
    by_service = {g["key"]["serviceCode"]: g for g in data["byService"]}
    assert {code: (Decimal(g["plannedSum"]), Decimal(g["attributedPlannedSum"])) for code, g in by_service.items()} == {
        code: (Decimal(c["linkedPlanned"]), Decimal(c["attributedPlanned"])) for code, c in coverage.items()
    }
    by_urusan = {g["key"]["fieldCode"]: g for g in data["byUrusan"]}
    assert (by_urusan["KES"]["lineCount"], Decimal(by_urusan["KES"]["plannedSum"])) == (3, ibu_hamil + SHARED_PLANNED)
    assert Decimal(by_urusan["KES"]["attributedPlannedSum"]) == ibu_hamil + half
    assert (Decimal(by_urusan["SOS"]["plannedSum"]), Decimal(by_urusan["SOS"]["attributedPlannedSum"])) == (
        SHARED_PLANNED,
        half,
    )
    # DIKDAS serves two DIK services: the urusan counts its line once
    assert (by_urusan["DIK"]["lineCount"], Decimal(by_urusan["DIK"]["plannedSum"])) == (1, dikdas)
    assert sum(Decimal(g["attributedPlannedSum"]) for g in data["byUrusan"]) == total
    per_recipient = {r["serviceCode"]: r for r in data["budgetPerRecipient"]}
    for code, amounts in coverage.items():  # one rule: budget per recipient counts what coverage counts
        assert {k: per_recipient[code][k] for k in amounts if k in per_recipient[code]} == {
            k: v for k, v in amounts.items() if k in per_recipient[code]
        }


def test_budget_behind_each_service_and_unbudgeted(budget_db: Engine, gql: Gql) -> None:
    data = gql("""{ region(code: "53.02") {
        budgetCoverage(year: 2025) { serviceCode lineCount subActivityCount planned realised realisationPct }
        unbudgetedServices(year: 2025) { code }
        services(year: 2025) { service { code } budget { planned } budgetLines { subActivityCode
            plannedAmount } } } }""")
    region = data["region"]
    coverage = {c["serviceCode"]: c for c in region["budgetCoverage"]}
    assert set(coverage) == {"KES.KAB.01", "DIK.KAB.02"}
    assert Decimal(coverage["KES.KAB.01"]["planned"]) == planned("53.02", {IBU_HAMIL}) == Decimal("120000000.50")
    assert Decimal(coverage["KES.KAB.01"]["realised"]) == Decimal("50000000.25")
    assert (coverage["KES.KAB.01"]["lineCount"], coverage["KES.KAB.01"]["subActivityCount"]) == (2, 1)
    assert coverage["DIK.KAB.02"]["realisationPct"] == str((Decimal(1) / Decimal(7) * 100).quantize(Decimal("0.01")))
    kab_services = [s["code"] for s in read_catalogue()["services"] if s["level"] == "KAB"]
    assert [s["code"] for s in region["unbudgetedServices"]] == [
        code for code in kab_services if code not in {"KES.KAB.01", "DIK.KAB.02"}
    ]
    by_service = {s["service"]["code"]: s for s in region["services"]}
    assert len(by_service) == len(kab_services)
    assert [line["plannedAmount"] for line in by_service["KES.KAB.01"]["budgetLines"]] == [
        "100000000.50",
        "20000000.00",
    ]
    assert by_service["SOS.KAB.01"]["budget"] is None


def test_proposed_links_on_request_and_most_advanced_stage(budget_db: Engine, gql: Gql) -> None:
    data = gql("""{ tts: region(code: "53.02") { budgetCoverage(year: 2025, includeProposed: true)
        { serviceCode planned } }
                   ttu: region(code: "53.03") { budgetCoverage(year: 2025) { planned }
                                                murni: budgetCoverage(year: 2025, stage: "murni") { planned } } }""")
    tts = {c["serviceCode"]: Decimal(c["planned"]) for c in data["tts"]["budgetCoverage"]}
    assert tts["KES.KAB.01"] == planned("53.02", {IBU_HAMIL, IBU_HAMIL_2})
    assert Decimal(data["ttu"]["budgetCoverage"][0]["planned"]) == planned("53.03", {IBU_HAMIL}, "perubahan")
    assert Decimal(data["ttu"]["murni"][0]["planned"]) == planned("53.03", {IBU_HAMIL}, "murni")


def test_service_to_sub_kegiatan_to_budget_and_back(budget_db: Engine, gql: Gql) -> None:
    data = gql("""{ spmService(code: "KES.KAB.01") { subActivities { code levelName ancestors { code }
        services { code } budgetLines(regionCode: "53.02", year: 2025) { plannedAmount run { connector } } }
        links { status events { action } } } }""")
    [node] = data["spmService"]["subActivities"]
    assert node["code"] == IBU_HAMIL and node["levelName"] == "sub_kegiatan"
    assert [a["code"] for a in node["ancestors"]] == ["1.02", "1.02.02", "1.02.02.2", "1.02.02.2.01"]
    assert node["services"] == [{"code": "KES.KAB.01"}]
    assert sum(Decimal(b["plannedAmount"]) for b in node["budgetLines"]) == planned("53.02", {IBU_HAMIL})
    assert node["budgetLines"][0]["run"]["connector"] == "budget"
    assert sorted(link["status"] for link in data["spmService"]["links"]) == ["approved", "proposed"]


def test_budget_aggregates_group_in_sql(budget_db: Engine, gql: Gql) -> None:
    data = gql("""{ byFunding: budgetAggregate(groupBy: [REGION, FUNDING_SOURCE], filter:
        {fiscalYear: 2025, stage: "murni"}) {
            key { regionCode fundingSourceCode } lineCount plannedSum plannedAvg }
        byUrusan: budgetAggregate(groupBy: [URUSAN, SUB_ACTIVITY_PREFIX], subActivitySegments: 2,
                                  filter: {regionCode: "53.02"}) { key { fieldCode subActivityPrefix } plannedSum }
        lines: budgetLines(filter: {regionPrefix: "53", minPlanned: "4000000", maxPlanned: "20000000"},
                           orderBy: [{field: PLANNED_AMOUNT, direction: DESC}]) { totalCount nodes
                               { plannedAmount } } }""")
    expected: dict[tuple[str, str], list[Decimal]] = {}
    for region, _, amount, _, stage, funding in LINES:
        if stage == "murni":
            expected.setdefault((region, funding), []).append(Decimal(amount))
    got = {(g["key"]["regionCode"], g["key"]["fundingSourceCode"]): g for g in data["byFunding"]}
    assert set(got) == set(expected)
    for key, amounts in expected.items():
        assert (got[key]["lineCount"], Decimal(got[key]["plannedSum"])) == (len(amounts), sum(amounts))
        assert Decimal(got[key]["plannedAvg"]) == (sum(amounts) / len(amounts)).quantize(Decimal("0.01"))
    urusan = {
        (g["key"]["fieldCode"], g["key"]["subActivityPrefix"]): Decimal(g["plannedSum"]) for g in data["byUrusan"]
    }
    assert urusan == {("DIK", "1.01"): planned("53.02", {DIKDAS}), ("KES", "1.02"): planned("53.02", {IBU_HAMIL})}
    amounts = sorted(
        (Decimal(p) for _, _, p, _, _, _ in LINES if Decimal(4_000_000) <= Decimal(p) <= Decimal(20_000_000)),
        reverse=True,
    )
    assert [Decimal(n["plannedAmount"]) for n in data["lines"]["nodes"]] == amounts
    assert data["lines"]["totalCount"] == len(amounts)


def test_readiness_score_and_gaps(budget_db: Engine, gql: Gql) -> None:
    data = gql("""{ region(code: "53.02") { readiness(year: 2025, throughQuarter: 1) {
        reports budget mappings score gaps { dataset problem serviceCode quarter } } } }""")
    readiness = data["region"]["readiness"]
    services = [s["code"] for s in read_catalogue()["services"] if s["level"] == "KAB"]
    reports = Decimal(1) / len(services)  # only KES.KAB.01 Q1 is present with mutu items
    mappings = Decimal(2) / len(services)  # KES.KAB.01 and DIK.KAB.02 have approved links
    score = (reports + Decimal(1) + mappings) / 3 * 100
    assert readiness["score"] == str(score.quantize(Decimal("0.01")))
    assert Decimal(readiness["budget"]) == 1
    gaps = {(g["dataset"], g["problem"], g["serviceCode"]) for g in readiness["gaps"]}
    assert ("reports", "no mutu items", "DIK.KAB.02") in gaps
    assert ("reports", "missing", "PU.KAB.01") in gaps
    assert ("mappings", "no approved link to a sub kegiatan", "SOS.KAB.01") in gaps
    assert len([g for g in gaps if g[0] == "reports"]) == len(services) - 1
