"""The mapping workbook a planning office edits: one per urusan and nomenclature edition.

Sheet ``Mappings`` has one row per link of each SPM-flagged sub kegiatan of the urusan (one
empty row when it has none), a dropdown of the urusan's services for the row's government level,
a status dropdown and a note column; the header is frozen and filtered. Sheet ``Services`` lists
the services; the hidden ``_hub`` sheet marks the file so re-import requires every exported column.
Re-import goes through the ``mappings`` connector (same validation and report as any source).
Sheets, column names, statuses and help are in the configured language (``SPM_HUB_LANG``, default
Bahasa Indonesia: ``Pemetaan``, ``kode_layanan``, ``disetujui``...); the connector reads either.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session, col, select

from hub.core.errors import NotFound
from hub.core.i18n import _, language
from hub.core.vocabulary import (
    LINK_STATUS_WORDS_ID,
    LINK_STATUSES,
    MAPPING_SHEETS,
    MARKER_SHEET,
    SERVICE_LEVELS,
    SERVICE_SHEETS,
    WORKBOOK_COLUMNS,
    WORKBOOK_COLUMNS_ID,
)
from hub.models import NomenclatureEdition, NomenclatureNode, ServiceLink, SpmField, SpmService
from hub.models.clock import utcnow

FORMAT = "spm-hub mapping workbook v1"
EXTRA_COLUMNS = ("indicator", "unit", "proposal_reason")
WIDTHS = {
    "link_id": 8,
    "edition": 14,
    "sub_activity_code": 20,
    "sub_activity_name": 60,
    "level": 7,
    "service_code": 16,
    "service_name": 50,
    "status": 11,
    "note": 40,
    "indicator": 50,
    "unit": 12,
    "proposal_reason": 50,
}


def _name(column: str) -> str:
    """A column's header in the configured language."""
    return WORKBOOK_COLUMNS_ID[column] if language() == "id" else column


def _status(status: str | None) -> str | None:
    """A link status as the workbook spells it in the configured language."""
    return LINK_STATUS_WORDS_ID.get(status, status) if status and language() == "id" else status


def export_workbook(session: Session, edition: str, urusan: str, path: Path) -> int:
    """Write the mapping workbook of ``urusan`` (DIK, KES, ...) in ``edition``; returns its row count.

    Raises:
        NotFound: unknown edition or urusan.
    """
    found_edition = session.exec(select(NomenclatureEdition).where(NomenclatureEdition.code == edition)).first()
    if found_edition is None:
        raise NotFound(_("No nomenclature edition {edition}", edition=repr(edition)))
    field = session.get(SpmField, urusan.upper())
    if field is None:
        raise NotFound(_("No SPM urusan {urusan}; use one of DIK, KES, PU, PERKIM, TRANTIB, SOS", urusan=repr(urusan)))
    services = session.exec(
        select(SpmService)
        .where(SpmService.field_code == field.code)
        .order_by(col(SpmService.level).desc(), col(SpmService.ordinal))
    ).all()
    rows = list(_rows(session, found_edition, field, {s.code for s in services}))
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = MAPPING_SHEETS[language()]
    _fill_mappings(sheet, rows, edition)
    service_sheet = workbook.create_sheet(SERVICE_SHEETS[language()])
    service_sheet.append([_name(name) for name in ("service_code", "service_name", "level", "recipients")])
    for service in services:
        service_sheet.append([service.code, service.name, service.level, service.recipient_definition])
    _validations(sheet, rows, [s.level for s in services])
    marker = workbook.create_sheet(MARKER_SHEET)
    for key, value in (
        ("format", FORMAT),
        ("edition", edition),
        ("urusan", field.code),
        ("language", language()),
        ("exported_at", utcnow().isoformat(timespec="seconds")),
    ):
        marker.append([key, value])
    marker.sheet_state = "hidden"
    workbook.save(path)
    return len(rows)


Row = tuple[NomenclatureNode, ServiceLink | None]


