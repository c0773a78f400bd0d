"""Nomenclature connector on small files: clean load, reload, corrected reload and bad files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from hub.core.errors import BadInput, ErrorCode, ValidationFailed
from hub.ingest import IngestOptions, ingest
from hub.models import NomenclatureChange, NomenclatureEdition, NomenclatureNode
from tests.connectors import helpers

HEADER = [
    "JENIS PEMDA",
    "BIDANG",
    "PROGRAM",
    "KEGIATAN",
    "SUBKEGIATAN",
    "KINERJA",
    "INDIKATOR",
    "SATUAN",
    "TAG",
    "DEFINISI OPERASIONAL",
    "PELAKSANA",
    "SPM",
    "JENIS",
    "SUBKEGIATAN SEBELUMNYA",
]
BIDANG = "1.02 URUSAN PEMERINTAHAN BIDANG KESEHATAN"
PROGRAM = "1.02.02 PROGRAM PEMENUHAN UPAYA KESEHATAN"
KEG_KAB = "1.02.02.2.02 Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Kabupaten/Kota"
KEG_PROV = "1.02.02.1.02 Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Provinsi"


def row(
    pemda: str, kegiatan: str, sub: str, *, spm: str = "SPM", unit: str = "Orang ", pred: str | None = None
) -> list[Any]:
    return [
        pemda,
        BIDANG,
        PROGRAM,
        kegiatan,
        sub,
        "Terkelolanya " + sub[18:],
        "Jumlah " + sub[18:],
        unit,
        '["KESPRO"]',
        None,
        None,
        spm,
        "Layanan",
        pred,
    ]


GOOD = [
    row("KABKOT", KEG_KAB, "1.02.02.2.02.0001 Pengelolaan Pelayanan Kesehatan Ibu Hamil"),
    row("KABKOT", KEG_KAB, "1.02.02.2.02.0002 Pengelolaan Pelayanan Kesehatan Ibu Bersalin"),
    row(
        "KABKOT",
        KEG_KAB,
        "1.02.02.2.02.0003 Pengelolaan Pelayanan Kesehatan\n\nBayi Baru Lahir",
        unit="Dokumen  ",
    ),
    row("PROV", KEG_PROV, "1.02.02.1.02.0001 Pengelolaan Pelayanan Kesehatan bagi Penduduk Terdampak Krisis"),
]


def write_xlsx(path: Path, rows: list[list[Any]], *, header: list[str] = HEADER, sheet: str = "Worksheet") -> Path:
    return helpers.write_xlsx(path, {sheet: [header, *rows]})


def load(engine: Engine, path: Path, edition: str = "E1", **options: str) -> Any:
    return ingest(engine, "nomenclature", path, IngestOptions(options={"edition": edition, **options}))


def nodes(engine: Engine, edition: str = "E1") -> dict[tuple[str | None, str], NomenclatureNode]:
    with Session(engine) as session:
        found = session.exec(
            select(NomenclatureNode).join(NomenclatureEdition).where(NomenclatureEdition.code == edition)
        ).all()
    return {(n.government_level, n.code): n for n in found}


def test_clean_load_builds_the_hierarchy(clean_db: Engine, tmp_path: Path) -> None:
    summary = load(clean_db, write_xlsx(tmp_path / "n.xlsx", GOOD), name="Test", fiscal_year="2027")
    found = nodes(clean_db)
    assert summary.status == "succeeded"
    assert sorted(code for _, code in found) == [
        "1",
        "1.02",
        "1.02.02",
        "1.02.02.1.02",
        "1.02.02.1.02.0001",
        "1.02.02.2.02",
        "1.02.02.2.02.0001",
        "1.02.02.2.02.0002",
        "1.02.02.2.02.0003",
    ]
    bayi = found[("KABKOT", "1.02.02.2.02.0003")]
    kegiatan = found[("KABKOT", "1.02.02.2.02")]
    assert bayi.name == "Pengelolaan Pelayanan Kesehatan Bayi Baru Lahir" and bayi.unit == "Dokumen"
    assert bayi.parent_id == kegiatan.id and kegiatan.parent_id == found[(None, "1.02.02")].id
    assert bayi.spm_flag is True and bayi.tags == "KESPRO" and bayi.kind == "Layanan" and bayi.level == 5
    assert found[(None, "1")].name.startswith("Urusan Pemerintahan Wajib")


def test_reload_unchanged_and_corrected_reload_keeps_node_ids(clean_db: Engine, tmp_path: Path) -> None:
    load(clean_db, write_xlsx(tmp_path / "n.xlsx", GOOD))
    before = {key: node.id for key, node in nodes(clean_db).items()}
    assert load(clean_db, tmp_path / "n.xlsx").status == "unchanged"
    corrected = [list(r) for r in GOOD[:3]]
    corrected[0][4] = "1.02.02.2.02.0001 Pengelolaan Pelayanan Kesehatan Ibu Hamil Sesuai Standar"
    corrected[1][11] = "NON-SPM"
    summary = load(clean_db, write_xlsx(tmp_path / "n2.xlsx", corrected))
    after = nodes(clean_db)
    assert summary.status == "succeeded"
    assert all(after[key].id == before[key] for key in after)
    assert after[("KABKOT", "1.02.02.2.02.0001")].name.endswith("Sesuai Standar")
    assert after[("KABKOT", "1.02.02.2.02.0002")].spm_flag is False
    assert ("PROV", "1.02.02.1.02.0001") not in after  # dropped by the corrected file (no link points at it)


def test_second_edition_records_changes(clean_db: Engine, tmp_path: Path) -> None:
    load(clean_db, write_xlsx(tmp_path / "a.xlsx", GOOD))
    newer = [list(r) for r in GOOD[1:]]
    newer[0][4] = "1.02.02.2.02.0002 Pengelolaan Pelayanan Kesehatan Ibu Bersalin dan Nifas"
    newer.append(
        row(
            "KABKOT",
            KEG_KAB,
            "1.02.02.2.02.0009 Pengelolaan Kesehatan Ibu Hamil Berisiko",
            pred="1.02.02.2.02.0001 Pengelolaan Pelayanan Kesehatan Ibu Hamil",
        )
    )
    newer.append(row("KABKOT", KEG_KAB, "1.02.02.2.02.0010 Pengelolaan Pelayanan Kesehatan Balita"))
    load(clean_db, write_xlsx(tmp_path / "b.xlsx", newer), edition="E2")
    with Session(clean_db) as session:
        changes = {(c.change, c.code): c for c in session.exec(select(NomenclatureChange)).all()}
        editions = {e.code: e for e in session.exec(select(NomenclatureEdition)).all()}
    assert set(changes) == {
        ("renamed", "1.02.02.2.02.0002"),
        ("recoded", "1.02.02.2.02.0009"),
        ("added", "1.02.02.2.02.0010"),
    }
    assert changes[("recoded", "1.02.02.2.02.0009")].previous_code == "1.02.02.2.02.0001"
    assert editions["E2"].previous_id == editions["E1"].id and len(nodes(clean_db, "E1")) == 9


def test_editions_loaded_out_of_order_record_changes_in_their_own_order(clean_db: Engine, tmp_path: Path) -> None:
    newer = [list(r) for r in GOOD[1:]]
    newer[0][4] = "1.02.02.2.02.0002 Pengelolaan Pelayanan Kesehatan Ibu Bersalin dan Nifas"
    newer.append(row("KABKOT", KEG_KAB, "1.02.02.2.02.0010 Pengelolaan Pelayanan Kesehatan Balita"))
    load(clean_db, write_xlsx(tmp_path / "b.xlsx", newer), edition="E2027", fiscal_year="2027")
    older = [list(r) for r in GOOD]
    older[2][4] = "1.02.02.2.02.0003 Pengelolaan Pelayanan Kese-\nhatan  Bayi Baru Lahir"  # a PDF artefact
    load(clean_db, write_xlsx(tmp_path / "a.xlsx", older), edition="E2024", fiscal_year="2024")
    with Session(clean_db) as session:
        editions = {e.code: e for e in session.exec(select(NomenclatureEdition)).all()}
        changes = {(c.change, c.code) for c in session.exec(select(NomenclatureChange)).all()}
        owners = {c.edition_id for c in session.exec(select(NomenclatureChange)).all()}
    assert editions["E2024"].previous_id is None and editions["E2027"].previous_id == editions["E2024"].id
    assert owners == {editions["E2027"].id}
    assert changes == {
        ("renamed", "1.02.02.2.02.0002"),
        ("removed", "1.02.02.2.02.0001"),
        ("added", "1.02.02.2.02.0010"),
    }


@pytest.mark.parametrize(
    ("case", "column"),
    [
        ("malformed", "code"),
        ("duplicate", "code"),
        ("missing_name", "name"),
        ("level_digit", "government_level"),
        ("bad_spm", "spm"),
    ],
)
def test_bad_rows_are_rejected_and_store_unchanged(clean_db: Engine, tmp_path: Path, case: str, column: str) -> None:
    rows = [list(r) for r in GOOD]
    if case == "malformed":
        rows[1][4] = "1.02.02.2.2.0002 Pengelolaan Pelayanan Kesehatan Ibu Bersalin"
    elif case == "duplicate":
        rows.append(list(rows[0]))
    elif case == "missing_name":
        rows[1][4] = "1.02.02.2.02.0002"
    elif case == "level_digit":
        rows[3][0] = "KABKOT"
    else:
        rows[1][11] = "MAYBE"
    with pytest.raises(ValidationFailed) as caught:
        load(clean_db, write_xlsx(tmp_path / "bad.xlsx", rows))
    assert caught.value.code == ErrorCode.VALIDATION_FAILED
    assert any(i.column == column and i.row is not None for i in caught.value.issues)
    assert nodes(clean_db) == {}


def _truncated(tmp_path: Path) -> Path:
    good = write_xlsx(tmp_path / "full.xlsx", GOOD)
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(good.read_bytes()[:700])
    return path


def _non_utf8(tmp_path: Path) -> Path:
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        (
            ",".join(HEADER) + "\nKABKOT,1.02 Kesehatan,1.02.02 Program,1.02.02.2.02 Kegiatan,"
            "1.02.02.2.02.0001 Pelayanan Ibu Hamil Kabupaten Wa\xe9,K,I,Orang,,,,SPM,Layanan,\n"
        ).encode("latin-1")
        + b"\x81\x8d"
    )
    return path


@pytest.mark.parametrize("case", ["missing_column", "empty", "header_only", "wrong_sheet", "truncated", "non_utf8"])
def test_bad_files_are_refused(clean_db: Engine, tmp_path: Path, case: str) -> None:
    options: dict[str, str] = {}
    if case == "missing_column":
        path = write_xlsx(tmp_path / "f.xlsx", [r[:4] + r[5:] for r in GOOD], header=HEADER[:4] + HEADER[5:])
    elif case == "empty":
        path = tmp_path / "empty.xlsx"
        path.write_bytes(b"")
    elif case == "header_only":
        path = write_xlsx(tmp_path / "f.xlsx", [])
    elif case == "wrong_sheet":
        path, options = write_xlsx(tmp_path / "f.xlsx", GOOD), {"sheet": "Sheet9"}
    elif case == "truncated":
        path = _truncated(tmp_path)
    else:
        path = _non_utf8(tmp_path)
    with pytest.raises(BadInput) as caught:
        load(clean_db, path, **options)
    assert caught.value.code == ErrorCode.BAD_INPUT
    with Session(clean_db) as session:
        assert session.exec(select(func.count()).select_from(NomenclatureNode)).one() == 0
