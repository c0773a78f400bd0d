"""Budget lines: every layout loads with exact totals; reloads, corrections and bad files behave."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlmodel import Session, select

from connectors.budget.contract import to_amount
from connectors.budget.extract import KEY_COLUMNS, line_keys
from hub import reference
from hub.core.errors import ErrorCode, HubError
from hub.ingest import IngestOptions, ingest
from hub.ingest.writers.budget import BudgetLineWriter, DigestFilter, unknown_sub_activities
from hub.models import (
    Account,
    BudgetLine,
    FundingSource,
    IngestRun,
    NomenclatureEdition,
    NomenclatureNode,
    QuarantinedRow,
)
from tests.conftest import truncate_all
from tests.connectors import helpers
from tests.connectors.store import empty_tables, snapshot, truncate_file

REKAP5 = [
    "NO",
    "TAHUN",
    "KODE URUSAN",
    "NAMA URUSAN",
    "KODE SKPD",
    "NAMA SKPD",
    "KODE SUB UNIT",
    "NAMA SUB UNIT",
    "KODE BIDANG URUSAN",
    "NAMA BIDANG URUSAN",
    "KODE PROGRAM",
    "NAMA PROGRAM",
    "KODE KEGIATAN",
    "NAMA KEGIATAN",
    "KODE SUB KEGIATAN",
    "NAMA SUB KEGIATAN",
    "KODE SUMBER DANA",
    "NAMA SUMBER DANA",
    "KODE REKENING",
    "NAMA REKENING",
    "PAKET/KELOMPOK",
    "NAMA PAKET/KELOMPOK",
    "PAGU",
]
UNIT = "1.01.2.22.0.00.01.0000"
DAU = "2.2.01.08.02.0004"
BUILD, ATK = "5.2.03.01.01.0010", "5.1.02.01.01.0024"
KNOWN = ("1.01.02.2.01.0001", "1.01.02.2.01.0003")
BURU = {"region": "81.04", "stage": "murni"}


def line(
    sub: str,
    pagu: Any,
    *,
    account: str | None = BUILD,
    funding: str | None = DAU,
    package: str | None = "Ruang Guru",
    year: Any = 2025,
) -> dict[str, Any]:
    return {
        "TAHUN": year,
        "KODE SUB UNIT": UNIT,
        "NAMA SUB UNIT": "Dinas Pendidikan dan Kebudayaan",
        "KODE SUB KEGIATAN": sub,
        "KODE SUMBER DANA": funding,
        "KODE REKENING": account,
        "PAKET/KELOMPOK": "Kelompok",
        "NAMA PAKET/KELOMPOK": package,
        "PAGU": pagu,
    }


LINES = [
    line(KNOWN[0], None, account=None, funding=None, package=None),  # sub kegiatan without allocation
    line(KNOWN[1], 200_000_000),
    line(KNOWN[1], 11_847_012.01, account=ATK, package="BMHP"),
    line(KNOWN[1], 7_196_800, account=ATK, package="BMHP"),  # same natural key as the line above
    line("1.01.01.2.01.0001", 1_500_000, account=ATK, package="ATK"),  # no loaded edition has this code
]


def write_rekap5(path: Path, lines: list[dict[str, Any]], *, header: list[str] = REKAP5) -> Path:
    rows = [[number if name == "NO" else item.get(name) for name in header] for number, item in enumerate(lines, 1)]
    return helpers.write_xlsx(path, {"Sheet 1": [header, *rows]})


@pytest.fixture(scope="module")
def budget_store(engine: Engine) -> Engine:
    """Regions, two accounts, one funding source and a nomenclature edition holding ``KNOWN``
    (loaded once per module and backend; ``budget_db`` empties the budget between tests)."""
    truncate_all(engine)
    with Session(engine) as session:
        reference.load_regions(session)
        session.add_all(
            [
                Account(code=BUILD, name="Belanja Modal Bangunan Gedung Tempat Pendidikan", level=6),
                Account(code=ATK, name="Belanja Alat Tulis Kantor", level=6),
                FundingSource(code=DAU, name="DAU Bidang Pendidikan", level=6),
            ]
        )
        edition = NomenclatureEdition(code="TEST-2025", name="test edition")
        session.add(edition)
        session.flush()
        assert edition.id is not None
        session.add_all([NomenclatureNode(edition_id=edition.id, code=code, name=code, level=5) for code in KNOWN])
        session.commit()
    return engine


@pytest.fixture
def budget_db(budget_store: Engine) -> Engine:
    """The module's reference store with no budget lines and no runs."""
    empty_tables(budget_store, BudgetLine, QuarantinedRow, IngestRun)
    return budget_store


