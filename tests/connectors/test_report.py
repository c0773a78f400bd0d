"""A report that leads with what blocks: the real Buru Rekap 5 with 7,153 warnings (sub kegiatan codes
the test edition lacks) and one bad amount on its last line; the error comes first, grouped by rule
with its count and rows, in the CLI, `spm-hub runs --run N`, GraphQL `IngestRun.report` and the export."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from hub.cli import app
from hub.models import IngestRun
from tests.connectors import helpers
from tests.connectors.test_budget import BURU, budget_db, budget_store
from tests.schema.conftest import Gql, gql

__all__ = ["budget_db", "budget_store", "gql"]
REKAP5 = "budget/sipd_kab_buru_rekap5_murni_2025.xlsx"


@pytest.fixture
def cli(budget_db: Engine, cli_runner: CliRunner) -> CliRunner:
    return cli_runner


def _one_bad_amount(shared_data: Path, path: Path) -> int:
    workbook = openpyxl.load_workbook(shared_data / REKAP5, read_only=True)
    rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    workbook.close()
    rows[-1][rows[0].index("PAGU")] = "12.5x"
    helpers.write_xlsx(path, {"Sheet 1": rows})
    return len(rows)  # the sheet row of the bad line


@pytest.mark.slow
def test_errors_lead_the_report(cli: CliRunner, budget_db: Engine, shared_data: Path, tmp_path: Path, gql: Gql) -> None:
    path = tmp_path / "rekap5.xlsx"
    bad_row = _one_bad_amount(shared_data, path)
    args = ["ingest", "budget", str(path), *(f"-o{k}={v}" for k, v in BURU.items())]

    result = cli.invoke(app, args)

    assert result.exit_code == 1
    output = result.output
    assert "1 error(s) in 1 of 7153 rows" in output
    table = output[output.index("Issues by rule") :]
    assert table.index("ERROR") < table.index("WARNING")
    assert f"row {bad_row}" in output and "7,150" in output  # every warning counted (not the 10,000 kept), none listed
    with Session(budget_db) as session:
        run = session.exec(select(IngestRun).order_by(IngestRun.id.desc())).first()
    assert run is not None and run.status == "failed"
    first = run.report_groups[0]
    assert (first["severity"], first["count"], first["first_rows"]) == ("error", 1, [bad_row])
    assert run.report_groups[1]["severity"] == "warning" and run.report_groups[1]["count"] == 7150
    assert run.report[0]["severity"] == "error" and run.report[0]["row"] == bad_row

    shown = cli.invoke(app, ["runs", "--run", str(run.id)])
    assert shown.exit_code == 0 and shown.output.index("ERROR") < shown.output.index("WARNING")
    exported = tmp_path / "issues.csv"
    assert cli.invoke(app, ["runs", "--run", str(run.id), "--export", str(exported)]).exit_code == 0
    with exported.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["severity"] == "error" and rows[0]["row"] == str(bad_row) and len(rows) == len(run.report)
    assert cli.invoke(app, ["runs", "--run", str(run.id), "--export", str(tmp_path / "i.xlsx")]).exit_code == 0

    data = gql("{ ingestRuns(first: 1) { nodes { id report { severity rule column count firstRows rowRanges } } } }")
    report = data["ingestRuns"]["nodes"][0]["report"]
    assert report[0]["severity"] == "error" and report[0]["firstRows"] == [bad_row]
    assert report[1]["rowRanges"] == "5-7154" and report[1]["count"] == 7150


def test_report_groups_rows_into_ranges() -> None:
    from hub.core.errors import RowIssue
    from hub.ingest.report import group_issues

    issues = [
        RowIssue(row=r, column="x", value=None, rule=f"duplicates row {r - 1}", severity="warning")
        for r in (2, 3, 4, 9)
    ]
    issues.append(RowIssue(row=7, column="y", value=None, rule="bad", severity="error"))
    (error, warning) = group_issues(issues)
    assert (error.severity, error.count, error.ranges_text) == ("error", 1, "7")
    assert (warning.rule, warning.count, warning.first_rows, warning.ranges_text) == (
        "duplicates row N",
        4,
        [2, 3, 4, 9],
        "2-4, 9",
    )
