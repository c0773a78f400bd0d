"""Mappings: CSV import with its validation, and the workbook round trip (export, edit with
openpyxl, re-import changes exactly the edited links; bad workbooks change nothing)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from hub.core.errors import BadInput, ValidationFailed
from hub.ingest import IngestOptions, ingest
from hub.models import LinkEvent, NomenclatureEdition, NomenclatureNode, ServiceLink
from hub.workbench.workbook import export_workbook
from tests.workbench.conftest import EDITION

CSV_HEADER = "service_code,sub_activity_code,edition,status,note\n"
# These tests pin the English workbook (SPM_HUB_LANG=en): files exported before the hub spoke Indonesian
# still import. The default Indonesian workbook: test_workbook_language.py.
pytestmark = pytest.mark.usefixtures("english")


def links(engine: Engine) -> dict[int, tuple[str, str, str | None, int]]:
    with Session(engine) as session:
        return {
            link.id: (link.service_code, link.status, link.note, link.node_id)  # type: ignore[misc]
            for link in session.exec(select(ServiceLink))
        }


def events(engine: Engine) -> list[tuple[int, str, str | None, str]]:
    with Session(engine) as session:
        return [
            (e.link_id, e.action, e.status_from, e.status_to)
            for e in session.exec(select(LinkEvent).order_by(LinkEvent.id))
        ]  # type: ignore[arg-type]


def load_csv(engine: Engine, tmp_path: Path, body: str, name: str = "map.csv") -> None:
    path = tmp_path / name
    path.write_text(CSV_HEADER + body, encoding="utf-8")
    ingest(engine, "links", path, IngestOptions(actor="bappeda"))


def test_csv_import_creates_links_and_events(nomenclature_db: Engine, tmp_path: Path) -> None:
    load_csv(
        nomenclature_db,
        tmp_path,
        f"DIK.KAB.02,1.01.02.2.01.0001,{EDITION},approved,SD dan SMP\nDIK.KAB.01,1.01.02.2.02.0001,{EDITION},,\n",
    )
    stored = sorted(links(nomenclature_db).values())
    assert [(s, st, n) for s, st, n, _ in stored] == [
        ("DIK.KAB.01", "proposed", None),
        ("DIK.KAB.02", "approved", "SD dan SMP"),
    ]
    assert [e[1:] for e in events(nomenclature_db)] == [("imported", None, "approved"), ("imported", None, "proposed")]
    load_csv(nomenclature_db, tmp_path, f"DIK.KAB.01,1.01.02.2.02.0001,{EDITION},rejected,bukan PAUD\n", "b.csv")
    assert sorted(links(nomenclature_db).values())[0][:3] == ("DIK.KAB.01", "rejected", "bukan PAUD")
    assert events(nomenclature_db)[-1][1:] == ("rejected", "proposed", "rejected")
    assert len(links(nomenclature_db)) == 2


@pytest.mark.parametrize(
    ("row", "hint"),
    [
        (f"DIK.KAB.09,1.01.02.2.01.0001,{EDITION},proposed,", "no SPM service"),
        (f"DIK.KAB.02,1.01.02.2.01.0777,{EDITION},proposed,", "has no such code"),
        ("DIK.KAB.02,1.01.02.2.01.0001,OLD-2019,proposed,", "no nomenclature edition"),
        (f"DIK.PROV.01,1.01.02.2.01.0001,{EDITION},proposed,", "is a PROV service"),
        (f"DIK.KAB.02,1.01.02.2.01.0001,{EDITION},maybe,", "proposed, approved or rejected"),
        (
            f"DIK.KAB.02,1.01.02.2.01.0001,{EDITION},proposed,\nDIK.KAB.02,1.01.02.2.01.0001,{EDITION},approved,",
            "duplicates row 2",
        ),
    ],
)
def test_bad_mapping_rows_are_refused(nomenclature_db: Engine, tmp_path: Path, row: str, hint: str) -> None:
    with pytest.raises(ValidationFailed) as raised:
        load_csv(nomenclature_db, tmp_path, row + "\n")
    assert any(hint in issue.describe() for issue in raised.value.issues), raised.value.issues
    assert links(nomenclature_db) == {}


def _seed(engine: Engine, tmp_path: Path) -> None:
    load_csv(
        engine,
        tmp_path,
        f"DIK.KAB.02,1.01.02.2.01.0001,{EDITION},proposed,\n"
        f"DIK.KAB.01,1.01.02.2.01.0002,{EDITION},proposed,\n"
        f"DIK.PROV.01,1.01.02.1.01.0003,{EDITION},approved,\n",
        "seed.csv",
    )


def _export(engine: Engine, tmp_path: Path) -> Path:
    path = tmp_path / "dik.xlsx"
    with Session(engine) as session:
        assert export_workbook(session, EDITION, "DIK", path) == 4  # three linked + one unlinked SPM row
    return path


def _rows(path: Path) -> tuple[openpyxl.Workbook, list[str]]:
    workbook = openpyxl.load_workbook(path)
    header = [cell.value for cell in workbook["Mappings"][1]]
    return workbook, header  # type: ignore[return-value]


def test_exported_workbook_has_dropdowns_frozen_header_and_filter(nomenclature_db: Engine, tmp_path: Path) -> None:
    _seed(nomenclature_db, tmp_path)
    workbook, header = _rows(_export(nomenclature_db, tmp_path))
    sheet = workbook["Mappings"]
    assert sheet.freeze_panes == "D2" and sheet.auto_filter.ref
    codes = [row[header.index("sub_activity_code")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "1.01.02.2.01.0099" not in codes and "1.02.02.2.02.0001" not in codes  # non-SPM, other urusan
    formulas = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    services = {row[0]: row[2] for row in workbook["Services"].iter_rows(min_row=2, values_only=True)}
    kab = [f for f in formulas if f and "Services" in f]
    assert len(kab) == 2 and '"proposed,approved,rejected"' in formulas
    for formula in kab:  # each dropdown lists the services of one level only
        first, last = (int(part.split("$")[-1]) for part in formula.split(":"))
        levels = {list(services.values())[n - 2] for n in range(first, last + 1)}
        assert len(levels) == 1
    assert workbook["_hub"].sheet_state == "hidden"


def test_reimport_changes_exactly_the_edited_links(nomenclature_db: Engine, tmp_path: Path) -> None:
    _seed(nomenclature_db, tmp_path)
    path = _export(nomenclature_db, tmp_path)
    before, events_before = links(nomenclature_db), events(nomenclature_db)

    workbook, header = _rows(path)  # re-saving untouched changes nothing
    workbook.save(tmp_path / "untouched.xlsx")
    ingest(nomenclature_db, "links", tmp_path / "untouched.xlsx")
    assert links(nomenclature_db) == before and events(nomenclature_db) == events_before

    sheet = workbook["Mappings"]
    column = {name: header.index(name) + 1 for name in header}
    edited: dict[str, int] = {}
    for number in range(2, sheet.max_row + 1):
        code = sheet.cell(number, column["sub_activity_code"]).value
        if code == "1.01.02.2.01.0001":  # approve with a note
            sheet.cell(number, column["status"]).value = "approved"
            sheet.cell(number, column["note"]).value = "SD/SMP: USB"
            edited["approved"] = sheet.cell(number, column["link_id"]).value
        elif code == "1.01.02.2.01.0002":  # wrong service: re-point to Pendidikan Dasar
            sheet.cell(number, column["service_code"]).value = "DIK.KAB.02"
            edited["reassigned"] = sheet.cell(number, column["link_id"]).value
        elif code == "1.01.02.2.02.0001":  # the unlinked row gets a service
            sheet.cell(number, column["service_code"]).value = "DIK.KAB.01"
    workbook.save(tmp_path / "edited.xlsx")
    summary = ingest(nomenclature_db, "links", tmp_path / "edited.xlsx", IngestOptions(actor="kasubbid"))
    assert summary.rows_loaded == 3

    after = links(nomenclature_db)
    assert after[edited["approved"]][:3] == ("DIK.KAB.02", "approved", "SD/SMP: USB")
    assert after[edited["reassigned"]][:3] == ("DIK.KAB.02", "proposed", None)
    new = set(after) - set(before)
    assert len(new) == 1 and after[new.pop()][:2] == ("DIK.KAB.01", "proposed")
    untouched = set(before) - set(edited.values())
    assert {k: after[k] for k in untouched} == {k: before[k] for k in untouched}
    added = events(nomenclature_db)[len(events_before) :]
    assert sorted(e[1] for e in added) == ["approved", "imported", "reassigned"]


@pytest.mark.parametrize("damage", ["wrong service", "deleted column"])
def test_bad_workbook_is_refused_and_nothing_changes(nomenclature_db: Engine, tmp_path: Path, damage: str) -> None:
    _seed(nomenclature_db, tmp_path)
    workbook, header = _rows(_export(nomenclature_db, tmp_path))
    before, events_before = links(nomenclature_db), events(nomenclature_db)
    sheet = workbook["Mappings"]
    if damage == "wrong service":
        sheet.cell(2, header.index("service_code") + 1).value = "DIK.KAB.99"
        sheet.cell(3, header.index("status") + 1).value = "approved"  # a good edit in the same file
    else:
        sheet.delete_cols(header.index("status") + 1)
    workbook.save(tmp_path / "bad.xlsx")
    expected = ValidationFailed if damage == "wrong service" else BadInput
    with pytest.raises(expected) as raised:
        ingest(nomenclature_db, "links", tmp_path / "bad.xlsx")
    if damage == "wrong service":
        assert [(i.row, i.column, i.value) for i in raised.value.issues] == [(2, "service_code", "DIK.KAB.99")]
    else:
        assert "missing column(s) 'status'" in raised.value.message
    assert links(nomenclature_db) == before and events(nomenclature_db) == events_before


SHARED = "1.01.02.3.01.0001"  # kegiatan digit 3: SIPD uses the code for a PROV and a KABKOT sub kegiatan


@pytest.fixture
def shared_code_db(nomenclature_db: Engine) -> Engine:
    """TEST-2027 plus a PROV and a KABKOT sub kegiatan with the same code."""
    with Session(nomenclature_db) as session:
        edition = session.exec(select(NomenclatureEdition).where(NomenclatureEdition.code == EDITION)).one()
        for level, name in (("PROV", "Pembinaan Pendidikan Khusus Provinsi"), ("KABKOT", "Pembinaan PAUD Khusus")):
            session.add(
                NomenclatureNode(
                    edition_id=edition.id, code=SHARED, name=name, level=5, spm_flag=True, government_level=level
                )
            )
        session.commit()
    return nomenclature_db


def linked(engine: Engine) -> set[tuple[str, str, str | None, str, str | None]]:
    """(service, node code, node government level, status, note) of every link."""
    with Session(engine) as session:
        rows = session.exec(
            select(
                ServiceLink.service_code,
                NomenclatureNode.code,
                NomenclatureNode.government_level,
                ServiceLink.status,
                ServiceLink.note,
            ).join(NomenclatureNode)
        )
        return set(rows.all())


def test_same_code_at_both_levels_maps_each_row_to_its_level(shared_code_db: Engine, tmp_path: Path) -> None:
    path = tmp_path / "levels.csv"
    path.write_text(
        "service_code,sub_activity_code,edition,level,status,note\n"
        f"DIK.KAB.02,{SHARED},{EDITION},KAB,proposed,kab row\n"
        f"DIK.PROV.01,{SHARED},{EDITION},PROV,approved,prov row\n",
        encoding="utf-8",
    )
    ingest(shared_code_db, "links", path, IngestOptions(actor="bappeda"))
    assert linked(shared_code_db) == {
        ("DIK.KAB.02", SHARED, "KABKOT", "proposed", "kab row"),
        ("DIK.PROV.01", SHARED, "PROV", "approved", "prov row"),
    }


def test_level_column_also_takes_the_nomenclature_spelling(shared_code_db: Engine, tmp_path: Path) -> None:
    path = tmp_path / "kabkot.csv"
    path.write_text(
        f"service_code,sub_activity_code,edition,level,status\nDIK.KAB.01,{SHARED},{EDITION},kabkot,\n",
        encoding="utf-8",
    )
    ingest(shared_code_db, "links", path)
    assert {(service, level) for service, _, level, _, _ in linked(shared_code_db)} == {("DIK.KAB.01", "KABKOT")}


@pytest.mark.parametrize(
    ("level", "service", "column", "hint"),
    [
        (
            "",
            "DIK.KAB.02",
            "level",
            "ambiguous: edition TEST-2027 has sub kegiatan 1.01.02.3.01.0001 for KABKOT and PROV",
        ),
        ("PROV", "DIK.KAB.02", "service_code", "is a KAB service but sub kegiatan 1.01.02.3.01.0001 is a PROV one"),
        ("KOTA", "DIK.KAB.02", "level", "must be one of"),
    ],
)
def test_rows_that_do_not_name_one_node_of_their_level_are_refused(
    shared_code_db: Engine, tmp_path: Path, level: str, service: str, column: str, hint: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "service_code,sub_activity_code,edition,level,status\n"
        f"DIK.KAB.01,1.01.02.2.01.0001,{EDITION},,\n"  # a good row: its code is used at one level only
        f"{service},{SHARED},{EDITION},{level},\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as raised:
        ingest(shared_code_db, "links", path)
    assert {(i.row, i.column) for i in raised.value.issues} == {(3, column)}
    assert any(hint in i.describe() for i in raised.value.issues), raised.value.issues
    assert links(shared_code_db) == {}


def test_a_level_the_code_does_not_have_is_refused(shared_code_db: Engine, tmp_path: Path) -> None:
    path = tmp_path / "wrong-level.csv"
    path.write_text(
        f"service_code,sub_activity_code,edition,level,status\nDIK.KAB.02,1.01.02.1.01.0003,{EDITION},KAB,\n",
        encoding="utf-8",
    )  # a PROV-only code
    with pytest.raises(ValidationFailed) as raised:
        ingest(shared_code_db, "links", path)
    assert [(i.row, i.column, i.value) for i in raised.value.issues] == [(2, "level", "KAB")]
    assert "has sub kegiatan 1.01.02.1.01.0003 only for PROV" in raised.value.issues[0].describe()


def _shared_workbook(engine: Engine, tmp_path: Path) -> tuple[openpyxl.Workbook, dict[str, int], dict[str, int]]:
    """Link both SHARED nodes, export DIK: (workbook, column numbers, row number of each level's SHARED row)."""
    path = tmp_path / "levels.csv"
    path.write_text(
        "service_code,sub_activity_code,edition,level,status\n"
        f"DIK.KAB.02,{SHARED},{EDITION},KAB,proposed\n"
        f"DIK.PROV.01,{SHARED},{EDITION},PROV,proposed\n",
        encoding="utf-8",
    )
    ingest(engine, "links", path)
    book = tmp_path / "dik.xlsx"
    with Session(engine) as session:
        export_workbook(session, EDITION, "DIK", book)
    workbook, header = _rows(book)
    sheet = workbook["Mappings"]
    column = {name: header.index(name) + 1 for name in header}
    shared = [n for n in range(2, sheet.max_row + 1) if sheet.cell(n, column["sub_activity_code"]).value == SHARED]
    return workbook, column, {sheet.cell(n, column["level"]).value: n for n in shared}


def test_workbook_round_trip_keeps_each_level_on_its_node(shared_code_db: Engine, tmp_path: Path) -> None:
    workbook, column, levels = _shared_workbook(shared_code_db, tmp_path)
    assert sorted(levels) == ["KAB", "PROV"]  # one row per node, each with its level
    before, events_before = links(shared_code_db), events(shared_code_db)
    workbook.save(tmp_path / "untouched.xlsx")
    ingest(shared_code_db, "links", tmp_path / "untouched.xlsx")
    assert links(shared_code_db) == before and events(shared_code_db) == events_before

    sheet = workbook["Mappings"]
    sheet.cell(levels["KAB"], column["status"]).value = "approved"
    sheet.cell(levels["KAB"], column["note"]).value = "PAUD kabupaten"
    sheet.cell(levels["PROV"], column["status"]).value = "rejected"
    sheet.cell(levels["PROV"], column["note"]).value = "bukan SPM provinsi"
    new_row = sheet.max_row + 1  # a copied row links the KAB node to a second service
    for name in ("edition", "sub_activity_code", "level"):
        sheet.cell(new_row, column[name]).value = sheet.cell(levels["KAB"], column[name]).value
    sheet.cell(new_row, column["service_code"]).value = "DIK.KAB.01"
    workbook.save(tmp_path / "edited.xlsx")
    ingest(shared_code_db, "links", tmp_path / "edited.xlsx", IngestOptions(actor="kasubbid"))

    assert linked(shared_code_db) == {
        ("DIK.KAB.02", SHARED, "KABKOT", "approved", "PAUD kabupaten"),
        ("DIK.PROV.01", SHARED, "PROV", "rejected", "bukan SPM provinsi"),
        ("DIK.KAB.01", SHARED, "KABKOT", "proposed", None),
    }
    after = links(shared_code_db)
    assert {k: after[k][3] for k in before} == {k: v[3] for k, v in before.items()}  # each link kept its node


def test_moving_a_linked_row_to_the_other_level_is_refused(shared_code_db: Engine, tmp_path: Path) -> None:
    workbook, column, levels = _shared_workbook(shared_code_db, tmp_path)
    sheet = workbook["Mappings"]
    number = levels["KAB"]  # its link_id names the KABKOT node; the edited row names the PROV one
    sheet.cell(number, column["level"]).value = "PROV"
    sheet.cell(number, column["service_code"]).value = "DIK.PROV.02"
    workbook.save(tmp_path / "moved.xlsx")
    before = links(shared_code_db)
    with pytest.raises(ValidationFailed) as raised:
        ingest(shared_code_db, "links", tmp_path / "moved.xlsx")
    assert [(i.row, i.column) for i in raised.value.issues] == [(number, "link_id")]
    assert "is not a link of the PROV sub kegiatan" in raised.value.issues[0].describe()
    assert links(shared_code_db) == before
