"""The assistance cycle through GraphQL with real tokens: plan, checklist, snapshot, minutes import,
status moves, and the refusals (a region cannot close another region's follow-up)."""

from __future__ import annotations

import io
import json
from typing import Any

import openpyxl
from sqlalchemy import Engine
from sqlmodel import Session, select
from starlette.testclient import TestClient

from hub import models
from tests.assistance.conftest import Tokens

ERR = "... on OperationError { code message }"
PLAN = f"""mutation($s: PlanSessionInput!) {{ planAssistanceSession(session: $s) {{ {ERR} ... on AssistanceSession {{
  id hostCode invited cutoffOn kindName readiness {{ regionCode frozen ready missing {{ name }} }} }} }} }}"""
SNAPSHOT = f"""mutation($id: Int!) {{ takeReadinessSnapshot(sessionId: $id) {{ {ERR}
  ... on ReadinessSnapshot {{ checklists {{ regionCode frozen ready }} }} }} }}"""
UPDATE = f"""mutation($id: Int!, $c: FollowUpChange!) {{ updateFollowUp(id: $id, change: $c) {{ {ERR}
  ... on FollowUp {{ id status evidence closedOn updatedBy }} }} }}"""
IMPORT = f"""mutation($id: Int!, $file: Upload!) {{ importMinutes(sessionId: $id, file: $file) {{ {ERR}
  ... on MinutesImport {{ status rowsLoaded }} }} }}"""


def post(client: TestClient, token: str | None, query: str, **variables: Any) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
    assert response.status_code < 500, response.text
    return response.json()  # type: ignore[no-any-return]


def upload(client: TestClient, token: str, query: str, content: bytes, **variables: Any) -> dict[str, Any]:
    operations = {"query": query, "variables": {**variables, "file": None}}
    response = client.post(
        "/graphql",
        headers={"Authorization": f"Bearer {token}"},
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": ("minutes.xlsx", content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")},
    )
    assert response.status_code < 500, response.text
    return response.json()  # type: ignore[no-any-return]


def codes(body: dict[str, Any]) -> list[str]:
    """Refusal codes: request errors, or a mutation's OperationError."""
    found = [error["extensions"]["code"] for error in body.get("errors") or []]
    data = body.get("data") or {}
    return found or [value["code"] for value in data.values() if isinstance(value, dict) and "code" in value]


def _minutes(engine: Engine, session_id: int) -> bytes:
    from hub.assistance.minutes import minutes_workbook
    from tests.assistance.conftest import PROVINCE

    with Session(engine) as session:
        return minutes_workbook(session, PROVINCE, session_id)