def lines_of(engine: Engine) -> list[tuple[Any, ...]]:
    return snapshot(
        engine,
        BudgetLine,
        "region_code",
        "fiscal_year",
        "stage",
        "line_key",
        "sub_activity_code",
        "account_code",
        "planned_amount",
        "sub_activity_known",
    )


def total(engine: Engine, stage: str = "murni") -> Decimal:
    return sum((row[6] for row in lines_of(engine) if row[2] == stage), Decimal(0))


def load(engine: Engine, path: Path, strict: bool = False, **options: str):
    return ingest(engine, "budget", path, IngestOptions(options=options, strict=strict))


def test_clean_load(budget_db: Engine, tmp_path: Path) -> None:
    summary = load(budget_db, write_rekap5(tmp_path / "rekap5.xlsx", LINES), **BURU)

    stored = lines_of(budget_db)
    assert (summary.status, summary.rows_read, summary.rows_loaded, summary.rows_flagged) == (
        "succeeded",
        5,
        5,
        1,
    )
    assert total(budget_db) == Decimal("220543812.01")
    assert {row[3][-2:] for row in stored if row[6] in (Decimal("11847012.01"), Decimal("7196800"))} == {
        "-1",
        "-2",
    }
    assert len({row[3] for row in stored}) == 5
    unallocated = [row for row in stored if row[4] == KNOWN[0]]
    assert [(row[5], row[6]) for row in unallocated] == [(None, Decimal(0))]
    assert [(w.row, w.column, w.value) for w in summary.warnings] == [(6, "sub_activity_code", "1.01.01.2.01.0001")]
    with Session(budget_db) as session:
        flagged = unknown_sub_activities(session, "81.04", 2025)
    assert [(f.code, f.lines, f.planned) for f in flagged] == [("1.01.01.2.01.0001", 1, Decimal("1500000.00"))]


def test_reload_is_unchanged(budget_db: Engine, tmp_path: Path) -> None:
    path = write_rekap5(tmp_path / "rekap5.xlsx", LINES)
    load(budget_db, path, **BURU)
    before = lines_of(budget_db)

    assert load(budget_db, path, **BURU).status == "unchanged"
    assert lines_of(budget_db) == before


def test_corrected_reload_replaces_its_scope_only(budget_db: Engine, tmp_path: Path) -> None:
    load(budget_db, write_rekap5(tmp_path / "rekap5.xlsx", LINES), **BURU)
    load(budget_db, write_rekap5(tmp_path / "dpa.xlsx", LINES[1:2]), region="81.04", stage="dpa")
    before = lines_of(budget_db)

    corrected = [LINES[0], line(KNOWN[1], 250_000_000), *LINES[2:4]]
    summary = load(budget_db, write_rekap5(tmp_path / "rekap5-fixed.xlsx", corrected), **BURU)

    after = lines_of(budget_db)
    assert (summary.status, summary.rows_loaded, len(after)) == ("succeeded", 4, 5)
    assert total(budget_db) == Decimal("269043812.01")
    assert [row for row in after if row[2] == "dpa"] == [row for row in before if row[2] == "dpa"]
    kept_keys = {row[3] for row in before if row[2] == "murni" and row[4] != "1.01.01.2.01.0001"}
    assert {row[3] for row in after if row[2] == "murni"} == kept_keys  # same natural keys, same line keys


