"""Local formats: the same budget read from .xlsx, .xls and .ods gives the same lines; CSV saved by a
spreadsheet in the Indonesian locale (``;``, ``1.500.000,00``, Windows-1252) or with a UTF-8 BOM loads;
text in no accepted encoding is refused clearly."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
import xlwt
from sqlalchemy import Engine

from connectors.reading import canonical_number, open_rows
from hub.core.errors import BadInput
from hub.core.regions import region_code
from tests.connectors.test_budget import BURU, KNOWN, budget_db, budget_store, lines_of, load, total

__all__ = ["budget_db", "budget_store"]  # fixtures used here
REKAP5_FILE = "budget/sipd_kab_buru_rekap5_murni_2025.xlsx"
REGIONS = Path(__file__).parents[2] / "hub" / "reference" / "regions.csv"


def _first_rows(shared_data: Path, count: int) -> pd.DataFrame:
    frame = pd.read_excel(shared_data / REKAP5_FILE, nrows=count, dtype=object, engine="openpyxl")
    return frame.astype(object).where(frame.notna(), None)


def _write_xls(frame: pd.DataFrame, path: Path) -> Path:
    book = xlwt.Workbook()
    sheet = book.add_sheet("Sheet 1")
    for column, name in enumerate(frame.columns):
        sheet.write(0, column, name)
    for row, values in enumerate(frame.itertuples(index=False), start=1):
        for column, value in enumerate(values):
            if value is not None:
                sheet.write(row, column, value)
    book.save(str(path))
    return path


def test_xlsx_xls_and_ods_of_one_budget_load_the_same(budget_db: Engine, shared_data: Path, tmp_path: Path) -> None:
    frame = _first_rows(shared_data, 300)
    frame.to_excel(tmp_path / "rekap5.xlsx", index=False, sheet_name="Sheet 1")
    frame.to_excel(tmp_path / "rekap5.ods", index=False, sheet_name="Sheet 1", engine="odf")
    _write_xls(frame, tmp_path / "rekap5.xls")
    expected = sum((Decimal(str(v)) for v in frame["PAGU"] if v not in (None, "")), Decimal(0))
    results = {}
    for suffix in ("xlsx", "xls", "ods"):
        summary = load(budget_db, tmp_path / f"rekap5.{suffix}", **BURU)
        assert (summary.status, summary.rows_loaded) == ("succeeded", 300), suffix
        results[suffix] = sorted(lines_of(budget_db))
        assert total(budget_db) == expected, suffix
    assert results["xlsx"] == results["xls"] == results["ods"]


def test_indonesian_csv_in_windows_1252_loads_exactly(budget_db: Engine, tmp_path: Path) -> None:
    path = tmp_path / "anggaran.csv"
    text = (
        "region_code;fiscal_year;sub_activity_code;agency_name;planned_amount\r\n"
        f"81.04;2025;{KNOWN[0]};Dinas Pendidikan – Kebudayaan;1.500.000,00\r\n"  # noqa: RUF001 - an en dash
        f'81.04;2025;{KNOWN[1]};"Dinas Kesehatan; Bidang P2P";2.750.000,50\r\n'
    )
    path.write_bytes(text.encode("cp1252"))
    summary = load(budget_db, path, stage="murni")
    assert (summary.status, summary.rows_loaded) == ("succeeded", 2)
    assert total(budget_db) == Decimal("4250000.50")


def test_utf8_bom_csv_matches_its_first_column(budget_db: Engine, tmp_path: Path) -> None:
    path = tmp_path / "anggaran.csv"
    path.write_bytes(
        "region_code,fiscal_year,sub_activity_code,agency_name,planned_amount\n".encode("utf-8-sig")
        + f"81.04,2025,{KNOWN[0]},Dinas Pendidikan,125000.25\n".encode()
    )
    summary = load(budget_db, path, stage="murni")
    assert (summary.status, total(budget_db)) == ("succeeded", Decimal("125000.25"))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("kode;nama\n1;Pendidikan\n".encode("utf-16-le"), "binary content"),
        (b"kode;nama\n1;Pendidikan \x81\x8d\n", "neither UTF-8 nor Windows-1252"),
    ],
)
def test_text_in_no_accepted_encoding_is_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(BadInput, match=message):
        open_rows(path)


def test_indonesian_numbers_and_codes() -> None:
    assert canonical_number("1.500.000,00", ",") == "1500000.00"
    assert canonical_number("-2.500,5", ",") == "-2500.5"
    assert canonical_number("1.01", ",") == "1.01"  # a code, not a number
    assert canonical_number("1.02.02.2.02.0001", ",") == "1.02.02.2.02.0001"
    assert canonical_number("1.500.000,00", ".") == "1.500.000,00"


def test_delimiter_is_not_fooled_by_decimal_commas(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("kode;nama;jumlah\n1;A, B;1,5\n2;C;2,25\n", encoding="utf-8")
    header, rows, _ = open_rows(path)
    assert header == ["kode", "nama", "jumlah"]
    assert [values for _, values in rows] == [["1", "A, B", "1.5"], ["2", "C", "2.25"]]


def test_undotted_region_codes_and_option_load_as_dotted(budget_db: Engine, tmp_path: Path) -> None:
    path = tmp_path / "anggaran.csv"
    path.write_text(
        "region_code;fiscal_year;sub_activity_code;planned_amount\n"
        f"8104;2025;{KNOWN[0]};1.000.000\n"
        f" 81.04 ;2025;{KNOWN[1]};2.500,50\n",
        encoding="utf-8",
    )
    summary = load(budget_db, path, stage="murni", region="8104")
    assert summary.status == "succeeded"
    assert {row[0] for row in lines_of(budget_db)} == {"81.04"} and total(budget_db) == Decimal("1002500.50")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("11.01", "11.01"),
        ("1101", "11.01"),
        (1101, "11.01"),
        (1101.0, "11.01"),
        (" 53.02 ", "53.02"),
        ("53", "53"),
        (11.1, "11.10"),
        (None, None),
        ("", None),
        ("ABC", "ABC"),
    ],
)
def test_region_code_forms(value: object, code: object) -> None:
    assert region_code(value) == code


def test_shipped_region_names_are_right() -> None:
    with REGIONS.open(encoding="utf-8") as handle:
        names = {row["code"]: row["name"] for row in csv.DictReader(handle)}
    assert names["31.72"] == "Kota Administrasi Jakarta Utara"
    assert names["71.09"] == "Kabupaten Kepulauan Siau Tagulandang Biaro"
    assert all(name == " ".join(name.split()) for name in names.values())
