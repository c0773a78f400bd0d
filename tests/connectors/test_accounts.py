"""Charts of accounts and funding sources: clean load, reload, corrected reload, repeated codes, bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from hub.core.errors import ErrorCode, HubError
from hub.ingest import IngestOptions, ingest
from hub.models import Account, FundingSource, IngestRun, QuarantinedRow
from tests.conftest import truncate_all
from tests.connectors import helpers
from tests.connectors.store import empty_tables, snapshot, truncate_file

HEADER = [
    "Akun",
    "Kelompok",
    "Jenis",
    "Objek",
    "Rincian Objek",
    "Sub Rincian Objek",
    "Uraian Akun",
    "Keterangan",
]
CHART = [
    [5, None, None, None, None, None, "BELANJA DAERAH", "Semua belanja"],
    [5, 1, None, None, None, None, "BELANJA OPERASI", None],
    [5, 1, 2, 1, 1, 24, "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor", None],
    [5, 2, 3, 1, 1, 10, "Belanja Modal Bangunan Gedung Tempat Pendidikan", None],
]


@pytest.fixture(scope="module")
def chart_store(engine: Engine) -> Engine:
    """The store emptied once for this module (per backend)."""
    truncate_all(engine)
    return engine


@pytest.fixture
def chart_db(chart_store: Engine) -> Engine:
    """No charts and no runs (cheaper than emptying every table for each test)."""
    empty_tables(chart_store, QuarantinedRow, IngestRun, Account, FundingSource)
    return chart_store


def write_chart(path: Path, rows: list[list[object]], *, header: list[str] = HEADER, sheet: str = "akun") -> Path:
    return helpers.write_xlsx(path, {sheet: [header, *rows]})


def accounts(engine: Engine) -> list[tuple[object, ...]]:
    return snapshot(engine, Account, "code", "name", "level", "description")


def test_clean_load_builds_dotted_codes(chart_db: Engine, tmp_path: Path) -> None:
    summary = ingest(chart_db, "accounts", write_chart(tmp_path / "akun.xlsx", CHART))

    assert (summary.status, summary.rows_loaded, summary.issues) == ("succeeded", 4, [])
    assert (
        "5.1.02.01.01.0024",
        "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor",
        6,
        None,
    ) in accounts(chart_db)


def test_reload_is_unchanged_and_corrected_file_updates(chart_db: Engine, tmp_path: Path) -> None:
    path = write_chart(tmp_path / "akun.xlsx", CHART)
    ingest(chart_db, "accounts", path)
    before = accounts(chart_db)

    assert ingest(chart_db, "accounts", path).status == "unchanged"
    assert accounts(chart_db) == before

    corrected = [
        *CHART[:3],
        [5, 2, 3, 1, 1, 10, "Belanja Modal Gedung Sekolah", None],
        [5, 2, None, None, None, None, "BELANJA MODAL", None],
    ]
    summary = ingest(chart_db, "accounts", write_chart(tmp_path / "akun2.xlsx", corrected))

    after = dict((code, name) for code, name, *_ in accounts(chart_db))
    assert (summary.status, len(after)) == ("succeeded", 5)
    assert after["5.2.03.01.01.0010"] == "Belanja Modal Gedung Sekolah"


def test_exact_repeat_loads_once_with_a_warning(chart_db: Engine, tmp_path: Path) -> None:
    rows = [
        *CHART,
        CHART[2],
        [5, 1, 2, 1, 1, 24, "  Belanja Alat/Bahan untuk Kegiatan  Kantor-Alat Tulis Kantor", None],
    ]
    summary = ingest(chart_db, "accounts", write_chart(tmp_path / "akun.xlsx", rows))

    assert (summary.status, len(accounts(chart_db))) == ("succeeded", 4)
    assert [(w.row, w.column, w.value) for w in summary.warnings] == [
        (6, "code", "5.1.02.01.01.0024"),
        (7, "code", "5.1.02.01.01.0024"),
    ]
    assert all("repeats row 4" in w.rule for w in summary.warnings)


def test_json_funding_sources_with_repeated_code(chart_db: Engine, tmp_path: Path) -> None:
    items = [
        {"kode_dana": "1", "nama_dana": "DANA UMUM"},
        {"kode_dana": "1.2", "nama_dana": "PENDAPATAN TRANSFER"},
        {"kode_dana": "1.2", "nama_dana": "PENDAPATAN TRANSFER "},
        {
            "kode_dana": "2.2.01.08.02.0004",
            "nama_dana": "DAU yang Ditentukan Penggunaannya Bidang Pendidikan",
        },
    ]
    path = tmp_path / "sumber_dana.json"
    path.write_text(json.dumps(items), encoding="utf-8")

    summary = ingest(chart_db, "funding_sources", path)

    assert summary.status == "succeeded"
    assert [w.value for w in summary.warnings] == ["1.2"]
    assert snapshot(chart_db, FundingSource, "code", "level") == [
        ("1", 1),
        ("1.2", 2),
        ("2.2.01.08.02.0004", 6),
    ]


def _conflicting(tmp_path: Path) -> Path:
    return write_chart(tmp_path / "bad.xlsx", [*CHART, [5, 1, None, None, None, None, "BELANJA LAIN", None]])


def _missing_column(tmp_path: Path) -> Path:
    return write_chart(tmp_path / "bad.xlsx", [row[:6] for row in CHART], header=HEADER[:6])


def _wrong_type(tmp_path: Path) -> Path:
    return write_chart(tmp_path / "bad.xlsx", [*CHART, [5, 1, "dua", 1, 1, 1, "Salah", None]])


def _empty(tmp_path: Path) -> Path:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"")
    return path


def _header_only(tmp_path: Path) -> Path:
    return write_chart(tmp_path / "bad.xlsx", [])


def _truncated(tmp_path: Path) -> Path:
    path = write_chart(tmp_path / "bad.xlsx", CHART * 50)
    truncate_file(path)
    return path


def _not_utf8(tmp_path: Path) -> Path:
    path = tmp_path / "bad.csv"
    path.write_bytes(
        (",".join(HEADER) + "\n5,1,,,,,BELANJA OPERASI – Dinas Pekerjaan Umum,\n").encode("cp1252") + b"\x81\x8d"  # noqa: RUF001
    )
    return path


@pytest.mark.parametrize(
    ("make", "options", "code"),
    [
        (_conflicting, {}, ErrorCode.VALIDATION_FAILED),
        (_missing_column, {}, ErrorCode.BAD_INPUT),
        (_wrong_type, {}, ErrorCode.VALIDATION_FAILED),
        (_empty, {}, ErrorCode.BAD_INPUT),
        (_header_only, {}, ErrorCode.BAD_INPUT),
        (_truncated, {}, ErrorCode.BAD_INPUT),
        (_not_utf8, {}, ErrorCode.BAD_INPUT),
        (lambda tmp: write_chart(tmp / "akun.xlsx", CHART), {"sheet": "Sheet9"}, ErrorCode.BAD_INPUT),
    ],
    ids=[
        "conflicting-repeat",
        "missing-column",
        "wrong-type",
        "empty",
        "header-only",
        "truncated",
        "non-utf8",
        "wrong-sheet",
    ],
)
def test_bad_file_is_refused_and_store_unchanged(chart_db: Engine, tmp_path: Path, make, options, code) -> None:
    ingest(chart_db, "accounts", write_chart(tmp_path / "good.xlsx", CHART))
    before = accounts(chart_db)

    with pytest.raises(HubError) as caught:
        ingest(chart_db, "accounts", make(tmp_path), IngestOptions(options=options))

    assert caught.value.code == code
    assert accounts(chart_db) == before


@pytest.mark.slow
def test_real_charts_load(chart_db: Engine, shared_data: Path) -> None:
    folder = shared_data / "accounts"
    loaded = [
        ingest(chart_db, source, folder / name)
        for source, name in [
            ("accounts", "kode_belanja_permendagri_50.xlsx"),
            ("funding_sources", "sumber_dana_permendagri_50.xlsx"),
            ("funding_sources", "sipd_kab_buru_sumber_dana_2025.json"),
        ]
    ]

    assert [(s.status, s.rows_loaded, len(s.warnings), len(s.errors)) for s in loaded] == [
        ("succeeded", 3413, 0, 0),
        ("succeeded", 281, 19, 0),
        ("succeeded", 390, 1, 0),
    ]
    assert len(accounts(chart_db)) == 3413