def test_repeated_line_continues_numbering_across_chunks(budget_db: Engine) -> None:
    row = {
        "region_code": "81.04",
        "fiscal_year": 2025,
        "stage": "murni",
        "sub_activity_code": KNOWN[1],
        "planned_amount": Decimal(1),
        "sub_activity_known": True,
        "line_key": "digest",
    }
    with Session(budget_db) as session:
        run = IngestRun(connector="budget", source="test")
        session.add(run)
        session.flush()
        writer = BudgetLineWriter({})
        for chunk in ([row], [row], [row, row]):
            writer.write(session, pd.DataFrame(chunk), run)
        keys = session.exec(select(BudgetLine.line_key)).all()
    assert sorted(keys) == ["digest-1", "digest-2", "digest-3", "digest-4"]


def test_digest_filter_false_positives_cost_a_lookup_not_a_wrong_number(budget_db: Engine) -> None:
    base = {"region_code": "81.04", "fiscal_year": 2025, "stage": "murni", "sub_activity_code": KNOWN[1]}
    rows = [
        {**base, "planned_amount": Decimal(n), "sub_activity_known": True, "line_key": f"d{n % 2}"} for n in range(5)
    ]
    with Session(budget_db) as session:
        run = IngestRun(connector="budget", source="test")
        session.add(run)
        session.flush()
        writer = BudgetLineWriter({})
        writer.staged_digests.might_hold = lambda keys: pd.Series(True, index=keys.index)  # type: ignore[method-assign]
        for chunk in (rows[:2], rows[2:3], rows[3:]):
            writer.write(session, pd.DataFrame(chunk), run)
        keys = session.exec(select(BudgetLine.line_key)).all()
    assert sorted(keys) == ["d0-1", "d0-2", "d0-3", "d1-1", "d1-2"]


def test_digest_filter_never_forgets_a_key() -> None:
    keys = pd.Series([f"{n:040x}" for n in range(20_000)])
    seen = DigestFilter()
    assert not seen.might_hold(keys).any()
    seen.add(keys[::2])
    assert seen.might_hold(keys[::2]).all()
    assert seen.might_hold(keys[1::2]).sum() <= 2  # false positives are rare, and only cost a lookup


_KEY_CELLS = st.one_of(
    st.none(), st.just(float("nan")), st.integers(-3, 3000), st.floats(allow_nan=False, width=32), st.text(max_size=6)
)


@given(st.lists(st.lists(_KEY_CELLS, min_size=len(KEY_COLUMNS), max_size=len(KEY_COLUMNS)), min_size=1, max_size=6))
def test_line_keys_follow_the_stored_recipe(rows: list[list[Any]]) -> None:
    """Keys already in stores must not change: stripped text of the key cells, ``|``, SHA-256, 40 hex."""
    frame = pd.DataFrame(rows, columns=list(KEY_COLUMNS), dtype=object)
    expected = [
        hashlib.sha256("|".join("" if v is None or v != v else str(v).strip() for v in row).encode()).hexdigest()[:40]
        for row in rows
    ]
    assert line_keys(frame) == expected


def test_an_ingest_refreshes_the_statistics_of_what_it_wrote(budget_db: Engine, tmp_path: Path) -> None:
    load(budget_db, write_rekap5(tmp_path / "rekap5.xlsx", LINES), **BURU)
    with budget_db.connect() as connection:
        if budget_db.dialect.name == "sqlite":
            analysed = connection.exec_driver_sql("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'budget_line'")
        else:
            analysed = connection.exec_driver_sql("SELECT reltuples > 0 FROM pg_class WHERE relname = 'budget_line'")
        assert analysed.scalar()


