"""Dapodik schools: both real shapes load and tie every school to its kabupaten/kota; reloads are
unchanged; a corrected file updates the schools it carries; bad files change nothing."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import Engine, text

from tests.connectors.helpers import expect_failure, load, snapshot, truncated, write_xlsx

CITY_FILES = (
    "dapodik_sekolah_kota_balikpapan.csv",
    "dapodik_sekolah_kota_depok.csv",
    "dapodik_sekolah_kota_makassar.csv",
)
SUMUT = "satpen_swasta_sumatera_utara.csv"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _students(rows: list[dict[str, str]], column: str) -> int:
    return sum(int(row[column]) for row in rows if row[column])


def test_real_files_load_reload_and_correct(reference_db: Engine, shared_data: Path, tmp_path: Path) -> None:
    folder = shared_data / "education"
    expected_rows = expected_students = 0
    for name in CITY_FILES:
        rows = _rows(folder / name)
        assert load(reference_db, "schools", folder / name).status == "succeeded"
        expected_rows += len(rows)
        expected_students += _students(rows, "Peserta_Didik_Total")
    sumut = _rows(folder / SUMUT)
    summary = load(reference_db, "schools", folder / SUMUT, status="Swasta", province="Sumatera Utara")
    assert summary.status == "succeeded" and summary.rows_loaded == len(sumut)
    loaded = snapshot(reference_db)
    assert loaded["schools"] == (
        expected_rows + len(sumut),
        expected_students + _students(sumut, "Total Peserta Didik"),
        loaded["schools"][2],
        expected_rows + len(sumut),
    )  # every school has a region
    with reference_db.connect() as connection:
        by_region = dict(
            connection.execute(text("SELECT region_code, COUNT(*) FROM school GROUP BY region_code")).all()
        )
        levels = dict(
            connection.execute(
                text("SELECT level, COUNT(*) FROM school WHERE region_code LIKE '12.%' GROUP BY level")
            ).all()
        )
    assert by_region["32.76"] + by_region["32.16"] == 924 and by_region["64.71"] == 341 and by_region["73.71"] == 940
    assert set(levels) == {"SD", "SMP", "SMA", "SMK"} and sum(levels.values()) == len(sumut)

    again = load(reference_db, "schools", folder / SUMUT, status="Swasta", province="Sumatera Utara")
    assert again.status == "unchanged" and snapshot(reference_db) == loaded
    # an older file again (other loads came between) runs, but changes nothing: upserts are idempotent
    older = load(reference_db, "schools", folder / CITY_FILES[0])
    assert older.status == "succeeded" and snapshot(reference_db) == loaded
    with reference_db.connect() as connection:
        assert (
            connection.execute(
                text("SELECT COUNT(*) FROM school WHERE run_id = :run"), {"run": older.run_id}
            ).scalar_one()
            == 0
        )

    city = _rows(folder / CITY_FILES[0])
    city[0]["Peserta_Didik_Total"] = str(int(city[0]["Peserta_Didik_Total"]) + 5)
    corrected = tmp_path / "balikpapan_koreksi.csv"
    with corrected.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(city[0]))
        writer.writeheader()
        writer.writerows(city)
    run = load(reference_db, "schools", corrected)
    after = snapshot(reference_db)
    assert run.status == "succeeded" and after["schools"][0] == loaded["schools"][0]
    assert after["schools"][1] == loaded["schools"][1] + 5
    with reference_db.connect() as connection:
        touched = connection.execute(text("SELECT npsn FROM school WHERE run_id = :run"), {"run": run.run_id}).all()
    assert [row[0] for row in touched] == [city[0]["NPSN"]]


def test_bad_files_change_nothing(reference_db: Engine, shared_data: Path, tmp_path: Path) -> None:
    source = shared_data / "education" / CITY_FILES[0]
    header, *rows = source.read_text(encoding="utf-8").splitlines()
    good = tmp_path / "good.csv"
    good.write_text("\n".join([header, *rows[:3]]) + "\n", encoding="utf-8")
    assert load(reference_db, "schools", good).status == "succeeded"
    columns = header.split(",")

    def variant(name: str, column: str, value: str) -> Path:
        fields = next(csv.reader([rows[5]]))
        fields[columns.index(column)] = value
        path = tmp_path / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([columns, next(csv.reader([rows[4]])), fields])
        return path

    missing = tmp_path / "missing.csv"
    with missing.open("w", encoding="utf-8", newline="") as handle:
        keep = [i for i, c in enumerate(columns) if c != "NPSN"]
        csv.writer(handle).writerows([[columns[i] for i in keep], [next(csv.reader([rows[4]]))[i] for i in keep]])
    duplicate = tmp_path / "duplicate.csv"
    duplicate.write_text("\n".join([header, rows[4], rows[5], rows[4]]) + "\n", encoding="utf-8")
    latin = tmp_path / "latin.csv"
    latin.write_bytes(
        ("\n".join([header, rows[4]]) + "\n").encode("utf-8").replace(b"Balikpapan", b"Balikp\x81\x8dpan", 1)
    )
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    cut = tmp_path / "cut.csv"
    cut.write_text("\n".join([header, rows[4], rows[5][:60]]), encoding="utf-8")
    cases = [
        (missing, "BAD_INPUT", None, None),
        (variant("type", "Peserta_Didik_Total", "banyak"), "VALIDATION_FAILED", "students", None),
        (variant("npsn", "NPSN", "123"), "VALIDATION_FAILED", "npsn", None),
        (variant("region", "Kota_Kabupaten", "Kota Atlantis"), "VALIDATION_FAILED", "region_name", None),
        (variant("province", "Provinsi", "Prov. Jawa Timur"), "VALIDATION_FAILED", "province", None),
        (duplicate, "VALIDATION_FAILED", "npsn", None),
        (cut, "VALIDATION_FAILED", None, None),
        (latin, "BAD_INPUT", None, None),
        (empty, "BAD_INPUT", None, None),
        (write_xlsx(tmp_path / "sheet.xlsx", {"Data": [columns]}), "BAD_INPUT", None, {"sheet": "Sekolah"}),
        (
            truncated(shared_data / "education" / SUMUT, tmp_path / "half.csv"),
            "VALIDATION_FAILED",
            None,
            {"province": "Sumatera Utara"},
        ),
    ]
    for path, code, column, options in cases:
        expect_failure(reference_db, "schools", path, code, column=column, options=options)


def test_region_names_match_across_spellings() -> None:
    from connectors.schools.extract import infer_level, region_key

    assert region_key("KOTA TANJUNG BALAI") == region_key("Kota Tanjungbalai")
    assert region_key("KAB. LABUHANBATU UTARA") == region_key("Kabupaten Labuhanbatu Utara")
    assert region_key("Prov. Jawa Barat") == region_key("Jawa Barat")
    assert [infer_level(n) for n in ("SDIT AL FALAH", "SMKS BINA", "SEKOLAH DASAR ISLAM X", "YAYASAN X")] == [
        "SD",
        "SMK",
        "SD",
        None,
    ]
