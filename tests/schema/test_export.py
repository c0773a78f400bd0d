"""Streamed CSV/XLSX downloads use the list's filters, ordering and read permission, and never hand a
spreadsheet a formula to run."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from hub import models
from hub.access import tokens
from hub.api.export import _copied, _copy_statement, _csv, _rows, cell
from hub.db.engine import make_async_engine
from hub.listing import DATASETS
from tests.factories import make_edition, make_line, make_link, make_node_path, make_report, make_run

AMOUNTS = {"53.02": ["10.50", "=1+2", "300.00"], "53.03": ["7.00"]}


def load(engine: Engine) -> None:
    with Session(engine) as session:
        run = make_run(session)
        for region, amounts in AMOUNTS.items():
            for index, amount in enumerate(a for a in amounts if not a.startswith("=")):
                make_line(session, run, region, f"1.02.02.2.01.000{index}", amount)
        session.commit()


def test_csv_export_with_filters_and_order(reference_db: Engine, ministry_client: TestClient) -> None:
    load(reference_db)
    url = "/export/budget-lines.csv?regionCode=53.02&fiscalYear=2025&order=planned_amount:desc"
    response = ministry_client.get(url)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    expected = sorted((Decimal(a) for a in AMOUNTS["53.02"] if not a.startswith("=")), reverse=True)
    assert [Decimal(r["planned_amount"]) for r in rows] == expected
    assert {r["region_code"] for r in rows} == {"53.02"}


def test_xlsx_export_and_bad_parameters(reference_db: Engine, ministry_client: TestClient) -> None:
    load(reference_db)
    client = ministry_client
    response = client.get("/export/regions.xlsx?codePrefix=53")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Kode" and len(rows) == 1 + 23  # NTT and its 22 kabupaten/kota (labels in Indonesian)
    bad = client.get("/export/budget-lines.csv?fiscalYear=soon")
    assert (bad.status_code, bad.json()["errors"][0]["extensions"]["code"]) == (400, "BAD_INPUT")
    assert client.get("/export/nothing.csv").status_code == 404


def test_exports_follow_the_read_policy_and_neutralise_formulas(
    reference_db: Engine, client: TestClient, engine: Engine
) -> None:
    load(reference_db)
    with Session(reference_db) as session:
        run = make_run(session)
        hidden = make_report(session, run, "53.02", "KES.KAB.01", targeted=10, served=5)
        shown = make_report(session, run, "53.03", "KES.KAB.01", targeted=10, served=7)
        shown.published, shown.problems = True, '=HYPERLINK("http://x")'
        session.commit()
        ids = {hidden.id, shown.id}
    refused = client.get("/export/budget-lines.csv")
    assert (refused.status_code, refused.json()["errors"][0]["extensions"]["code"]) == (401, "UNAUTHENTICATED")
    public = list(csv.DictReader(io.StringIO(client.get("/export/achievement-reports.csv").text)))
    assert [(r["region_code"], r["problems"]) for r in public] == [("53.03", '\'=HYPERLINK("http://x")')]
    with Session(engine) as session:
        secret = tokens.create_token(session, name="Kab TTS", role="region", region_code="53.02")[1]
        session.commit()
    own = client.get("/export/achievement-reports.csv", headers={"Authorization": f"Bearer {secret}"})
    assert {int(r["id"]) for r in csv.DictReader(io.StringIO(own.text))} == ids


async def _both_ways(url: str) -> list[tuple[str, str, str]]:
    engine = make_async_engine(url)
    try:
        out = []
        for name, dataset in DATASETS.items():
            table = dataset.model.__table__  # type: ignore[attr-defined]
            statement = dataset.statement(dataset.filter_type())  # ordered by its key
            copy = _copy_statement(table, statement, engine.dialect)
            if copy is None:
                continue  # JSON columns: always the Python writer
            copied = b"".join([block async for block in _copied(engine, *copy)]).decode()
            header = [column.name for column in table.columns]
            written = "".join([text async for text in _csv(header, _rows(engine, statement, cell))])
            out.append((name, copied, written))
        return out
    finally:
        await engine.dispose()


def test_postgresql_copy_writes_the_bytes_the_python_writer_writes(reference_db: Engine, database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("COPY TO is PostgreSQL's")
    with Session(reference_db) as session:
        run = make_run(session)
        tricky = ['a,"b"\nc', "=cmd|x", "", "-5", "plain", " lead", "\tx", "@SUM(A1)", "semi;colon"]
        for index, text in enumerate(tricky):
            line = make_line(session, run, "53.02", f"1.02.02.2.01.000{index}", f"{index}.5{index % 3}")
            line.package_name, line.agency_name, line.sub_activity_known = text, None, index % 2 == 0
        node = make_node_path(session, make_edition(session), "1.02.02.2.01.0001")
        for index, stamp in enumerate(
            (datetime(2025, 1, 31, 8, 0, tzinfo=UTC), datetime(2025, 2, 1, 23, 59, 59, 5, tzinfo=UTC))
        ):
            link = make_link(session, ("DIK.KAB.01", "DIK.KAB.02")[index], node)
            link.proposed_at, link.reviewed_at, link.note = stamp, None if index else stamp, tricky[index]
        make_report(session, run, "53.02", "KES.KAB.01", targeted=10, served=5).problems = "=1+2"
        session.commit()
    compared = asyncio.run(_both_ways(database_url))
    assert {name for name, _, _ in compared} >= {"budget-lines", "service-links", "regions", "achievement-reports"}
    for name, copied, written in compared:
        assert copied == written, name


def test_xlsx_is_spreadsheet_grade(reference_db: Engine, ministry_client: TestClient) -> None:
    """Frozen filtered header, widths, rupiah format, names beside codes, Ya/Tidak; CSV stays machine-shaped."""
    with Session(reference_db) as session:
        run = make_run(session)
        session.add_all(
            [
                models.FundingSource(code="2.2.01", name="DAU", level=3),
                models.NomenclatureEdition(id=901, code="E-1", name="edisi"),
                models.NomenclatureNode(edition_id=901, code="1.02.02.2.01.0000", name="Pelayanan Kesehatan", level=5),
            ]
        )
        make_line(session, run, "53.02", "1.02.02.2.01.0000", "1078983576660.50", funding="2.2.01", known=False)
        session.commit()
    response = ministry_client.get("/export/budget-lines.xlsx?regionCode=53.02")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c for c in sheet[2]], strict=True))
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}2"
    assert header.index("Sub kegiatan") == header.index("Kode sub kegiatan") + 1
    assert header.index("Sumber dana") == header.index("Kode sumber dana") + 1
    assert header.index("Wilayah") == header.index("Kode wilayah") + 1
    assert row["Sub kegiatan"].value == "Pelayanan Kesehatan" and row["Sumber dana"].value == "DAU"
    assert row["Wilayah"].value == "Kabupaten Timor Tengah Selatan"
    assert row["Pagu"].value == 1078983576660.5 and "Rp" in row["Pagu"].number_format
    assert row["Sub kegiatan dikenal"].value == "Tidak"
    widths = {letter: dimension.width for letter, dimension in sheet.column_dimensions.items()}
    assert widths[row["Sub kegiatan"].column_letter] >= 40
    csv_header = ministry_client.get("/export/budget-lines.csv?regionCode=53.02").text.splitlines()[0]
    assert csv_header.startswith("id,region_code,fiscal_year") and "Ya" not in csv_header