def test_strict_makes_unknown_sub_kegiatan_an_error(budget_db: Engine, tmp_path: Path) -> None:
    with pytest.raises(HubError) as caught:
        load(budget_db, write_rekap5(tmp_path / "rekap5.xlsx", LINES), strict=True, **BURU)

    assert caught.value.code == ErrorCode.VALIDATION_FAILED
    assert [(i.row, i.column) for i in caught.value.issues] == [(6, "sub_activity_code")]  # type: ignore[attr-defined]
    assert lines_of(budget_db) == []


def test_sipd_pagu_json_rounds_floats_to_the_sen(budget_db: Engine, tmp_path: Path) -> None:
    items = [
        {
            "kode_skpd": UNIT,
            "nama_skpd": "Dinas Pendidikan",
            "kode_sub_giat": KNOWN[0],
            "pagu_sub_giat": 32052662.04,
        },
        {
            "kode_skpd": UNIT,
            "nama_skpd": "Dinas Pendidikan",
            "kode_sub_giat": KNOWN[1],
            "pagu_sub_giat": 0.1 + 0.2,
        },
        {
            "kode_skpd": UNIT,
            "nama_skpd": "Dinas Pendidikan",
            "kode_sub_giat": "X.XX.01.2.01.0001",
            "pagu_sub_giat": 743675915,
        },
    ]
    path = tmp_path / "lampiran.json"
    path.write_text(json.dumps(items), encoding="utf-8")

    summary = load(budget_db, path, region="81.04", year="2024", stage="pagu_indikatif")

    assert (summary.status, summary.rows_loaded) == ("succeeded", 3)
    assert total(budget_db, "pagu_indikatif") == Decimal("775728577.34")


def test_dpa_forms_compute_jumlah_and_narrow_the_scope(budget_db: Engine, tmp_path: Path) -> None:
    sub_list = write_rekap5(
        tmp_path / "sub.xlsx",
        [
            {"KODE SUB KEGIATAN": KNOWN[0], "SUMBER DANA": DAU, "JUMLAH PAGU": 3_752_200},
            {"KODE SUB KEGIATAN": KNOWN[1], "SUMBER DANA": DAU, "JUMLAH PAGU": 2_993_800},
        ],
        header=["KODE SUB KEGIATAN", "PROGRAM DAN KEGIATAN", "SUMBER DANA", "JUMLAH PAGU"],
    )
    rincian = write_rekap5(
        tmp_path / "rincian.xlsx",
        [
            {
                "KODE AKUN": ATK,
                "KELOMPOK": "ATK",
                "NAMA KOMPONEN": "BALLPOINT",
                "HARGA SAT. KOMPONEN": 5600,
                "VOLUME": 12,
                "KODE SUMBER DANA": DAU,
            },
            {
                "KODE AKUN": ATK,
                "KELOMPOK": "ATK",
                "NAMA KOMPONEN": "Kertas",
                "HARGA SAT. KOMPONEN": 300,
                "VOLUME": "200;2",
                "JUMLAH": 120000,
                "KODE SUMBER DANA": DAU,
            },
        ],
        header=[
            "KODE AKUN",
            "KELOMPOK",
            "NAMA KOMPONEN",
            "HARGA SAT. KOMPONEN",
            "VOLUME",
            "JUMLAH",
            "KODE SUMBER DANA",
        ],
    )
    dpa = {"region": "76.01", "year": "2024", "stage": "dpa"}

    load(budget_db, sub_list, agency="1.03.0.00.0.00.01.0000", **dpa)
    summary = load(budget_db, rincian, sub_activity=KNOWN[0], **dpa)

    assert (summary.status, summary.rows_loaded) == ("succeeded", 2)
    assert sorted((row[4], row[6]) for row in lines_of(budget_db)) == [
        (KNOWN[0], Decimal("67200.00")),
        (KNOWN[0], Decimal("120000.00")),
        (KNOWN[1], Decimal("2993800.00")),
    ]


