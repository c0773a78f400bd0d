"""Charts as editions: a 2026 Buru-like Rekap 5 in the SIPD 2026 account shape (six segments, 3- and
5-digit parts, built here from the real 2025 export) loads with its exact total next to 2025; codes no
loaded chart holds are flagged by edition and stop being flagged when a 2026 chart is loaded."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from hub.core.errors import ValidationFailed
from hub.ingest import IngestOptions, ingest
from hub.ingest.writers.budget import unknown_chart_codes, unknown_sub_activities
from hub.models import BudgetLine
from hub.workbench.chart_crosswalk import chart_crosswalk
from tests.connectors import helpers
from tests.connectors.test_budget import BURU, budget_db, budget_store, total

__all__ = ["budget_db", "budget_store"]
REKAP5 = "budget/sipd_kab_buru_rekap5_murni_2025.xlsx"
GROWTH = Decimal("1.035")  # a 3.5% larger budget, rounded to the rupiah


def to_2026(code: Any) -> Any:
    """``5.1.02.01.01.0024`` -> ``5.1.02.01.001.00024`` (the SIPD 2026 shape)."""
    if not isinstance(code, str) or code.count(".") != 5:
        return code
    parts = code.split(".")
    return ".".join([*parts[:4], parts[4].zfill(3), parts[5].zfill(5)])


def _write_2026(shared_data: Path, path: Path) -> tuple[Decimal, list[list[Any]]]:
    workbook = openpyxl.load_workbook(shared_data / REKAP5, read_only=True)
    rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    workbook.close()
    header = rows[0]
    year, account, pagu = header.index("TAHUN"), header.index("KODE REKENING"), header.index("PAGU")
    expected = Decimal(0)
    for row in rows[1:]:
        row[year] = 2026
        row[account] = to_2026(row[account])
        if row[pagu] not in (None, ""):
            row[pagu] = int((Decimal(str(row[pagu])) * GROWTH).quantize(Decimal(1), ROUND_HALF_UP))
            expected += row[pagu]
    helpers.write_xlsx(path, {"Sheet 1": rows})
    return expected, rows


@pytest.mark.slow
def test_2026_account_shape_loads_next_to_2025(budget_db: Engine, shared_data: Path, tmp_path: Path) -> None:
    ingest(budget_db, "accounts", shared_data / "accounts" / "kode_belanja_permendagri_50.xlsx")
    expected, rows = _write_2026(shared_data, tmp_path / "rekap5_2026.xlsx")

    murni_2025 = ingest(budget_db, "budget", shared_data / REKAP5, IngestOptions(options=BURU))
    murni_2026 = ingest(budget_db, "budget", tmp_path / "rekap5_2026.xlsx", IngestOptions(options=BURU))

    assert (murni_2026.status, murni_2026.rows_loaded, murni_2026.rows_rejected) == ("succeeded", 7153, 0)
    with Session(budget_db) as session:
        by_year = {
            year: sum(
                session.exec(select(BudgetLine.planned_amount).where(BudgetLine.fiscal_year == year)).all(), Decimal(0)
            )
            for year in (2025, 2026)
        }
        flagged_2026 = unknown_chart_codes(session, "accounts", "81.04", 2026)
        flagged_2025 = unknown_chart_codes(session, "accounts", "81.04", 2025)
        named = session.exec(
            select(BudgetLine.account_name).where(BudgetLine.account_code == "5.1.02.01.001.00024")
        ).first()
    assert by_year == {2025: Decimal("1078983576660"), 2026: expected}
    assert murni_2025.status == "succeeded"
    header = rows[0]
    codes_2026 = {row[header.index("KODE REKENING")] for row in rows[1:] if row[header.index("KODE REKENING")]}
    assert {item.code for item in flagged_2026} == codes_2026  # no 2026 chart is loaded
    assert {item.editions for item in flagged_2026} == {("SIPD-2026",)}
    assert sum(item.planned for item in flagged_2026) == expected
    assert len(flagged_2025) == 24 and {item.editions for item in flagged_2025} == {("PERMENDAGRI-90-2019",)}
    source_name = next(
        row[header.index("NAMA REKENING")]
        for row in rows[1:]
        if row[header.index("KODE REKENING")] == "5.1.02.01.001.00024"
    )
    assert named == " ".join(source_name.split())
    warnings = {w.rule for w in murni_2026.warnings if w.column == "account_code"}
    assert warnings == {"is in no loaded chart of accounts (SIPD-2026 code)"}


def test_a_2026_chart_makes_its_codes_known(budget_db: Engine, tmp_path: Path) -> None:
    header = ["Akun", "Kelompok", "Jenis", "Objek", "Rincian Objek", "Sub Rincian Objek", "Uraian Akun"]
    chart = helpers.write_xlsx(
        tmp_path / "akun_2026.xlsx",
        {"Akun": [header, [5, 1, 2, 1, 1, 24, "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor"]]},
    )
    lines = tmp_path / "b.csv"
    lines.write_text(
        "region_code,fiscal_year,sub_activity_code,account_code,account_name,planned_amount\n"
        "81.04,2026,1.01.02.2.01.0001,5.1.02.01.001.00024,Belanja ATK,1500000\n"
        "81.04,2026,1.01.02.2.01.0001,5.1.02.01.001.00026,Belanja Cetak,250000.50\n",
        encoding="utf-8",
    )
    ingest(budget_db, "accounts", chart, IngestOptions(options={"edition": "SIPD-2026"}))
    summary = ingest(budget_db, "budget", lines, IngestOptions(options={"stage": "murni"}))
    assert summary.status == "succeeded" and total(budget_db) == Decimal("1750000.50")
    with Session(budget_db) as session:
        flagged = unknown_chart_codes(session, "accounts", "81.04", 2026)
    assert [(f.code, f.editions, f.name, f.planned) for f in flagged] == [
        ("5.1.02.01.001.00026", ("SIPD-2026",), "Belanja Cetak", Decimal("250000.50"))
    ]
    lines.write_text(lines.read_text(encoding="utf-8").replace("250000.50", "250000.75"), encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        ingest(budget_db, "budget", lines, IngestOptions(options={"stage": "murni"}, strict=True))
    assert [(i.row, i.column) for i in caught.value.issues] == [(3, "account_code")]


def test_a_code_of_no_known_shape_is_an_error(budget_db: Engine, tmp_path: Path) -> None:
    lines = tmp_path / "b.csv"
    lines.write_text(
        "region_code,fiscal_year,sub_activity_code,account_code,planned_amount\n"
        "81.04,2026,1.01.02.2.01.0001,5.1.2.1.1.24,1500000\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as caught:
        ingest(budget_db, "budget", lines, IngestOptions(options={"stage": "murni"}))
    (problem,) = [i for i in caught.value.issues if i.severity == "error"]
    assert problem.column == "account_code" and "9.9.99.99.999.99999 (SIPD-2026)" in problem.rule


def test_chart_crosswalk_pairs_editions_by_code_then_name(budget_db: Engine, tmp_path: Path) -> None:
    header = ["Akun", "Kelompok", "Jenis", "Objek", "Rincian Objek", "Sub Rincian Objek", "Uraian Akun"]
    old_rows = [[5, 1, 2, 98, 97, 3, "Belanja Uji Alat"], [5, 1, 2, 98, 97, 4, "Belanja Uji Kertas dan Cover"]]
    new_rows = [
        [5, 1, 2, 98, 97, 3, "Belanja Uji Alat"],
        [5, 1, 2, 98, 99, 7, "Belanja  Uji Kertas dan\nCover"],
        [5, 1, 2, 98, 99, 8, "Belanja Uji Bahan Digital"],
    ]
    older = helpers.write_xlsx(tmp_path / "akun_2019.xlsx", {"Akun": [header, *old_rows]})
    newer = helpers.write_xlsx(tmp_path / "akun_2026.xlsx", {"Akun": [header, *new_rows]})
    ingest(budget_db, "accounts", older, IngestOptions(options={"edition": "PERMENDAGRI-90-2019"}))
    ingest(budget_db, "accounts", newer, IngestOptions(options={"edition": "SIPD-2026"}))
    with Session(budget_db) as session:
        walk = chart_crosswalk(session, "accounts", "PERMENDAGRI-90-2019", "SIPD-2026")
    pairs = {p.new_code: (p.old_code, p.method) for p in walk}
    assert pairs["5.1.02.98.097.00003"] == ("5.1.02.98.97.0003", "code")
    assert pairs["5.1.02.98.099.00007"] == ("5.1.02.98.97.0004", "name")
    assert pairs["5.1.02.98.099.00008"] == (None, "unmatched")


def test_a_new_nomenclature_edition_rechecks_budget_flags(budget_db: Engine, tmp_path: Path) -> None:
    code = "1.02.02.2.02.0001"
    lines = tmp_path / "b.csv"
    lines.write_text(
        f"region_code,fiscal_year,sub_activity_code,planned_amount\n81.04,2026,{code},1500000\n", encoding="utf-8"
    )
    ingest(budget_db, "budget", lines, IngestOptions(options={"stage": "murni"}))
    with Session(budget_db) as session:
        assert [u.code for u in unknown_sub_activities(session, "81.04", 2026)] == [code]
    edition = tmp_path / "list.json"
    edition.write_text(f'[{{"kode_sub_giat": "{code}", "nama_sub_giat": "Pelayanan Ibu Hamil"}}]', encoding="utf-8")
    ingest(budget_db, "nomenclature", edition, IngestOptions(options={"edition": "RECHECK"}))
    with Session(budget_db) as session:
        assert unknown_sub_activities(session, "81.04", 2026) == []
