"""Rapor Pendidikan from an exported file: the shipped sample loads after its schools, reloads
unchanged, a corrected file updates only the values it carries, bad files change nothing."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import Engine, text

from hub.demo.generate_rapor import DEFAULT_OUTPUT, HEADER
from tests.connectors import helpers as h

BALIKPAPAN = "dapodik_sekolah_kota_balikpapan.csv"
REGION_ROW = ["2025", "SD", "A.1", "Kemampuan literasi", "DIK.KAB.02", "53.02", None, 2025, 48.5, "Kurang"]


def test_sample_load_reload_and_correction(reference_db: Engine, shared_data: Path, tmp_path: Path) -> None:
    assert h.load(reference_db, "schools", shared_data / "education" / BALIKPAPAN).status == "succeeded"
    rows = h.read_sheet(DEFAULT_OUTPUT, "Nilai")[1:]
    summary = h.load(reference_db, "rapor", DEFAULT_OUTPUT)
    assert summary.status == "succeeded" and summary.rows_loaded == len(rows)
    loaded = h.snapshot(reference_db)
    assert loaded["values"][0] == len(rows)
    assert loaded["indicators"][0] == len({(r[0], r[1], r[2]) for r in rows})
    with reference_db.connect() as connection:
        schools = connection.execute(
            text(
                "SELECT COUNT(*) FROM rapor_value v JOIN school s ON s.npsn = v.subject_code "
                "WHERE v.subject_type = 'school' AND v.region_code = '64.71'"
            )
        ).scalar_one()
    assert schools == sum(1 for r in rows if r[6])

    assert h.load(reference_db, "rapor", DEFAULT_OUTPUT).status == "unchanged"
    assert h.snapshot(reference_db) == loaded

    fixed = next(r for r in rows if r[5] == "53.02" and r[2] == "A.1" and r[1] == "SD" and r[7] == 2025)
    path = tmp_path / "koreksi.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, [*fixed[:8], 71.25, "Baik"]])
    corrected = h.load(reference_db, "rapor", path)
    assert corrected.status == "succeeded"
    after = h.snapshot(reference_db)
    assert after["values"][0] == loaded["values"][0] and after["indicators"] == loaded["indicators"]
    with reference_db.connect() as connection:
        changed = connection.execute(
            text("SELECT subject_code, score, category FROM rapor_value WHERE run_id = :run"), {"run": corrected.run_id}
        ).all()
    assert [(code, float(score), category) for code, score, category in changed] == [("53.02", 71.25, "Baik")]


def test_bad_files_change_nothing(reference_db: Engine, tmp_path: Path) -> None:
    good = h.write_xlsx(tmp_path / "good.xlsx", {"Nilai": [HEADER, REGION_ROW]})
    assert h.load(reference_db, "rapor", good).status == "succeeded"

    def book(name: str, *rows: list[object], header: list[str] = HEADER) -> Path:
        return h.write_xlsx(tmp_path / f"{name}.xlsx", {"Nilai": [header, *rows]})

    def with_(**changes: object) -> list[object]:
        return h.row_with(HEADER, REGION_ROW, **changes)

    latin = tmp_path / "latin.csv"
    latin.write_bytes(",".join(HEADER).encode() + b"\n2025,SD,A.1,Kemampuan liter\x81\x8dsi,,53.02,,2025,48.5,Kurang\n")
    empty = h.empty_file(tmp_path / "empty.xlsx")
    cases = [
        (book("missing", REGION_ROW[:9], header=HEADER[:9]), "BAD_INPUT", None),
        (book("type", with_(Nilai="tinggi")), "VALIDATION_FAILED", "score"),
        (book("range", with_(Nilai=120)), "VALIDATION_FAILED", "score"),
        (book("code", with_(Kode_Indikator="X.1")), "VALIDATION_FAILED", "indicator_code"),
        (book("label", with_(Label_Capaian="Bagus")), "VALIDATION_FAILED", "category"),
        (book("region", with_(Kode_Wilayah="53.99")), "VALIDATION_FAILED", "region_code"),
        (book("npsn", with_(Kode_Wilayah=None, NPSN="20228621")), "VALIDATION_FAILED", "npsn"),
        (book("both", with_(NPSN="20228621")), "VALIDATION_FAILED", "npsn"),
        (book("service", with_(Layanan_SPM="DIK.KAB.07")), "VALIDATION_FAILED", "service_code"),
        (book("unscored", with_(Nilai=None)), "VALIDATION_FAILED", "score"),
        (book("duplicate", REGION_ROW, with_(Nilai=50)), "VALIDATION_FAILED", None),
        (h.write_xlsx(tmp_path / "sheet.xlsx", {"Sheet1": [HEADER, REGION_ROW]}), "BAD_INPUT", None),
        (book("header"), "BAD_INPUT", None),
        (empty, "BAD_INPUT", None),
        (h.truncated(DEFAULT_OUTPUT, tmp_path / "half.xlsx"), "BAD_INPUT", None),
        (latin, "BAD_INPUT", None),
    ]
    for path, code, column in cases:
        h.expect_failure(reference_db, "rapor", path, code, column=column)