def test_rincian_without_sub_kegiatan_option_is_refused(budget_db: Engine, tmp_path: Path) -> None:
    rincian = write_rekap5(
        tmp_path / "rincian.xlsx",
        [
            {
                "KODE AKUN": ATK,
                "NAMA KOMPONEN": "Kertas",
                "HARGA SAT. KOMPONEN": 300,
                "VOLUME": 2,
                "JUMLAH": 601,
            }
        ],
        header=["KODE AKUN", "NAMA KOMPONEN", "HARGA SAT. KOMPONEN", "VOLUME", "JUMLAH", "KODE SUMBER DANA"],
    )
    with pytest.raises(HubError) as caught:
        load(budget_db, rincian, region="76.01", year="2024", stage="dpa")
    assert caught.value.code == ErrorCode.BAD_INPUT

    with pytest.raises(HubError) as caught:
        load(budget_db, rincian, region="76.01", year="2024", stage="dpa", sub_activity=KNOWN[0])
    assert [i.column for i in caught.value.issues] == ["JUMLAH"]  # type: ignore[attr-defined]  # 300 x 2 != 601


# ---------------------------------------------------------------- bad files: clear error, store as before


def _rekap5_with(tmp_path: Path, *extra: dict[str, Any], header: list[str] = REKAP5) -> Path:
    return write_rekap5(tmp_path / "bad.xlsx", [*LINES[1:3], *extra], header=header)