def test_cycle_through_graphql(
    client: TestClient, secrets: Tokens, ntt_clusters: dict[str, int], reference_db: Engine
) -> None:
    timor = ntt_clusters["Timor"]
    plan = {"kind": "asistensi", "title": "Asistensi Timor TW3", "heldOn": "2025-09-10", "mode": "onsite",
            "clusterId": timor}  # fmt: skip
    assert codes(post(client, secrets.kupang, PLAN, s=plan)) == ["PERMISSION_DENIED"]
    assert codes(post(client, None, PLAN, s=plan)) == ["UNAUTHENTICATED"]
    assert codes(post(client, secrets.other_province, PLAN, s=plan)) == ["PERMISSION_DENIED"]
    planned = post(client, secrets.province, PLAN, s=plan)["data"]["planAssistanceSession"]
    session_id = planned["id"]
    assert planned["hostCode"] == "53" and planned["invited"] == ["53.01", "53.02", "53.03"]
    assert planned["cutoffOn"] == "2025-09-03" and planned["kindName"] == "Asistensi"
    assert all(not item["frozen"] and not item["ready"] for item in planned["readiness"])

    # a region sees its own checklist only, with its own token
    own = "query($id: Int!) { assistanceSession(id: $id) { readiness { regionCode missing { name } } } }"
    lists = post(client, secrets.kupang, own, id=session_id)["data"]["assistanceSession"]["readiness"]
    assert [item["regionCode"] for item in lists] == ["53.01"]
    assert "report_submitted" in [m["name"] for m in lists[0]["missing"]]
    other = 'query($id: Int!) { assistanceSession(id: $id) { readiness(regionCode: "53.02") { regionCode } } }'
    assert codes(post(client, secrets.kupang, other, id=session_id)) == ["PERMISSION_DENIED"]

    assert codes(post(client, secrets.kupang, SNAPSHOT, id=session_id)) == ["PERMISSION_DENIED"]
    frozen = post(client, secrets.province, SNAPSHOT, id=session_id)["data"]["takeReadinessSnapshot"]["checklists"]
    assert [(item["regionCode"], item["frozen"], item["ready"]) for item in frozen] == [
        ("53.01", True, False),
        ("53.02", True, False),
        ("53.03", True, False),
    ]
    assert codes(post(client, secrets.province, SNAPSHOT, id=session_id)) == ["CONFLICT"]

    # minutes: the template filled in and imported by the host
    workbook = openpyxl.load_workbook(io.BytesIO(_minutes(reference_db, session_id)))
    sheet = workbook["Tindak Lanjut"]
    assert [cell.value for cell in sheet[1]][:4] == ["ID", "No. Keputusan", "Keputusan", "Tindak Lanjut"]
    sheet.append([None, 1, "Data TW3 lengkap", "Kirim laporan TW3", "53.01", "Dinas Kesehatan", "Operator e-SPM",
                  None, "2025-09-30", "terbuka"])  # fmt: skip
    sheet.append([None, 1, "Data TW3 lengkap", "Kirim laporan TW3", "53.02", "Dinas Pendidikan", "Operator e-SPM",
                  None, "30/09/2025", "berjalan"])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert codes(upload(client, secrets.kupang, IMPORT, buffer.getvalue(), id=session_id)) == ["PERMISSION_DENIED"]
    loaded = upload(client, secrets.province, IMPORT, buffer.getvalue(), id=session_id)
    assert loaded["data"]["importMinutes"] == {"status": "succeeded", "rowsLoaded": 2}
    items = post(client, secrets.province, "{ followUps { id ownerRegionCode status } }")["data"]["followUps"]
    by_region = {item["ownerRegionCode"]: item["id"] for item in items}
    assert [item["status"] for item in items] == ["open", "in_progress"]

    # a region moves its own follow-up only, and only its status and evidence
    done = {"status": "done", "evidence": "Laporan TW3 terkirim 2025-09-25", "closedOn": "2025-09-25"}
    assert codes(post(client, secrets.tts, UPDATE, id=by_region["53.01"], c=done)) == ["PERMISSION_DENIED"]
    assert codes(post(client, secrets.kupang, UPDATE, id=by_region["53.01"], c={"dueOn": "2025-12-31"})) == [
        "PERMISSION_DENIED"
    ]
    assert codes(post(client, secrets.kupang, UPDATE, id=by_region["53.01"], c={"status": "done"})) == ["BAD_INPUT"]
    moved = post(client, secrets.kupang, UPDATE, id=by_region["53.01"], c=done)["data"]["updateFollowUp"]
    assert moved["status"] == "done" and moved["closedOn"] == "2025-09-25"
    assert moved["updatedBy"].startswith("token:")

    # on 2025-10-02 the other one is overdue; the region sees only its own
    overdue = '{ overdueFollowUps(on: "2025-10-02", by: "cluster") { label followUps { ownerRegionCode daysLate } } }'
    groups = post(client, secrets.province, overdue)["data"]["overdueFollowUps"]
    assert groups == [{"label": "Timor", "followUps": [{"ownerRegionCode": "53.02", "daysLate": 2}]}]
    assert post(client, secrets.kupang, overdue)["data"]["overdueFollowUps"] == []
    digest = """query($c: Int!) { assistanceDigest(clusterId: $c, on: "2025-10-02") {
      weekStart weekEnd due { id } overdue { id status } done { id } } }"""
    week = post(client, secrets.province, digest, c=timor)["data"]["assistanceDigest"]
    assert week["weekStart"] == "2025-09-29" and week["weekEnd"] == "2025-10-05"
    assert week["overdue"] == [{"id": by_region["53.02"], "status": "overdue"}] and week["due"] == []
    assert codes(post(client, secrets.kupang, digest, c=timor)) == ["PERMISSION_DENIED"]

    # the export comes back with the current statuses
    workbook = openpyxl.load_workbook(io.BytesIO(_minutes(reference_db, session_id)))
    rows = list(workbook["Tindak Lanjut"].iter_rows(min_row=2, values_only=True))
    assert [(row[4], row[9]) for row in rows] == [("53.01", "selesai"), ("53.02", "berjalan")]

    # the next session of the cluster opens with what the last left open
    nxt = {**plan, "title": "Asistensi Timor TW4", "heldOn": "2025-12-03"}
    carried = post(client, secrets.province, PLAN.replace("kindName", "kindName carriedFollowUps { id }"), s=nxt)
    assert carried["data"]["planAssistanceSession"]["carriedFollowUps"] == [{"id": by_region["53.02"]}]


def test_every_change_is_audited(
    client: TestClient, secrets: Tokens, ntt_clusters: dict[str, int], reference_db: Engine
) -> None:
    plan = {"kind": "bimtek", "title": "Bimtek e-SPM", "heldOn": "2025-09-10", "mode": "online",
            "invited": ["53.11", "53.12"]}  # fmt: skip
    session_id = post(client, secrets.province, PLAN, s=plan)["data"]["planAssistanceSession"]["id"]
    decide = f"""mutation($id: Int!, $f: [FollowUpInput!]!) {{ recordDecision(sessionId: $id, number: 1,
      text: "Petakan anggaran", followUps: $f) {{ {ERR} ... on Decision {{ followUps {{ id }} }} }} }}"""
    item = {"action": "Petakan sub kegiatan", "ownerRegionCode": "53.11", "ownerOpd": "Bappeda",
            "ownerRole": "Kepala Bidang", "dueOn": "2025-10-15", "concerns": "data_gap"}  # fmt: skip
    assert codes(post(client, secrets.province, decide, id=session_id, f=[{**item, "ownerRegionCode": "53.01"}])) == [
        "BAD_INPUT"
    ]  # 53.01 was not invited
    made = post(client, secrets.province, decide, id=session_id, f=[item])["data"]["recordDecision"]["followUps"]
    dropped = {"status": "dropped", "reason": "Digabung dengan aksi Rencana Aksi no. 4"}
    post(client, secrets.province, UPDATE, id=made[0]["id"], c=dropped)
    with Session(reference_db) as session:
        events = session.exec(select(models.AuditEvent).where(models.AuditEvent.entity == "follow_up")).all()
    assert [event.action for event in events] == ["create", "update"]
    assert events[1].before["status"] == "open" and events[1].after["status"] == "dropped"  # type: ignore[index]