def _rows(session: Session, edition: NomenclatureEdition, field: SpmField, service_codes: set[str]) -> Iterator[Row]:
    """SPM-flagged sub kegiatan of the urusan plus any node linked to its services, with their links."""
    flagged = session.exec(
        select(NomenclatureNode).where(
            NomenclatureNode.edition_id == edition.id,
            col(NomenclatureNode.code).like(f"{field.sipd_urusan_code}.%"),
            col(NomenclatureNode.spm_flag).is_(True),
        )
    ).all()
    linked = session.exec(
        select(NomenclatureNode)
        .join(ServiceLink)
        .where(NomenclatureNode.edition_id == edition.id, col(ServiceLink.service_code).in_(service_codes))
    ).all()
    nodes = {node.id: node for node in [*flagged, *linked] if node.code.count(".") == 5}
    links: dict[int, list[ServiceLink]] = {}
    for link in session.exec(
        select(ServiceLink).where(col(ServiceLink.node_id).in_(list(nodes))).order_by(col(ServiceLink.id))
    ):
        links.setdefault(link.node_id, []).append(link)
    for node in sorted(nodes.values(), key=lambda n: (_level(n) or "", n.code)):
        assert node.id is not None
        for link in links.get(node.id) or [None]:  # type: ignore[list-item]  # a node without links: one row
            yield node, link


def _level(node: NomenclatureNode) -> str | None:
    """The row's level column: the node's government level as its services' codes spell it (PROV, KAB).
    Re-import resolves the row by (edition, level, code), since SIPD reuses codes across levels."""
    return SERVICE_LEVELS.get(node.government_level or "")


def _fill_mappings(sheet: Worksheet, rows: list[Row], edition: str) -> None:
    header = [*WORKBOOK_COLUMNS, *EXTRA_COLUMNS]
    sheet.append([_name(name) for name in header])
    position = {name: index + 1 for index, name in enumerate(header)}
    service_column = get_column_letter(position["service_code"])
    services = SERVICE_SHEETS[language()]
    for number, (node, link) in enumerate(rows, start=2):
        sheet.append(
            [
                link.id if link else None,
                edition,
                node.code,
                node.name,
                _level(node),
                link.service_code if link else None,
                f'=IFERROR(VLOOKUP({service_column}{number},{services}!$A:$B,2,FALSE),"")',
                _status(link.status) if link else None,
                link.note if link else None,
                node.indicator,
                node.unit,
                link.reason if link else None,
            ]
        )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    sheet.cell(1, position["link_id"]).comment = Comment(_("Hub link id: do not edit. Leave empty on new rows."), "hub")
    sheet.cell(1, position["service_code"]).comment = Comment(
        _("Choose a service of the row's level; copy a row to link a sub kegiatan to a second service."), "hub"
    )
    for name, width in WIDTHS.items():
        sheet.column_dimensions[get_column_letter(position[name])].width = width
    sheet.column_dimensions["A"].hidden = True
    sheet.freeze_panes = "D2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(len(rows) + 1, 2)}"


def _validations(sheet: Worksheet, rows: list[Row], service_levels: list[str]) -> None:
    """A service dropdown per government level (rows are sorted by level) and a status dropdown."""
    header = [cell.value for cell in sheet[1]]
    service_column = get_column_letter(header.index(_name("service_code")) + 1)
    status_column = get_column_letter(header.index(_name("status")) + 1)
    services_sheet = SERVICE_SHEETS[language()]
    for level in ("PROV", "KAB"):
        numbers = [n for n, (node, _link) in enumerate(rows, start=2) if _level(node) == level]
        services = [n for n, service_level in enumerate(service_levels, start=2) if service_level == level]
        if not numbers or not services:
            continue
        dropdown = DataValidation(
            type="list",
            formula1=f"={services_sheet}!$A${services[0]}:$A${services[-1]}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Unknown service"),
            error=_("Choose a {level} service of this urusan from the list.", level=level),
        )
        dropdown.add(f"{service_column}{numbers[0]}:{service_column}{numbers[-1]}")
        sheet.add_data_validation(dropdown)
    status = DataValidation(
        type="list",
        formula1=f'"{",".join(_status(status) or status for status in LINK_STATUSES)}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Unknown status"),
        error=", ".join(_status(status) or status for status in LINK_STATUSES),
    )
    status.add(f"{status_column}2:{status_column}{max(len(rows) + 1, 2)}")
    sheet.add_data_validation(status)
