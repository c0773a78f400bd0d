"""Population connector on small files: clean, unchanged and corrected reloads, and bad files that
leave the store exactly as it was."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from hub.analytics.need import need_plan
from hub.analytics.plan import run_sync
from hub.core.errors import BadInput, ErrorCode, HubError, NotFound, ValidationFailed
from hub.ingest import IngestOptions, ingest
from hub.models import PopulationCount
from tests.connectors import helpers

HEADER = ["tahun", "kecamatan", "kelurahan", "kelamin", "umur", "jumlah"]
ROWS = [[2024, "LOA JANAN ILIR", "HARAPAN BARU", sex, age, 10 + age] for sex in "LP" for age in range(0, 8)]
OPTIONS = IngestOptions(options={"region": "64.72"})
SAMARINDA = "population/penduduk_umur_kota_samarinda_2022_2024.xlsx"


def write_xlsx(path: Path, rows: list[list[object]], *, header: list[str] = HEADER, sheet: str = "Data") -> Path:
    return helpers.write_xlsx(path, {sheet: [header, *rows]})


def snapshot(engine: Engine) -> list[tuple[object, ...]]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(
                    PopulationCount.region_code,
                    PopulationCount.year,
                    PopulationCount.village,
                    PopulationCount.sex,
                    PopulationCount.age,
                    PopulationCount.count,
                ).order_by(PopulationCount.sex, PopulationCount.age)
            ).all()
        )


def test_clean_unchanged_and_corrected_reload(reference_db: Engine, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "pop.xlsx", ROWS)
    first = ingest(reference_db, "population", path, OPTIONS)
    assert (first.status, first.rows_loaded) == ("succeeded", 16)
    loaded = snapshot(reference_db)
    assert sum(row[-1] for row in loaded) == sum(row[-1] for row in ROWS)  # type: ignore[misc]

    again = ingest(reference_db, "population", path, OPTIONS)
    assert again.status == "unchanged"
    assert snapshot(reference_db) == loaded

    corrected = [[*row[:5], 99] if row[3] == "P" and row[4] == 3 else row for row in ROWS[:-1]]  # fix one, drop one
    ingest(reference_db, "population", write_xlsx(tmp_path / "fixed.xlsx", corrected), OPTIONS)
    after = snapshot(reference_db)
    assert len(after) == 15
    assert ("64.72", 2024, "HARAPAN BARU", "P", 3, 99) in after
    with Session(reference_db) as session:
        assert (
            session.exec(
                select(func.count()).select_from(PopulationCount).where(PopulationCount.run_id == first.run_id)
            ).one()
            == 0
        )


def test_other_years_are_not_replaced(reference_db: Engine, tmp_path: Path) -> None:
    ingest(reference_db, "population", write_xlsx(tmp_path / "a.xlsx", ROWS), OPTIONS)
    ingest(reference_db, "population", write_xlsx(tmp_path / "b.xlsx", [[2023, *row[1:]] for row in ROWS[:4]]), OPTIONS)
    years = {row[1] for row in snapshot(reference_db)}
    assert years == {2023, 2024}
    assert len(snapshot(reference_db)) == 20


def _bad_xlsx(tmp_path: Path, rows: list[list[object]], **kwargs: object) -> Path:
    return write_xlsx(tmp_path / "bad.xlsx", rows, **kwargs)  # type: ignore[arg-type]


def _truncated(tmp_path: Path) -> Path:
    good = write_xlsx(tmp_path / "good.xlsx", ROWS)
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    return path


def _latin1_csv(tmp_path: Path) -> Path:
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        ("tahun,kecamatan,kelurahan,kelamin,umur,jumlah\n2024,SAMARINDA ILIR,SIDODAMAI \xe9,L,1,5\n").encode("latin-1")
        + b"\x81\x8d"
    )
    return path


def _empty(tmp_path: Path) -> Path:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    return path


BAD_FILES = {
    "missing column": (lambda t: _bad_xlsx(t, [row[:5] for row in ROWS], header=HEADER[:5]), BadInput, None),
    "wrong type": (lambda t: _bad_xlsx(t, [*ROWS, [2024, "X", "Y", "L", "lima", 3]]), ValidationFailed, "umur"),
    "negative count": (lambda t: _bad_xlsx(t, [*ROWS, [2024, "X", "Y", "L", 1, -3]]), ValidationFailed, "jumlah"),
    "sex not L/P": (lambda t: _bad_xlsx(t, [*ROWS, [2024, "X", "Y", "W", 1, 3]]), ValidationFailed, "kelamin"),
    "age over 120": (lambda t: _bad_xlsx(t, [*ROWS, [2024, "X", "Y", "L", 130, 3]]), ValidationFailed, "umur"),
    "duplicate key": (
        lambda t: _bad_xlsx(t, [*ROWS, [2024, "loa janan ilir", "Harapan Baru ", "L", 2, 7]]),
        ValidationFailed,
        "duplicates row 4",
    ),
    "empty file": (_empty, BadInput, None),
    "header only": (lambda t: _bad_xlsx(t, []), BadInput, None),
    "wrong sheet": (lambda t: _bad_xlsx(t, ROWS, sheet="Sheet1"), BadInput, None),
    "truncated xlsx": (_truncated, BadInput, None),
    "non-UTF-8 csv": (_latin1_csv, BadInput, None),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_is_refused_and_store_unchanged(reference_db: Engine, tmp_path: Path, case: str) -> None:
    ingest(reference_db, "population", write_xlsx(tmp_path / "base.xlsx", ROWS[:3]), OPTIONS)
    before = snapshot(reference_db)
    make, error, hint = BAD_FILES[case]
    with pytest.raises(error) as raised:
        ingest(reference_db, "population", make(tmp_path), OPTIONS)
    assert snapshot(reference_db) == before
    if isinstance(raised.value, ValidationFailed):
        assert raised.value.code == ErrorCode.VALIDATION_FAILED
        described = [issue.describe() for issue in raised.value.issues]
        assert any(hint in line for line in described), described
        assert all(issue.row is not None and issue.row > 1 for issue in raised.value.issues)


@pytest.mark.parametrize(("region", "error"), [("99.99", NotFound), ("64", BadInput), ("", BadInput)])
def test_unknown_or_missing_region_is_refused(
    reference_db: Engine, tmp_path: Path, region: str, error: type[HubError]
) -> None:
    with pytest.raises(error):
        ingest(
            reference_db, "population", write_xlsx(tmp_path / "p.xlsx", ROWS), IngestOptions(options={"region": region})
        )
    assert snapshot(reference_db) == []


@pytest.mark.slow
def test_totals_without_ages_load_and_need_refuses_them(
    reference_db: Engine, shared_data: Path, tmp_path: Path
) -> None:
    """Population by sex and kelurahan over three years (no umur), summed here from the real Samarinda file."""
    workbook = openpyxl.load_workbook(shared_data / SAMARINDA, read_only=True)
    rows = [row for row in workbook["Data"].iter_rows(values_only=True) if row[0] is not None]
    workbook.close()
    header = [str(h).strip().lower() for h in rows[0]]
    at = {name: header.index(name) for name in ("tahun", "kecamatan", "kelurahan", "kelamin", "jumlah")}
    totals: dict[tuple[object, ...], int] = defaultdict(int)
    for row in rows[1:]:
        key = tuple(row[at[name]] for name in ("tahun", "kecamatan", "kelurahan", "kelamin"))
        totals[key] += int(row[at["jumlah"]])
    path = tmp_path / "penduduk_kelurahan.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["tahun", "kecamatan", "kelurahan", "kelamin", "jumlah"])
        writer.writerows([*key, count] for key, count in totals.items())

    summary = ingest(reference_db, "population", path, OPTIONS)

    assert (summary.status, summary.rows_loaded) == ("succeeded", len(totals))
    with Session(reference_db) as session:
        stored = session.exec(select(func.sum(PopulationCount.count)).where(PopulationCount.year == 2024)).one()
        assert stored == sum(c for key, c in totals.items() if int(key[0]) == 2024)
        with pytest.raises(BadInput, match="totals without ages"):
            run_sync(session, need_plan("64.72", 2024, tolerance_pct=10))
