"""The role matrix: every caller against every mutation, the guarded queries and the upload endpoint."""

from __future__ import annotations

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
    """A sub kegiatan node and a proposed link on it, for the link mutations' variables."""
    with Session(reference_db) as session:
        node = make_node_path(session, make_edition(session, "SIPD-2025"), "1.02.02.2.01.0001")
        link = models.ServiceLink(service_code="KES.KAB.03", node_id=node.id, proposed_by="test")
        session.add(link)
        session.commit()
        assert node.id is not None and link.id is not None
        return {"NODE": node.id, "LINK": link.id}


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
