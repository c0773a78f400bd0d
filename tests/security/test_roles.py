"""The role matrix: every caller against every mutation, the guarded queries and the upload endpoint."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from starlette.testclient import TestClient

from hub import models
from hub.access.auth import require_ingest
from hub.access.caller import Caller
from hub.core.errors import BadInput, PermissionDenied, Unauthenticated
from schema import schema
from tests.factories import make_edition, make_node_path
from tests.security.conftest import Gql, Secrets, codes

CALLERS = ("public", "kabupaten", "province", "other", "ministry")
OK = "OK"
RECORD = """mutation($r: AchievementReportInput!) { recordAchievementReport(report: $r) {
    ... on AchievementReport { regionCode served } ... on OperationError { code message } } }"""
KAB_REPORT = {
    "regionCode": "53.01",
    "year": 2025,
    "quarter": 1,
    "serviceCode": "DIK.KAB.02",
    "targeted": 100,
    "served": 80,
}
PROV_REPORT = {**KAB_REPORT, "regionCode": "53", "serviceCode": "DIK.PROV.01"}
PUBLISH = (
    'mutation { publishAchievementReports(regionCode: "53.01", year: 2025, quarter: 1) {'
    " ... on PublishedReports { count } ... on OperationError { code } } }"
)
RESULT = "{ ... on ServiceLink { id } ... on BulkImportResult { status } ... on OperationError { code } }"
PROPOSE = f'mutation($node: Int!) {{ proposeLink(serviceCode: "KES.KAB.01", nodeId: $node) {RESULT} }}'
APPROVE = f"mutation($link: Int!) {{ approveLink(id: $link) {RESULT} }}"
REJECT = f'mutation($link: Int!) {{ rejectLink(id: $link, note: "no budget line") {RESULT} }}'
IMPORT = f"mutation($file: Upload!) {{ bulkImportLinks(file: $file, dryRun: true) {RESULT} }}"
LINKS_CSV = b"service_code,sub_activity_code,edition,status,note\nKES.KAB.02,1.02.02.2.01.0001,SIPD-2025,proposed,\n"
UPLOAD = (
    'mutation($file: Upload!, $region: String) { uploadSourceFile(source: "budget", file: $file, region: $region,'
    " dryRun: true) { ... on IngestRun { status } ... on OperationError { code } } }"
)
BUDGET_CSV = b"region_code,fiscal_year,stage,sub_activity_code,planned_amount\n53.01,2025,murni,1.02.02.2.01.0001,9\n"
FOR_EDITION = (
    'mutation { proposeLinksForEdition(edition: "SIPD-2025") {'
    " ... on ProposalSummary { created } ... on OperationError { code } } }"
)
MINISTRY_ONLY = {
    "public": "UNAUTHENTICATED",
    "kabupaten": "PERMISSION_DENIED",
    "province": "PERMISSION_DENIED",
    "other": "PERMISSION_DENIED",
    "ministry": OK,
}
ANY_TOKEN = {"public": "UNAUTHENTICATED", "kabupaten": OK, "province": OK, "other": OK, "ministry": OK}
DENIED = "PERMISSION_DENIED"
# The e-SPM cycle: a region writes and submits its own quarter; its province verifies or returns a
# kabupaten/kota's quarter, the ministry a province's.
OWN_KAB = {"public": "UNAUTHENTICATED", "kabupaten": OK, "province": DENIED, "other": DENIED, "ministry": OK}
OWN_PROV = {"public": "UNAUTHENTICATED", "kabupaten": DENIED, "province": OK, "other": DENIED, "ministry": OK}
VERIFY_KAB = {"public": "UNAUTHENTICATED", "kabupaten": DENIED, "province": OK, "other": DENIED, "ministry": DENIED}
VERIFY_PROV = {**MINISTRY_ONLY}
SAVE = (
    "mutation($c: QuarterInput!) { saveQuarter(content: $c) {"
    " ... on Quarter { regionCode } ... on OperationError { code } } }"
)
KAB_QUARTER = {"regionCode": "53.01", "year": 2025, "quarter": 1, "problems": [{"problem": "data belum lengkap"}]}
MOVE = (
    "mutation($r: String!) {{ {name}(regionCode: $r, year: 2025, quarter: 1{extra}) {{"
    " ... on QuarterSubmission {{ status }} ... on OperationError {{ code }} }} }}"
)
SUBMIT = MOVE.format(name="submitQuarter", extra="")
VERIFY = MOVE.format(name="verifyQuarter", extra="")
RETURN = MOVE.format(name="returnQuarter", extra=', reason: "lengkapi capaian"')
ERROR = "... on OperationError { code }"
PROPOSE_PRICES = f'mutation {{ proposePriceMatches(regionCode: "53.01", year: 2025) {{ {ERROR} }} }}'
REVIEW_PRICE = (
    'mutation { reviewPriceMatch(regionCode: "53.01", year: 2025, itemCode: "DIK.SERAGAM", status: "approved") '
    f"{{ {ERROR} }} }}"
)
SAVE_ITEMS = (
    'mutation { saveItemList(regionCode: "53.01", serviceCode: "DIK.KAB.02", '
    'items: [{itemCode: "DIK.SERAGAM", kind: "BARANG_JASA", name: "Seragam", quantity: "2"}]) '
    f"{{ ... on ItemListVersion {{ version }} {ERROR} }} }}"
)

# The assistance cycle: a province manages its clusters, sessions and their follow-ups; the ministry hosts
# its own sessions; the owner region (53.01) moves its own follow-up.
PROVINCE_ONLY = {"public": "UNAUTHENTICATED", "kabupaten": DENIED, "province": OK, "other": DENIED, "ministry": DENIED}
HOSTS = {**PROVINCE_ONLY, "ministry": OK}
OWNER_OR_HOST = {**PROVINCE_ONLY, "kabupaten": OK}
ERR = "{ ... on OperationError { code } }"
CLUSTER = 'mutation { createCluster(provinceCode: "53", name: "Flores") ' + ERR + " }"
MEMBER = 'mutation($c: Int!) { addClusterMember(clusterId: $c, regionCode: "53.03", since: "2025-01-01") ' + ERR + " }"
END = 'mutation($c: Int!) { endClusterMembership(clusterId: $c, regionCode: "53.01", until: "2026-01-01") ' + ERR + " }"
PLAN = "mutation($s: PlanSessionInput!) { planAssistanceSession(session: $s) " + ERR + " }"
SESSION_PLAN = {
    "kind": "asistensi",
    "title": "Asistensi",
    "heldOn": "2025-09-10",
    "mode": "online",
    "invited": ["53.01"],
}
PEOPLE = 'mutation($s: Int!) { addSessionParticipants(sessionId: $s, participants: [{name: "Ani"}]) ' + ERR + " }"
SNAPSHOT = "mutation($s: Int!) { takeReadinessSnapshot(sessionId: $s) " + ERR + " }"
DECIDE = (
    """mutation($s: Int!) { recordDecision(sessionId: $s, number: 2, text: "Lengkapi data", followUps: [
  {action: "Input TW3", ownerRegionCode: "53.01", ownerOpd: "Dinas Kesehatan", ownerRole: "Operator e-SPM",
   dueOn: "2025-09-30"}]) """
    + ERR
    + " }"
)
MOVE_FOLLOW_UP = 'mutation($f: Int!) { updateFollowUp(id: $f, change: {status: "in_progress"}) ' + ERR + " }"
ESCALATE = 'mutation { escalateOverdueFollowUps(on: "2025-12-31", graceDays: 14) ' + ERR + " }"
MINUTES = "mutation($s: Int!, $file: Upload!) { importMinutes(sessionId: $s, file: $file, dryRun: true) " + ERR + " }"
MINUTES_CSV = (
    b"No. Keputusan,Keputusan,Tindak Lanjut,Kode Wilayah,OPD,Peran Penanggung Jawab,Batas Waktu\n"
    b"1,Lengkapi data,Input TW3,53.01,Dinas Kesehatan,Operator e-SPM,2025-09-30\n"
)

# mutation -> (operation, variables, expected outcome per caller). Every schema mutation must be here.
MATRIX: dict[str, list[tuple[str, dict[str, Any], dict[str, str]]]] = {
    "recordAchievementReport": [
        (
            RECORD,
            {"r": KAB_REPORT},
            {
                "public": "UNAUTHENTICATED",
                "kabupaten": OK,
                "province": OK,
                "other": "PERMISSION_DENIED",
                "ministry": OK,
            },
        ),
        (
            RECORD,
            {"r": PROV_REPORT},
            {
                "public": "UNAUTHENTICATED",
                "kabupaten": "PERMISSION_DENIED",
                "province": OK,
                "other": "PERMISSION_DENIED",
                "ministry": OK,
            },
        ),
    ],
    "publishAchievementReports": [(PUBLISH, {}, MINISTRY_ONLY)],
    # Links are national (nomenclature <-> service): any token proposes or imports them, the ministry reviews.
    "proposeLink": [(PROPOSE, {"node": "NODE"}, ANY_TOKEN)],
    "approveLink": [(APPROVE, {"link": "LINK"}, MINISTRY_ONLY)],
    "rejectLink": [(REJECT, {"link": "LINK"}, MINISTRY_ONLY)],
    "bulkImportLinks": [(IMPORT, {"file": LINKS_CSV}, ANY_TOKEN)],
    "proposeLinksForEdition": [(FOR_EDITION, {}, MINISTRY_ONLY)],
    "saveQuarter": [
        (SAVE, {"c": KAB_QUARTER}, OWN_KAB),
        (SAVE, {"c": {**KAB_QUARTER, "regionCode": "53"}}, OWN_PROV),
    ],
    "submitQuarter": [(SUBMIT, {"r": "53.01"}, OWN_KAB), (SUBMIT, {"r": "53"}, OWN_PROV)],
    "verifyQuarter": [(VERIFY, {"r": "53.01"}, VERIFY_KAB), (VERIFY, {"r": "53"}, VERIFY_PROV)],
    "returnQuarter": [(RETURN, {"r": "53.01"}, VERIFY_KAB), (RETURN, {"r": "53"}, VERIFY_PROV)],
    # A planning office prices its own services (item list, SSH matches); the province does not.
    "proposePriceMatches": [(PROPOSE_PRICES, {}, OWN_KAB)],
    "reviewPriceMatch": [(REVIEW_PRICE, {}, OWN_KAB)],
    "saveItemList": [(SAVE_ITEMS, {}, OWN_KAB)],
    "createCluster": [(CLUSTER, {}, PROVINCE_ONLY)],
    "addClusterMember": [(MEMBER, {"c": "CLUSTER"}, PROVINCE_ONLY)],
    "endClusterMembership": [(END, {"c": "CLUSTER"}, PROVINCE_ONLY)],
    "planAssistanceSession": [(PLAN, {"s": SESSION_PLAN}, HOSTS)],
    "addSessionParticipants": [(PEOPLE, {"s": "SESSION"}, PROVINCE_ONLY), (PEOPLE, {"s": "MSESSION"}, MINISTRY_ONLY)],
    "takeReadinessSnapshot": [(SNAPSHOT, {"s": "SESSION"}, PROVINCE_ONLY)],
    "recordDecision": [(DECIDE, {"s": "SESSION"}, PROVINCE_ONLY), (DECIDE, {"s": "MSESSION"}, MINISTRY_ONLY)],
    "updateFollowUp": [(MOVE_FOLLOW_UP, {"f": "FOLLOWUP"}, OWNER_OR_HOST)],
    "escalateOverdueFollowUps": [(ESCALATE, {}, HOSTS)],
    "importMinutes": [(MINUTES, {"s": "SESSION", "file": MINUTES_CSV}, PROVINCE_ONLY)],
    # Regional self-service: a region's own budget (a province's kabupaten too); national sources stay the ministry's.
    "uploadSourceFile": [
        (
            UPLOAD,
            {"file": BUDGET_CSV, "region": "53.01"},
            {
                "public": "UNAUTHENTICATED",
                "kabupaten": OK,
                "province": OK,
                "other": "PERMISSION_DENIED",
                "ministry": OK,
            },
        ),
        (UPLOAD.replace("budget", "accounts"), {"file": BUDGET_CSV, "region": None}, MINISTRY_ONLY),
    ],
}
ROLE_CODES = {"UNAUTHENTICATED", "PERMISSION_DENIED"}


def _outcome(body: dict[str, Any]) -> str:
    """The role check's verdict: a refusal code (as an error or as an OperationError in the data),
    else OK (a later business refusal, such as a duplicate proposal, still passed the role check)."""
    found = codes(body) or [
        value["code"] for value in (body.get("data") or {}).values() if isinstance(value, dict) and "code" in value
    ]
    return found[0] if found and found[0] in ROLE_CODES else OK


@pytest.fixture
def placeholders(reference_db: Engine) -> dict[str, int]:
    """A sub kegiatan node and a proposed link on it, for the link mutations' variables; an NTT cluster,
    a session hosted by the province and one by the ministry, and a follow-up owned by 53.01."""
    with Session(reference_db) as session:
        node = make_node_path(session, make_edition(session, "SIPD-2025"), "1.02.02.2.01.0001")
        link = models.ServiceLink(service_code="KES.KAB.03", node_id=node.id, proposed_by="test")
        session.add(link)
        session.commit()
        assert node.id is not None and link.id is not None
        return {"NODE": node.id, "LINK": link.id, **_assistance(session)}


def _assistance(session: Session) -> dict[str, int]:
    from hub.assistance import clusters, followups, sessions

    province, ministry = Caller(role="province", region_code="53", name="p"), Caller(role="ministry", name="m")
    cluster = clusters.create_cluster(session, province, province_code="53", name="Timor")
    clusters.add_member(session, province, cluster.id or 0, "53.01", since=date(2024, 8, 1))
    plan = sessions.SessionPlan("asistensi", "Asistensi", date(2025, 9, 10), "onsite", cluster_id=cluster.id)
    hosted = sessions.plan_session(session, province, plan)
    national = sessions.plan_session(session, ministry, replace(plan, cluster_id=None, invited=("53.01",)))
    item = followups.FollowUpInput("Input TW3", "53.01", "Dinas Kesehatan", "Operator e-SPM", date(2025, 9, 30))
    _, (follow_up,) = followups.record_decision(session, province, hosted.id or 0, 1, "Lengkapi data", [item])
    session.commit()
    return {
        "CLUSTER": cluster.id or 0,
        "SESSION": hosted.id or 0,
        "MSESSION": national.id or 0,
        "FOLLOWUP": follow_up.id or 0,
    }


def test_every_mutation_has_a_row_in_the_matrix() -> None:
    mutation_type = schema._schema.mutation_type
    assert mutation_type is not None
    missing = sorted(set(mutation_type.fields) - set(MATRIX))
    assert not missing, f"add role-matrix rows for these mutations: {missing}"


@pytest.mark.parametrize("mutation", sorted(MATRIX))
def test_mutation_matrix(gql: Gql, reference_db: Engine, placeholders: dict[str, int], mutation: str) -> None:
    accepted = 0
    for operation, variables, expected in MATRIX[mutation]:
        for who in CALLERS:
            body = gql(
                operation, who, **{k: placeholders.get(v, v) if isinstance(v, str) else v for k, v in variables.items()}
            )
            assert _outcome(body) == expected[who], (mutation, who, variables, body)
            accepted += expected[who] == OK
    if mutation == "recordAchievementReport":  # every accepted write is audited; refused ones leave no trace
        events = [event for event in _audit(reference_db) if event.entity == "achievement_report"]
        assert len(events) == accepted
        assert all(event.actor.startswith("token:") for event in events)


def test_every_mutation_refuses_the_public_before_running(gql: Gql) -> None:
    mutation_type = schema._schema.mutation_type
    assert mutation_type is not None
    for name in mutation_type.fields:
        body = gql(f"mutation {{ {name} }}")  # refused by the access policy, whatever the arguments
        assert "UNAUTHENTICATED" in codes(body), (name, body)


def _audit(engine: Engine) -> list[models.AuditEvent]:
    with Session(engine) as session:
        return list(session.exec(select(models.AuditEvent)).all())


def test_public_reference_queries_are_open_to_everyone(gql: Gql) -> None:
    for who in CALLERS:
        body = gql(
            '{ spmFields { code } spmServices(level: "KAB") { code } '
            'regions(filter: {parentCode: "53"}) { nodes { code } } }',
            who,
        )
        assert "errors" not in body, body
        assert len(body["data"]["spmServices"]) == 29


def test_audit_log_is_for_the_ministry_only(gql: Gql) -> None:
    gql(RECORD, "kabupaten", r=KAB_REPORT)
    query = '{ auditEvents(entity: "achievement_report") { totalCount nodes { actor action after } } }'
    for who, expected in (
        ("public", "UNAUTHENTICATED"),
        ("kabupaten", "PERMISSION_DENIED"),
        ("province", "PERMISSION_DENIED"),
        ("ministry", OK),
    ):
        assert _outcome(gql(query, who)) == expected, who
    events = gql(query, "ministry")["data"]["auditEvents"]
    assert events["totalCount"] == 1
    assert events["nodes"][0]["after"]["served"] == 80


def test_audit_events_record_before_and_after_and_page(gql: Gql) -> None:
    gql(RECORD, "kabupaten", r=KAB_REPORT)
    gql(RECORD, "province", r={**KAB_REPORT, "served": 90})
    gql(PUBLISH, "ministry")
    page = gql(
        "{ auditEvents(first: 2) { totalCount nodes { action before after } pageInfo { hasNextPage endCursor } } }",
        "ministry",
    )["data"]["auditEvents"]
    assert page["totalCount"] == 3
    assert [node["action"] for node in page["nodes"]] == ["publish", "update"]
    assert page["nodes"][1]["before"]["served"] == 80 and page["nodes"][1]["after"]["served"] == 90
    rest = gql(
        "query($after: String) { auditEvents(first: 2, after: $after) { nodes { action before } "
        "pageInfo { hasNextPage } } }",
        "ministry",
        after=page["pageInfo"]["endCursor"],
    )["data"]["auditEvents"]
    assert [node["action"] for node in rest["nodes"]] == ["record"] and rest["nodes"][0]["before"] is None
    assert rest["pageInfo"]["hasNextPage"] is False


def test_published_reports_are_frozen(gql: Gql) -> None:
    gql(RECORD, "kabupaten", r=KAB_REPORT)
    assert gql(PUBLISH, "ministry")["data"]["publishAchievementReports"] == {"count": 1}
    assert codes(gql(RECORD, "kabupaten", r={**KAB_REPORT, "served": 10})) == ["CONFLICT"]


def test_report_reads_are_scoped_by_role(gql: Gql) -> None:
    for region, writer in (("53.01", "kabupaten"), ("53.02", "other"), ("11.01", "ministry")):
        assert "errors" not in gql(RECORD, writer, r={**KAB_REPORT, "regionCode": region})
    gql(RECORD, "province", r=PROV_REPORT)
    gql(PUBLISH.replace('"53.01"', '"53.02"'), "ministry")
    for who, visible in (
        ("public", {"53.02"}),
        ("kabupaten", {"53.01", "53.02"}),
        ("other", {"53.02"}),
        ("province", {"53", "53.01", "53.02"}),
        ("ministry", {"53", "53.01", "53.02", "11.01"}),
    ):
        rows = gql("{ achievementReports { nodes { regionCode } } }", who)["data"]["achievementReports"]["nodes"]
        assert {row["regionCode"] for row in rows} == visible, who


def test_write_input_is_checked_after_the_role(gql: Gql) -> None:
    assert codes(gql(RECORD, "kabupaten", r={**KAB_REPORT, "served": 101})) == ["BAD_INPUT"]
    assert codes(gql(RECORD, "kabupaten", r={**KAB_REPORT, "serviceCode": "DIK.PROV.01"})) == ["BAD_INPUT"]
    assert codes(gql(RECORD, "ministry", r={**KAB_REPORT, "regionCode": "99.99"})) == ["NOT_FOUND"]


def test_national_uploads_are_for_the_ministry(client: TestClient, secrets: Secrets, shared_data: Path) -> None:
    path = shared_data / "accounts" / "sipd_kab_buru_sumber_dana_2025.json"
    for who, status in (("public", 401), ("kabupaten", 403), ("province", 403), ("ministry", 200)):
        with path.open("rb") as handle:
            response = client.post(
                "/ingest/funding_sources?allow_partial=1",
                files={"file": (path.name, handle)},
                headers=secrets.header(who),
            )
        assert response.status_code == status, (who, response.text)
        if status != 200:
            assert response.json()["errors"][0]["extensions"]["code"] in ("UNAUTHENTICATED", "PERMISSION_DENIED")
    assert response.json()["status"] == "succeeded" and response.json()["rowsLoaded"] > 300


def test_regional_loads_need_the_callers_region() -> None:
    province = Caller(role="region", region_code="53", name="p")
    require_ingest(province, {"region": "53.04"}, regional=True)
    with pytest.raises(PermissionDenied):
        require_ingest(province, {"region": "52.01"}, regional=True)
    with pytest.raises(PermissionDenied):
        require_ingest(province, {"region": "53.04"}, regional=False)
    with pytest.raises(BadInput):
        require_ingest(province, {}, regional=True)
    with pytest.raises(Unauthenticated):
        require_ingest(Caller(), {"region": "53"}, regional=True)
    require_ingest(Caller(role="ministry", name="m"), {}, regional=False)


@pytest.mark.parametrize(
    "query",
    [
        "{ spmServices { code links { status } } }",  # link work in progress, reviewers' names
        "{ nomenclatureEditions { code run { actor } } }",  # ingest provenance
        '{ region(code: "53.01") { readiness(year: 2025) { score } } }',  # reads the budget lines
        '{ region(code: "53.01") { services(year: 2025) { budget { planned } } } }',
        '{ region(code: "53.01") { services(year: 2025) { budget { ... on BudgetAmounts { attributedPlanned } } } } }',
    ],
)
def test_token_data_is_refused_to_the_public_on_every_path(gql: Gql, query: str) -> None:
    assert codes(gql(query, "public")) == ["UNAUTHENTICATED"]
    assert "errors" not in gql(query, "kabupaten")
