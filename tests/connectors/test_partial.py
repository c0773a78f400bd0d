"""Partial loads that cannot mislead, on the first 300 lines of the real Buru Rekap 5: --allow-partial
says how many rows and rupiah it kept, refuses a load that would keep nothing of value, never
quarantines the same rows twice, and `spm-hub quarantine list|export|retry` work."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select
from typer.testing import CliRunner

from hub.cli import app
from hub.core.errors import ValidationFailed
from hub.ingest import IngestOptions, ingest
from hub.models import BudgetLine, QuarantinedRow
from tests.connectors import helpers
from tests.connectors.test_budget import BURU, budget_db, budget_store

__all__ = ["budget_db", "budget_store"]
REKAP5 = "budget/sipd_kab_buru_rekap5_murni_2025.xlsx"


@pytest.fixture
def cli(budget_db: Engine, cli_runner: CliRunner) -> CliRunner:
    return cli_runner


def _rows(shared_data: Path) -> list[list[Any]]:
    workbook = openpyxl.load_workbook(shared_data / REKAP5, read_only=True)
    rows = [list(row) for _, row in zip(range(301), workbook.worksheets[0].iter_rows(values_only=True), strict=False)]
    workbook.close()
    return rows


def _pagu(row: list[Any], header: list[Any]) -> Decimal:
    value = row[header.index("PAGU")]
    return Decimal(str(value)) if value not in (None, "") else Decimal(0)


def _invoke(cli: CliRunner, *args: str) -> Any:
    return cli.invoke(app, list(args))


def _stored(engine: Engine) -> tuple[int, Decimal, int]:
    with Session(engine) as session:
        lines, total = session.exec(select(func.count(), func.sum(BudgetLine.planned_amount))).one()
        quarantined = session.exec(select(func.count()).select_from(QuarantinedRow)).one()
    return lines, Decimal(total or 0), quarantined


@pytest.mark.slow
@pytest.mark.usefixtures("english")  # the CLI's English output ("Run N: ...") is parsed below
def test_partial_load_says_what_it_kept_and_quarantine_works(
    cli: CliRunner, budget_db: Engine, shared_data: Path, tmp_path: Path
) -> None:
    rows = _rows(shared_data)
    header = rows[0]
    money = [i for i, row in enumerate(rows[1:], start=1) if _pagu(row, header)]
    bad = money[:3]
    for i in bad:
        rows[i][header.index("PAGU")] = f"{rows[i][header.index('PAGU')]}x"
    path = helpers.write_xlsx(tmp_path / "rekap5.xlsx", {"Sheet 1": rows})
    total = sum((_pagu(row, header) for i, row in enumerate(rows[1:], start=1) if i not in bad), Decimal(0))
    options = [f"-o{k}={v}" for k, v in BURU.items()]

    loaded = _invoke(cli, "ingest", "budget", str(path), *options, "--allow-partial")

    assert loaded.exit_code == 0, loaded.output
    assert f"PARTIAL LOAD: kept 297 of 300 rows and Rp {total:,.2f}" in " ".join(loaded.output.split())
    assert _stored(budget_db) == (297, total, 3)
    run = loaded.output.split("Run ")[1].split(":")[0]

    again = _invoke(cli, "ingest", "budget", str(path), *options, "--allow-partial")
    retried = _invoke(cli, "quarantine", "retry", run)
    assert again.exit_code == 0 and retried.exit_code == 0, retried.output
    assert _stored(budget_db) == (297, total, 3)  # the retry replaced the quarantine, not doubled it

    new_run = retried.output.split("is run ")[1].split(":")[0]
    listed = _invoke(cli, "quarantine", "list", new_run)
    assert listed.exit_code == 0 and "3 quarantined row(s)" in listed.output
    exported = tmp_path / "q.csv"
    assert _invoke(cli, "quarantine", "export", new_run, str(exported)).exit_code == 0
    with exported.open(encoding="utf-8-sig") as handle:
        sheet = list(csv.DictReader(handle))
    assert [int(r["row"]) for r in sheet] == [i + 1 for i in bad] and all("PAGU" in r["errors"] for r in sheet)

    for i in bad:
        rows[i][header.index("PAGU")] = rows[i][header.index("PAGU")].rstrip("x")
    fixed = helpers.write_xlsx(tmp_path / "rekap5_fixed.xlsx", {"Sheet 1": rows})
    corrected = _invoke(cli, "quarantine", "retry", new_run, "--path", str(fixed))
    assert corrected.exit_code == 0, corrected.output
    lines, stored_total, _ = _stored(budget_db)
    assert (lines, stored_total) == (300, sum((_pagu(row, header) for row in rows[1:]), Decimal(0)))


@pytest.mark.slow
def test_partial_load_that_keeps_no_money_is_refused(
    cli: CliRunner, budget_db: Engine, shared_data: Path, tmp_path: Path
) -> None:
    rows = _rows(shared_data)
    header = rows[0]
    account = header.index("KODE REKENING")
    for row in rows[1:]:
        if row[account]:
            row[account] = row[account].replace(".0", ".")  # 5.1.02.01.01.0024 -> a shape no chart edition has
    path = helpers.write_xlsx(tmp_path / "rekap5.xlsx", {"Sheet 1": rows})

    result = _invoke(cli, "ingest", "budget", str(path), *(f"-o{k}={v}" for k, v in BURU.items()), "--allow-partial")

    assert result.exit_code == 1
    assert "nothing of value would be kept" in " ".join(result.output.split())
    assert _stored(budget_db) == (0, Decimal(0), 0)


@pytest.mark.slow
def test_a_line_repeated_word_for_word_is_an_error_naming_both_rows(
    budget_db: Engine, shared_data: Path, tmp_path: Path
) -> None:
    rows = _rows(shared_data)
    header = rows[0]
    money = next(i for i, row in enumerate(rows[1:], start=1) if _pagu(row, header))
    rows.append([len(rows), *rows[money][1:]])  # the same line again (only NO differs)
    empty = [None] * len(header)
    empty[header.index("TAHUN")], empty[header.index("KODE SUB UNIT")] = 2025, rows[1][header.index("KODE SUB UNIT")]
    rows.append(empty)  # a kegiatan with nothing budgeted: no sub kegiatan, no PAGU
    path = helpers.write_xlsx(tmp_path / "rekap5.xlsx", {"Sheet 1": rows})

    with pytest.raises(ValidationFailed) as caught:
        ingest(budget_db, "budget", path, IngestOptions(options=BURU))
    (error,) = [i for i in caught.value.issues if i.severity == "error"]
    assert (error.row, error.column) == (len(rows) - 1, "planned_amount")
    assert f"repeats row {money + 1} word for word" in error.rule

    summary = ingest(budget_db, "budget", path, IngestOptions(options=BURU, allow_partial=True))
    assert (summary.status, summary.rows_loaded, summary.rows_rejected) == ("partial", 300, 1)
    assert _stored(budget_db)[1:] == (sum((_pagu(row, header) for row in rows[1:301]), Decimal(0)), 1)
    skipped = [w for w in summary.warnings if w.rule.startswith("row skipped: no sub kegiatan")]
    assert [w.row for w in skipped] == [len(rows)]