def _json(tmp_path: Path, items: list[dict[str, Any]]) -> Path:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def _bytes(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _truncated(tmp_path: Path) -> Path:
    path = _rekap5_with(tmp_path, *LINES * 40)
    truncate_file(path)
    return path


CSV_HEADER = "region_code,fiscal_year,sub_activity_code,agency_name,planned_amount\n"
DUPLICATED = [
    {"kode_skpd": UNIT, "nama_skpd": "Dinas", "kode_sub_giat": KNOWN[1], "pagu_sub_giat": pagu} for pagu in (100, 250)
]
BAD_FILES = {
    "missing-column": (lambda tmp: _rekap5_with(tmp, header=REKAP5[:-1]), BURU, ErrorCode.BAD_INPUT),
    "wrong-type": (
        lambda tmp: _rekap5_with(tmp, line(KNOWN[1], "dua juta")),
        BURU,
        ErrorCode.VALIDATION_FAILED,
    ),
    "wrong-year-type": (
        lambda tmp: _rekap5_with(tmp, line(KNOWN[1], 5, year="TA 2025")),
        BURU,
        ErrorCode.VALIDATION_FAILED,
    ),
    "negative-amount": (lambda tmp: _rekap5_with(tmp, line(KNOWN[1], -5)), BURU, ErrorCode.VALIDATION_FAILED),
    "malformed-code": (
        lambda tmp: _rekap5_with(tmp, line("1.01.02.2.01", 5)),
        BURU,
        ErrorCode.VALIDATION_FAILED,
    ),
    "unknown-region": (
        lambda tmp: _rekap5_with(tmp),
        {"region": "99.99", "stage": "murni"},
        ErrorCode.BAD_INPUT,
    ),
    "other-region-in-file": (
        lambda tmp: _bytes(
            tmp,
            "bad.csv",
            (CSV_HEADER + f"81.04,2025,{KNOWN[1]},Dinas,5\n81.05,2025,{KNOWN[1]},Dinas,5\n").encode(),
        ),
        BURU,
        ErrorCode.VALIDATION_FAILED,
    ),
    "other-year-in-file": (
        lambda tmp: _rekap5_with(tmp, line(KNOWN[1], 5, year=2024)),
        {**BURU, "year": "2025"},
        ErrorCode.VALIDATION_FAILED,
    ),
    "unknown-stage": (
        lambda tmp: _rekap5_with(tmp),
        {"region": "81.04", "stage": "final"},
        ErrorCode.VALIDATION_FAILED,
    ),
    "duplicate-key": (
        lambda tmp: _json(tmp, DUPLICATED),
        {**BURU, "year": "2025"},
        ErrorCode.VALIDATION_FAILED,
    ),
    "empty-file": (lambda tmp: _bytes(tmp, "bad.xlsx", b""), BURU, ErrorCode.BAD_INPUT),
    "header-only": (lambda tmp: write_rekap5(tmp / "bad.xlsx", []), BURU, ErrorCode.BAD_INPUT),
    "wrong-sheet": (lambda tmp: _rekap5_with(tmp), {**BURU, "sheet": "Rekap 5"}, ErrorCode.BAD_INPUT),
    "truncated-xlsx": (_truncated, BURU, ErrorCode.BAD_INPUT),
    "non-utf8-csv": (
        lambda tmp: _bytes(
            tmp,
            "bad.csv",
            (CSV_HEADER + f"81.04,2025,{KNOWN[1]},Dinas Pendidikan – Kebudayaan,5\n").encode("cp1252") + b"\x81\x8d",  # noqa: RUF001
        ),
        BURU,
        ErrorCode.BAD_INPUT,
    ),
    "unknown-layout": (lambda tmp: _bytes(tmp, "bad.csv", b"a,b\n1,2\n"), BURU, ErrorCode.BAD_INPUT),
}


@pytest.fixture
def loaded_db(budget_store: Engine, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The module store holding the load of ``LINES`` (reloaded only when a test changed it)."""
    if len(lines_of(budget_store)) != len(LINES) or total(budget_store) != sum(
        (to_amount(item["PAGU"]) or Decimal(0) for item in LINES), Decimal(0)
    ):
        empty_tables(budget_store, BudgetLine, QuarantinedRow, IngestRun)
        load(budget_store, write_rekap5(tmp_path_factory.mktemp("good") / "good.xlsx", LINES), **BURU)
    return budget_store


@pytest.mark.parametrize(("make", "options", "code"), list(BAD_FILES.values()), ids=list(BAD_FILES))
def test_bad_file_is_refused_and_store_unchanged(loaded_db: Engine, tmp_path: Path, make, options, code) -> None:
    before = (lines_of(loaded_db), total(loaded_db))

    with pytest.raises(HubError) as caught:
        load(loaded_db, make(tmp_path), **options)

    assert caught.value.code == code
    assert (lines_of(loaded_db), total(loaded_db)) == before


# ---------------------------------------------------------------- the real files (required in CI)


@pytest.mark.slow
def test_real_buru_budget_loads_with_the_exact_total(budget_db: Engine, shared_data: Path) -> None:
    ingest(budget_db, "accounts", shared_data / "accounts" / "kode_belanja_permendagri_50.xlsx")
    ingest(budget_db, "funding_sources", shared_data / "accounts" / "sipd_kab_buru_sumber_dana_2025.json")
    folder = shared_data / "budget"

    murni = load(budget_db, folder / "sipd_kab_buru_rekap5_murni_2025.xlsx", **BURU)
    pagu = load(
        budget_db,
        folder / "sipd_kab_buru_lampiran41_2024.json",
        region="81.04",
        year="2024",
        stage="pagu_indikatif",
    )

    assert (murni.status, murni.rows_read, murni.rows_loaded, murni.rows_rejected) == (
        "succeeded",
        7153,
        7153,
        0,
    )
    assert total(budget_db) == Decimal("1078983576660")
    stored = lines_of(budget_db)
    assert sum(1 for row in stored if row[2] == "murni" and row[5] is None) == 830  # sub kegiatan without allocation
    assert len({row[3] for row in stored if row[2] == "murni"}) == 7153
    unknown_accounts = {w.value for w in murni.warnings if w.column == "account_code"}
    assert len(unknown_accounts) == 24  # codes newer than the Permendagri chart shipped in ../shared
    assert not [w for w in murni.warnings if w.column == "funding_source_code"]
    items = json.loads((folder / "sipd_kab_buru_lampiran41_2024.json").read_text(encoding="utf-8"))
    expected = sum(Decimal(repr(item["pagu_sub_giat"])).quantize(Decimal("0.01")) for item in items)
    assert (pagu.rows_loaded, total(budget_db, "pagu_indikatif")) == (1800, expected)
