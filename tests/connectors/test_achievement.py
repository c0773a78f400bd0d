"""e-SPM reports: the shipped sample loads, reloads unchanged, a corrected period replaces its rows,
and every kind of bad file is refused with the store left exactly as before."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from hub.demo.generate_reports import DEFAULT_OUTPUT, MUTU_HEADER, REPORT_HEADER
from tests.connectors.helpers import (
    empty_file,
    expect_failure,
    load,
    read_sheet,
    row_with,
    snapshot,
    truncated,
    write_xlsx,
)

SAMPLE = DEFAULT_OUTPUT
REPORT = [
    "53.71",
    "Kota Kupang",
    2025,
    1,
    "DIK.KAB.02",
    "Pendidikan Dasar",
    1000,
    400,
    1500000000,
    "350000000.50",
    None,
    None,
]
MUTU = ["53.71", 2025, 1, "DIK.KAB.02", "DIK.KAB.02.B1.01", "BARANG_JASA", "Buku teks pelajaran", 4000, 3000]


def _scalar(engine: Engine, sql: str, **params: Any) -> Any:
    with engine.connect() as connection:
        return connection.execute(text(sql), params).scalar_one()


@pytest.fixture(scope="module")
def sample_sheets() -> tuple[list[list[Any]], list[list[Any]]]:
    """The shipped sample's two sheets, read once for both databases."""
    return read_sheet(SAMPLE, "Laporan"), read_sheet(SAMPLE, "Mutu")


def test_sample_load_reload_and_correction(
    reference_db: Engine, tmp_path: Path, sample_sheets: tuple[list[list[Any]], list[list[Any]]]
) -> None:
    reports, mutu = sample_sheets
    first = load(reference_db, "achievement", SAMPLE)
    assert first.status == "succeeded" and first.rows_loaded == len(reports) - 1 + len(mutu) - 1
    loaded = snapshot(reference_db)
    assert loaded["reports"][0] == len(reports) - 1 and loaded["mutu"][0] == len(mutu) - 1
    assert loaded["reports"][2] == sum(row[7] for row in reports[1:])  # served, exactly
    assert _scalar(reference_db, "SELECT COUNT(*) FROM achievement_report WHERE served > targeted") == 0

    again = load(reference_db, "achievement", SAMPLE)
    assert again.status == "unchanged" and snapshot(reference_db) == loaded

    scope = [row for row in reports[1:] if row[0] == "53.02" and row[3] == 1]
    fixed = [[*row[:7], max(0, row[7] - 1), *row[8:]] for row in scope]
    scope_mutu = [row for row in mutu[1:] if row[0] == "53.02" and row[2] == 1][:3]
    path = write_xlsx(
        tmp_path / "koreksi.xlsx", {"Laporan": [REPORT_HEADER, *fixed], "Mutu": [MUTU_HEADER, *scope_mutu]}
    )
    corrected = load(reference_db, "achievement", path)
    assert corrected.status == "succeeded"
    after = snapshot(reference_db)
    assert after["reports"][0] == loaded["reports"][0]
    assert after["reports"][2] == loaded["reports"][2] - sum(1 for row in scope if row[7] > 0)
    assert after["mutu"][0] == loaded["mutu"][0] - sum(1 for r in mutu[1:] if r[0] == "53.02" and r[2] == 1) + 3
    newest = _scalar(reference_db, "SELECT COUNT(*) FROM achievement_report WHERE run_id = :run", run=corrected.run_id)
    assert newest == len(scope)


