"""Streamed CSV/XLSX downloads use the list's filters and ordering."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from tests.factories import make_line, make_run

AMOUNTS = {"53.02": ["10.50", "=1+2", "300.00"], "53.03": ["7.00"]}


def load(engine: Engine) -> None:
    with Session(engine) as session:
        run = make_run(session)
        for region, amounts in AMOUNTS.items():
            for index, amount in enumerate(a for a in amounts if not a.startswith("=")):
                make_line(session, run, region, f"1.02.02.2.01.000{index}", amount)
        session.commit()


def test_csv_export_with_filters_and_order(reference_db: Engine, client: TestClient) -> None:
    load(reference_db)
    response = client.get("/export/budget-lines.csv?regionCode=53.02&fiscalYear=2025&order=planned_amount:desc")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    expected = sorted((Decimal(a) for a in AMOUNTS["53.02"] if not a.startswith("=")), reverse=True)
    assert [Decimal(r["planned_amount"]) for r in rows] == expected
    assert {r["region_code"] for r in rows} == {"53.02"}


def test_xlsx_export_and_bad_parameters(reference_db: Engine, client: TestClient) -> None:
    load(reference_db)
    response = client.get("/export/regions.xlsx?codePrefix=53")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "code" and len(rows) == 1 + 23  # NTT and its 22 kabupaten/kota
    bad = client.get("/export/budget-lines.csv?fiscalYear=soon")
    assert (bad.status_code, bad.json()["code"]) == (400, "BAD_INPUT")
    assert client.get("/export/nothing.csv").status_code == 404
