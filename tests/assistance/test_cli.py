"""The assistance cycle through the CLI and the minutes XLSX, with the callers' tokens: plan, checklist,
snapshot, minutes template -> filled in -> imported -> exported back with statuses, a region closing its
own follow-up (and refused another's), overdue, escalation and the digest files."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from starlette.testclient import TestClient
from typer.testing import CliRunner

from hub import models
from hub.assistance import sessions
from hub.cli import app
from hub.core.settings import get_settings
from tests.assistance.conftest import PROVINCE, Tokens


@pytest.fixture
def cli(reference_db: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("SPM_HUB_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def run(cli: CliRunner, token: str, *args: str, code: int = 0) -> str:
    result = cli.invoke(app, ["assistance", *args, "--token", token])
    assert result.exit_code == code, result.output
    return result.output


def test_cycle_through_cli_and_xlsx(
    cli: CliRunner, secrets: Tokens, ntt_clusters: dict[str, int], reference_db: Engine, tmp_path: Path
) -> None:
    sumba = str(ntt_clusters["Sumba"])
    run(cli, secrets.kupang, "plan", "--kind", "korbinwas", "--title", "Korbinwas", "--held-on", "2025-09-10",
        "--cluster", sumba, code=1)  # fmt: skip
    planned = run(cli, secrets.province, "plan", "--kind", "korbinwas", "--title", "Korbinwas Sumba",
                  "--held-on", "2025-09-10", "--cluster", sumba, "--cutoff", "2025-09-01")  # fmt: skip
    assert "session 1:" in planned and "data ready by 2025-09-01" in planned and "53.12" in planned
    assert "Korbinwas Sumba" in run(cli, secrets.ministry, "sessions")
    own = run(cli, secrets.kupang, "checklist", "--session", "1", code=1)  # 53.01 is not invited
    assert "PERMISSION_DENIED" in own
    assert "53.11" in run(cli, secrets.province, "snapshot", "--session", "1")
    assert "froze 0 session(s)" in run(cli, secrets.province, "snapshot", "--on", "2025-09-05")

    template = tmp_path / "notulen.xlsx"
    run(cli, secrets.tts, "minutes-export", "--session", "1", "--out", str(template), code=1)
    run(cli, secrets.province, "minutes-export", "--session", "1", "--out", str(template))
    workbook = openpyxl.load_workbook(template)
    sheet = workbook["Tindak Lanjut"]
    validations = {str(v.sqref).split(":")[0][0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert set(validations) == {"E", "G", "J", "N"}  # region, owner role, status, what it concerns
    assert workbook["Daftar"].sheet_state == "hidden"
    sheet.append([None, 1, "Rencana Aksi siap", "Unggah Rencana Aksi", "53.11", "Bappeda", "Kepala Bidang", None,
                  "2025-09-20", "terbuka", None, None, None, "aksi rencana", None])  # fmt: skip
    sheet.append([None, 1, "Rencana Aksi siap", "Unggah Rencana Aksi", "53.12", "Bappeda", "Kepala Bidang", None,
                  "2025-10-20", "Terbuka"])  # fmt: skip
    filled = tmp_path / "notulen_isi.xlsx"
    workbook.save(filled)
    refused = cli.invoke(app, ["assistance", "minutes-import", str(filled), "--session", "1", "--token", secrets.tts])
    assert refused.exit_code == 1 and "PERMISSION_DENIED" in refused.output
    imported = run(cli, secrets.province, "minutes-import", str(filled), "--session", "1")
    assert "succeeded, 2 follow-up(s)" in imported

    # a bad row: nothing of the file loads, and the message names the row and the rule
    sheet.append([None, 2, "Tim", "SK Tim", "53.12", "Setda", "Bupati", None, "2025-10-01", "selesai"])
    bad = tmp_path / "notulen_salah.xlsx"
    workbook.save(bad)
    failed = cli.invoke(app, ["assistance", "minutes-import", str(bad), "--session", "1", "--token", secrets.province])
    assert failed.exit_code == 1 and "owner_role" in failed.output and "evidence" in failed.output

    with Session(reference_db) as session:
        ids = {row.owner_region_code: row.id for row in session.exec(select(models.FollowUp)).all()}
    assert set(ids) == {"53.11", "53.12"}
    assert "PERMISSION_DENIED" in run(cli, secrets.kupang, "follow-up", "--id", str(ids["53.11"]), "--status", "done",
                                      "--evidence", "x", code=1)  # fmt: skip
    assert "Kabupaten Sumba Timur (1)" in run(cli, secrets.province, "overdue", "--on", "2025-10-08")
    assert "escalated 0" in run(cli, secrets.province, "escalate", "--on", "2025-10-08", "--grace", "20")
    assert "escalated 1" in run(cli, secrets.province, "escalate", "--on", "2025-10-08")  # 18 days > 14
    assert "escalated 0" in run(cli, secrets.province, "escalate", "--on", "2025-10-08")  # once only

    # the host closes one through the exported workbook, with evidence
    exported = tmp_path / "notulen_status.xlsx"
    run(cli, secrets.province, "minutes-export", "--session", "1", "--out", str(exported))
    workbook = openpyxl.load_workbook(exported)
    sheet = workbook["Tindak Lanjut"]
    rows = list(sheet.iter_rows(min_row=2))
    assert [(row[0].value, row[9].value) for row in rows] == [(ids["53.11"], "terbuka"), (ids["53.12"], "terbuka")]
    rows[0][9].value, rows[0][11].value, rows[0][12].value = "selesai", "Rencana Aksi diunggah", "2025-10-07"
    workbook.save(exported)
    assert "1 follow-up(s)" in run(cli, secrets.province, "minutes-import", str(exported), "--session", "1")

    digest_html, digest_xlsx = tmp_path / "digest.html", tmp_path / "digest.xlsx"
    run(cli, secrets.province, "digest", "--cluster", sumba, "--on", "2025-10-08", "--out", str(digest_html))
    run(cli, secrets.province, "digest", "--cluster", sumba, "--on", "2025-10-08", "--out", str(digest_xlsx))
    page = digest_html.read_text(encoding="utf-8")
    assert "Klaster Sumba" in page and "Selesai minggu ini (1)" in page and "Terlambat (0)" in page
    assert "@media print" in page and "http" not in page  # printable, no external assets
    sheets = openpyxl.load_workbook(digest_xlsx).sheetnames
    assert sheets == ["Jatuh tempo minggu ini", "Terlambat", "Selesai minggu ini"]
    summary = run(cli, secrets.province, "impact", "--cluster", sumba, "--on", "2025-10-08")
    assert "2 opened, 0 done on time, 1 done late" in summary


def test_downloads_obey_the_same_rules(
    client: TestClient, secrets: Tokens, ntt_clusters: dict[str, int], reference_db: Engine
) -> None:
    sumba = ntt_clusters["Sumba"]
    header = {"Authorization": f"Bearer {secrets.province}"}
    page = client.get(f"/assistance/digest.html?clusterId={sumba}&on=2025-10-08", headers=header)
    assert page.status_code == 200 and "Klaster Sumba" in page.text
    workbook = client.get(f"/assistance/digest.xlsx?clusterId={sumba}&on=2025-10-08", headers=header)
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"
    region = {"Authorization": f"Bearer {secrets.kupang}"}
    assert client.get(f"/assistance/digest.html?clusterId={sumba}", headers=region).status_code == 403
    assert client.get("/assistance/digest.html?regionCode=53.01&on=2025-10-08", headers=region).status_code == 200
    assert client.get("/assistance/digest.html?regionCode=53.02", headers=region).status_code == 403
    assert client.get(f"/assistance/digest.html?clusterId={sumba}").status_code == 401
    assert client.get("/assistance/digest.csv?regionCode=53.01", headers=region).status_code == 404
    assert client.get("/assistance/minutes/99.xlsx", headers=header).status_code == 404
    with Session(reference_db) as session:
        plan = sessions.SessionPlan("bimtek", "Bimtek", date(2025, 9, 1), "online", cluster_id=sumba)
        session_id = sessions.plan_session(session, PROVINCE, plan).id
        session.commit()
    minutes = client.get(f"/assistance/minutes/{session_id}.xlsx", headers=header)
    assert minutes.status_code == 200 and "notulen" in minutes.headers["content-disposition"]
    assert openpyxl.load_workbook(io.BytesIO(minutes.content)).sheetnames[0] == "Tindak Lanjut"
    assert client.get(f"/assistance/minutes/{session_id}.xlsx", headers=region).status_code == 403
