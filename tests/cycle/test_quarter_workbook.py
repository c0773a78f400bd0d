"""The quarter workbook: exported filled and re-imported gives the same quarter; a blank one filled in
by hand loads; a bad one is refused with a row-level report and the store unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import Engine, delete, func
from sqlmodel import Session, select

from hub import models
from hub.core.errors import BadInput, ValidationFailed
from hub.ingest.pipeline import IngestOptions, ingest
from hub.workbench.quarter_workbook import export_quarter_workbook
from tests.cycle.fixtures import QUARTER
from tests.cycle.test_quarter_graphql import READ, SAVE
from tests.security.conftest import Gql

CYCLE_TABLES = (
    models.ProblemReportKind,
    models.ProblemReport,
    models.StageRecord,
    models.PlanAction,
    models.ActionPlan,
    models.TeamMember,
    models.TeamDecree,
    models.AchievementReport,
)


def _export(engine: Engine, path: Path, *, blank: bool = False, region: str = "53.01") -> Path:
    with Session(engine) as session:
        export_quarter_workbook(session, region, 2025, 1, path, blank=blank)
    return path


def _load(engine: Engine, path: Path, **options: str) -> Any:
    return ingest(engine, "quarter", path, IngestOptions(actor="token:9:test", options={"region": "53.01", **options}))


def _wipe(engine: Engine) -> None:
    with Session(engine) as session:
        for model in CYCLE_TABLES:
            session.execute(delete(model))
        session.commit()


def _stored(gql: Gql) -> dict[str, Any]:
    quarter = gql(READ, "kabupaten", r="53.01")["data"]["quarter"]
    return {k: v for k, v in quarter.items() if k in QUARTER}


def test_a_filled_workbook_round_trips(gql: Gql, reference_db: Engine, tmp_path: Path) -> None:
    assert "errors" not in gql(SAVE, "kabupaten", c=QUARTER)
    path = _export(reference_db, tmp_path / "triwulan.xlsx")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames[:8] == [
        "Capaian",
        "Penganggaran",
        "Permasalahan",
        "Tahapan",
        "Rencana Aksi",
        "Dokumen Rencana Aksi",
        "SK Tim",
        "Anggota Tim",
    ]
    assert [c.value for c in workbook["Capaian"][1]] == [
        "Kode Layanan",
        "Nama Layanan",
        "Jumlah Sasaran",
        "Jumlah Terlayani Sesuai Standar",
    ]
    assert workbook["Tahapan"]["C2"].value == "Selesai" and workbook["_hub"].sheet_state == "hidden"
    _wipe(reference_db)
    summary = _load(reference_db, path)
    assert summary.status == "succeeded", summary.issues
    assert _stored(gql) == QUARTER


def test_a_blank_workbook_filled_by_hand_loads(gql: Gql, reference_db: Engine, tmp_path: Path) -> None:
    path = _export(reference_db, tmp_path / "kosong.xlsx", blank=True)
    workbook = openpyxl.load_workbook(path)
    capaian = workbook["Capaian"]
    assert capaian.max_row == 30 and capaian["A2"].value == "DIK.KAB.01" and capaian["C2"].value is None
    assert workbook["Tahapan"].max_row == 25  # six urusan x four stages
    capaian["C3"], capaian["D3"] = 1000, 800  # DIK.KAB.02
    workbook["Penganggaran"]["C3"] = 1_500_000_000
    workbook["Permasalahan"].append(
        ["KES.KAB.01", "Data ibu hamil belum lengkap", "Pendataan ulang", "data_collection; budget"]
    )
    workbook["Tahapan"]["C2"], workbook["Tahapan"]["D2"] = "Selesai", "2025-02-10"
    workbook["SK Tim"].append(["188/1/2025", "2025-01-02", "2025-12-31", None])
    workbook["Anggota Tim"].append(["Kepala Bappeda", "ketua", "Bappeda", "2025-01-02", None])
    workbook.save(path)
    summary = _load(reference_db, path)
    assert summary.status == "succeeded", summary.issues
    stored = _stored(gql)
    assert stored["achievements"] == [
        {
            "serviceCode": "DIK.KAB.02",
            "targeted": 1000,
            "served": 800,
            "budgetAllocated": "1500000000.00",
            "budgetRealised": None,
        }
    ]
    assert stored["problems"][0]["kinds"] == ["BUDGET", "DATA_COLLECTION"]
    assert [(s["fieldCode"], s["stage"], s["status"], s["doneOn"]) for s in stored["stages"]] == [
        ("DIK", "PENGUMPULAN_DATA", "done", "2025-02-10")
    ]
    assert stored["team"]["members"][0]["role"] == "ketua"
    assert stored["plan"] is None  # the plan sheets were left empty: no plan recorded


def _counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            model.__tablename__: session.exec(select(func.count()).select_from(model)).one()  # type: ignore[attr-defined]
            for model in (*CYCLE_TABLES, models.AuditEvent, models.QuarterSubmission)
        }


def test_a_bad_workbook_is_refused_row_by_row_and_nothing_changes(
    gql: Gql, reference_db: Engine, tmp_path: Path
) -> None:
    assert "errors" not in gql(SAVE, "kabupaten", c=QUARTER)
    path = _export(reference_db, tmp_path / "salah.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook["Capaian"]["D2"] = 5000  # served over the target of DIK.KAB.01? first set a target
    workbook["Capaian"]["C2"] = 10
    workbook["Capaian"].append(["DIK.PROV.01", None, 5, 1])  # a provincial service
    workbook["Penganggaran"]["C4"] = "satu juta"
    workbook["Permasalahan"].append([None, "Anggaran terlambat", None, "TIDAK_ADA"])
    workbook["Tahapan"]["C3"] = "Hampir"
    workbook["Rencana Aksi"]["I2"] = 140
    workbook["SK Tim"]["B2"] = "bukan tanggal"
    workbook.save(path)
    before, stored = _counts(reference_db), _stored(gql)
    with pytest.raises(ValidationFailed) as refused:
        _load(reference_db, path)
    found = {(i.sheet, i.row, i.column) for i in refused.value.issues}
    assert {
        ("Capaian", 2, "served"),
        ("Capaian", 31, "service_code"),
        ("Penganggaran", 4, "budget_allocated"),
        ("Permasalahan", 4, "kinds"),
        ("Tahapan", 3, "status"),
        ("Rencana Aksi", 2, "progress_pct"),
        ("SK Tim", 2, "decreed_on"),
    } <= found, sorted(found, key=str)
    assert _counts(reference_db) == before and _stored(gql) == stored


def test_a_workbook_of_another_region_or_a_submitted_quarter_is_refused(
    gql: Gql, reference_db: Engine, tmp_path: Path
) -> None:
    assert "errors" not in gql(SAVE, "kabupaten", c=QUARTER)
    path = _export(reference_db, tmp_path / "q.xlsx")
    with pytest.raises(BadInput, match=r"53\.01"):
        _load(reference_db, path, region="53.02")
    submit = 'mutation { submitQuarter(regionCode: "53.01", year: 2025, quarter: 1) {'
    submit += " ... on QuarterSubmission { status } } }"
    assert gql(submit, "kabupaten")["data"]["submitQuarter"] == {"status": "submitted"}
    before = _counts(reference_db)
    with pytest.raises(Exception, match="submitted"):
        _load(reference_db, path)
    assert _counts(reference_db) == before
