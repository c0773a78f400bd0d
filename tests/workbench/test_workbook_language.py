"""The mapping workbook in the default language, Bahasa Indonesia: sheet, headers and status words
are Indonesian, and the links connector reads them back (the English workbook: test_links_workbook)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from sqlalchemy import Engine

from hub.core.vocabulary import WORKBOOK_COLUMNS, WORKBOOK_COLUMNS_ID
from hub.ingest import IngestOptions, ingest
from tests.workbench.test_links_workbook import _export, _seed, links


def test_the_indonesian_workbook_round_trips(nomenclature_db: Engine, tmp_path: Path) -> None:
    """Default language: Indonesian sheet, headers and status words; the connector reads them back."""
    _seed(nomenclature_db, tmp_path)
    path = _export(nomenclature_db, tmp_path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames[:2] == ["Pemetaan", "Layanan"]
    sheet = workbook["Pemetaan"]
    header = [cell.value for cell in sheet[1]]
    assert header[:9] == [WORKBOOK_COLUMNS_ID[name] for name in WORKBOOK_COLUMNS]
    formulas = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert '"diusulkan,disetujui,ditolak"' in formulas
    column = {name: header.index(name) + 1 for name in header}
    statuses = {sheet.cell(n, column["status"]).value for n in range(2, sheet.max_row + 1)} - {None}
    assert "diusulkan" in statuses and statuses <= {"diusulkan", "disetujui", "ditolak"}
    for number in range(2, sheet.max_row + 1):
        if sheet.cell(number, column["kode_sub_kegiatan"]).value == "1.01.02.2.01.0001":
            sheet.cell(number, column["status"]).value = "Disetujui"
            sheet.cell(number, column["catatan"]).value = "diperiksa"
            approved = sheet.cell(number, column["id_tautan"]).value
    workbook.save(tmp_path / "diedit.xlsx")
    summary = ingest(nomenclature_db, "links", tmp_path / "diedit.xlsx", IngestOptions(actor="kasubbid"))
    assert summary.rows_loaded == 1
    assert links(nomenclature_db)[approved][1:3] == ("approved", "diperiksa")
