"""Declarative layouts: a Kepmendagri lampiran-shaped nomenclature table (built here from the real SIPD
export) loads through the shipped layout with no option, a user's layout file loads a new shape, and
a file that matches no layout is refused with the columns found and what the closest layout lacks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from connectors.layouts import build_code
from hub.core.errors import BadInput
from hub.ingest import IngestOptions, ingest
from hub.models import NomenclatureEdition, NomenclatureNode
from tests.connectors import helpers

EXPORT = "nomenclature/nomenklatur-subkegiatan-20260123005058_versi_pemutakhiran_2027_1.xlsx"
URUSAN_NAME = "URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR"
TOP = ["KODE", None, None, None, None, "NOMENKLATUR URUSAN KABUPATEN/KOTA", "KINERJA", "INDIKATOR", "SATUAN"]
SUB = ["URUSAN", "BIDANG URUSAN", "PROGRAM", "KEGIATAN", "SUB KEGIATAN", None, None, None, None]
NUMBERING = list(range(1, 10))


def _export_rows(shared_data: Path) -> tuple[list[str], list[list[Any]]]:
    """The KABKOT rows of the health bidang (1.02) and of the shared support programmes (X.XX)."""
    workbook = openpyxl.load_workbook(shared_data / EXPORT, read_only=True)
    rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    workbook.close()
    header = [str(h) for h in rows[0]]
    picked = [row for row in rows[1:] if row[0] == "KABKOT" and str(row[1]).startswith(("1.02 ", "X.XX ")) and row[4]]
    return header, picked


def _mangle(name: str, count: int) -> str:
    """What a PDF extraction does to a name: runs of spaces, line breaks, a word hyphenated across lines."""
    words = name.split()
    if count % 3 == 0 and len(words) > 1:
        words[0] += "   \n"
    if count % 4 == 0:
        long = next((i for i, w in enumerate(words) if len(w) >= 8 and w[3].islower()), None)
        if long is not None:
            words[long] = words[long][:3] + "-\n" + words[long][3:]
    return " ".join(words)


def _cells(code: str) -> list[Any]:
    """The five code cells as a spreadsheet stores them: numbers lose their zero padding, a kegiatan
    number ending in 0 becomes a float (2.10 -> 2.1), placeholders stay text."""
    parts = code.split(".")
    cells: list[Any] = [int(p) if p.isdigit() else p for p in parts[:3]]
    if len(parts) >= 5:
        kegiatan = f"{parts[3]}.{parts[4]}"
        cells.append(float(kegiatan) if kegiatan.endswith("0") else kegiatan)
    if len(parts) == 6:
        cells.append(int(parts[5]))
    return cells + [None] * (5 - len(cells))


def _lampiran(path: Path, rows: list[list[Any]], header: list[str]) -> dict[str, str]:
    """Write the lampiran table; return code -> name as the export names each node."""
    column = {name: header.index(name) for name in header}
    names: dict[str, str] = {"1": URUSAN_NAME}
    out: list[list[Any]] = [
        ["LAMPIRAN I KEPUTUSAN MENTERI DALAM NEGERI"],
        ["KLASIFIKASI, KODEFIKASI DAN NOMENKLATUR PERENCANAAN PEMBANGUNAN DAN KEUANGAN DAERAH"],
        [],
        TOP,
        SUB,
        NUMBERING,
        [*_cells("1"), URUSAN_NAME],
    ]
    for count, row in enumerate(rows):
        if count and count % 120 == 0:  # a new PDF page repeats the header
            out += [TOP, SUB, NUMBERING]
        for cell in ("BIDANG", "PROGRAM", "KEGIATAN", "SUBKEGIATAN"):
            code, _, name = " ".join(str(row[column[cell]]).split()).partition(" ")
            if code in names:
                continue
            names[code] = name
            facts = (
                [row[column["KINERJA"]], row[column["INDIKATOR"]], row[column["SATUAN"]]]
                if cell == "SUBKEGIATAN"
                else []
            )
            out.append([*_cells(code), _mangle(name, count), *facts])
    helpers.write_xlsx(path, {"Lampiran": out})
    return names


def _nodes(engine: Engine, edition: str) -> dict[str, tuple[str, int]]:
    with Session(engine) as session:
        found = session.exec(
            select(NomenclatureNode.code, NomenclatureNode.name, NomenclatureNode.level)
            .join(NomenclatureEdition)
            .where(NomenclatureEdition.code == edition)
        ).all()
    return {code: (name, level) for code, name, level in found}


def test_lampiran_table_loads_through_the_shipped_layout(clean_db: Engine, shared_data: Path, tmp_path: Path) -> None:
    header, rows = _export_rows(shared_data)
    names = _lampiran(tmp_path / "lampiran.xlsx", rows, header)

    summary = ingest(clean_db, "nomenclature", tmp_path / "lampiran.xlsx", IngestOptions(options={"edition": "LAMP"}))

    assert summary.status == "succeeded", [i.describe() for i in summary.warnings[:5]]
    stored = _nodes(clean_db, "LAMP")
    assert {code: name for code, (name, _) in stored.items() if code != "X"} == names  # X: derived, named by the hub
    assert stored["1.02.02.2.02.0001"][1] == 5 and stored["X.XX.01.2.01"][1] == 4
    skipped = [w for w in summary.warnings if w.rule.startswith("row skipped")]
    assert skipped and all("header" in w.rule or "numbers the columns" in w.rule for w in skipped)
    helpers.write_xlsx(tmp_path / "export.xlsx", {"Worksheet": [header, *rows]})
    ingest(clean_db, "nomenclature", tmp_path / "export.xlsx", IngestOptions(options={"edition": "SIPD"}))
    export = _nodes(clean_db, "SIPD")
    assert {c: v for c, v in export.items() if v[1] >= 2} == {c: v for c, v in stored.items() if v[1] >= 2}


def test_user_layout_file_loads_a_new_shape(clean_db: Engine, tmp_path: Path) -> None:
    layout = tmp_path / "daftar.toml"
    layout.write_text(
        'name = "daftar_kab"\nconnector = "nomenclature"\nheader_row = 2\n'
        "[columns]\n"
        'code = { aliases = ["Kode Sub Kegiatan"] }\n'
        'name = { aliases = ["Uraian Sub Kegiatan"], clean = true }\n',
        encoding="utf-8",
    )
    path = helpers.write_xlsx(
        tmp_path / "daftar.xlsx",
        {
            "Daftar": [
                ["Daftar sub kegiatan Kab. Contoh"],
                ["No", "Kode Sub Kegiatan", "Uraian Sub Kegiatan"],
                [1, "1.02.02.2.02.0001", "Pengelolaan  Pelayanan\nKesehatan Ibu Hamil"],
                [2, "1.02.02.2.02.0002", "Pengelolaan Pelayanan Kesehatan Ibu Ber-\nsalin"],
            ]
        },
    )
    with pytest.raises(BadInput, match=r"matches no nomenclature layout.*Kode Sub Kegiatan"):
        ingest(clean_db, "nomenclature", path, IngestOptions(options={"edition": "D"}))
    summary = ingest(clean_db, "nomenclature", path, IngestOptions(options={"edition": "D", "layout": str(layout)}))
    assert summary.status == "succeeded"
    stored = _nodes(clean_db, "D")
    assert stored["1.02.02.2.02.0002"] == ("Pengelolaan Pelayanan Kesehatan Ibu Bersalin", 5)
    assert stored["1.02.02.2.02.0001"][0] == "Pengelolaan Pelayanan Kesehatan Ibu Hamil"


def test_unmatched_file_names_the_closest_layout_and_its_missing_columns(tmp_path: Path, clean_db: Engine) -> None:
    path = helpers.write_xlsx(
        tmp_path / "x.xlsx", {"S": [["URUSAN", "BIDANG URUSAN", "PROGRAM", "Nama"], [1, 2, 2, "x"]]}
    )
    with pytest.raises(BadInput) as caught:
        ingest(clean_db, "nomenclature", path, IngestOptions(options={"edition": "E"}))
    message = caught.value.message
    assert "columns found: ['URUSAN', 'BIDANG URUSAN', 'PROGRAM', 'Nama']" in message
    assert "kepmendagri_lampiran, lacks" in message and "KEGIATAN" in message


@pytest.mark.parametrize(
    ("cells", "code"),
    [
        ([1, 2, 2, "2.02", 1], "1.02.02.2.02.0001"),
        ([1, 2, 2, 2.1, 15], "1.02.02.2.10.0015"),
        (["X", "XX", 1, "2.01", 3], "X.XX.01.2.01.0003"),
        (["1", "1.02", "1.02.02", None, None], "1.02.02"),
        ([2, 15, None, "2.01", 1], "2.15"),
    ],
)
def test_codes_built_from_cells(cells: list[Any], code: str) -> None:
    assert build_code(cells, [1, 2, 2, "1.2", 4], frozenset({"X", "XX"})) == code