def _bad_cases(tmp_path: Path) -> list[tuple[str, Callable[[], Path], str, str | None]]:
    def book(
        name: str, reports: list[list[Any]], mutu: list[list[Any]] | None = None, header: list[str] = REPORT_HEADER
    ) -> Callable[[], Path]:
        return lambda: write_xlsx(
            tmp_path / f"{name}.xlsx", {"Laporan": [header, *reports], "Mutu": [MUTU_HEADER, *(mutu or [])]}
        )

    def with_(**changes: Any) -> list[Any]:
        return row_with(REPORT_HEADER, REPORT, **changes)

    latin = tmp_path / "latin1.csv"
    latin.write_bytes(
        ";".join(REPORT_HEADER).encode() + b"\n53.71;Kota Kupang;2025;1;DIK.KAB.02;x;10;5;;;Jalan rusak \x81\x8d\xe9;\n"
    )
    empty = empty_file(tmp_path / "empty.xlsx")
    return [
        (
            "missing column",
            book("missing", [REPORT[:6] + REPORT[7:]], header=REPORT_HEADER[:6] + REPORT_HEADER[7:]),
            "BAD_INPUT",
            None,
        ),
        ("wrong type", book("type", [with_(Jumlah_Sasaran="seribu")]), "VALIDATION_FAILED", "targeted"),
        ("unknown region", book("region", [with_(Kode_Wilayah="53.99")]), "VALIDATION_FAILED", "region_code"),
        ("bad region format", book("format", [with_(Kode_Wilayah="53-71")]), "VALIDATION_FAILED", "region_code"),
        ("unknown service", book("service", [with_(Kode_Layanan="DIK.KAB.09")]), "VALIDATION_FAILED", "service_code"),
        ("wrong level", book("level", [with_(Kode_Layanan="DIK.PROV.01")]), "VALIDATION_FAILED", "service_code"),
        (
            "served > targeted",
            book("served", [with_(Jumlah_Terlayani_Sesuai_Standar=1001)]),
            "VALIDATION_FAILED",
            "served",
        ),
        ("quarter 5", book("quarter", [with_(Triwulan=5)]), "VALIDATION_FAILED", "quarter"),
        ("duplicate key", book("duplicate", [REPORT, with_(Jumlah_Sasaran=900)]), "VALIDATION_FAILED", None),
        (
            "budget with 3 decimals",
            book("budget", [with_(Anggaran_Dialokasikan="10.005")]),
            "VALIDATION_FAILED",
            "budget_allocated",
        ),
        (
            "mutu without report",
            book("orphan", [REPORT], [[*MUTU[:3], "DIK.KAB.01", *MUTU[4:]]]),
            "VALIDATION_FAILED",
            "service_code",
        ),
        ("mutu kind", book("kind", [REPORT], [[*MUTU[:5], "ALAT", *MUTU[6:]]]), "VALIDATION_FAILED", "kind"),
        (
            "wrong sheet",
            lambda: write_xlsx(tmp_path / "sheet.xlsx", {"Sheet1": [REPORT_HEADER, REPORT]}),
            "BAD_INPUT",
            None,
        ),
        ("header only", book("header", []), "BAD_INPUT", None),
        ("empty file", lambda: empty, "BAD_INPUT", None),
        ("truncated", lambda: truncated(SAMPLE, tmp_path / "truncated.xlsx"), "BAD_INPUT", None),
        ("not UTF-8", lambda: latin, "BAD_INPUT", None),
    ]


def test_bad_files_change_nothing(reference_db: Engine, tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", {"Laporan": [REPORT_HEADER, REPORT], "Mutu": [MUTU_HEADER, MUTU]})
    assert load(reference_db, "achievement", good).status == "succeeded"
    for name, build, code, column in _bad_cases(tmp_path):
        try:
            expect_failure(reference_db, "achievement", build(), code, column=column)
        except AssertionError as exc:
            raise AssertionError(f"case {name!r}: {exc}") from exc


def test_error_report_names_file_sheet_row_and_rule(reference_db: Engine, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "lapor.xlsx",
        {"Laporan": [REPORT_HEADER, REPORT, [*REPORT[:4], "DIK.PROV.01", *REPORT[5:]]], "Mutu": [MUTU_HEADER]},
    )
    exc = expect_failure(reference_db, "achievement", path, "VALIDATION_FAILED", column="service_code")
    (problem,) = exc.issues  # type: ignore[attr-defined]
    assert (problem.file, problem.sheet, problem.row, problem.value) == ("lapor.xlsx", "Laporan", 3, "DIK.PROV.01")
    assert "kabupaten/kota" in problem.rule


def test_decreasing_cumulative_served_is_a_warning(reference_db: Engine, tmp_path: Path) -> None:
    q2 = [*REPORT[:3], 2, *REPORT[4:7], 300, *REPORT[8:]]
    path = write_xlsx(tmp_path / "turun.xlsx", {"Laporan": [REPORT_HEADER, REPORT, q2], "Mutu": [MUTU_HEADER]})
    summary = load(reference_db, "achievement", path)
    assert summary.status == "succeeded" and summary.rows_flagged == 1
    assert [(w.row, w.column) for w in summary.warnings] == [(3, "served")]
