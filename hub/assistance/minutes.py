"""The minutes workbook of a session: the template the host fills in during the meeting (Bahasa
Indonesia headers, dropdowns for status, owner role, invited region and what a follow-up concerns),
and the same workbook exported back with every follow-up's current status, ready to edit and re-import
(rows keep their ``ID``)."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from sqlmodel import Session, col, select

from hub import models
from hub.access.caller import Caller
from hub.assistance.followups import require_session_host
from hub.assistance.sessions import invited_of, owner_roles
from hub.core.vocabulary import (
    FOLLOW_UP_CONCERN_WORDS,
    FOLLOW_UP_STATUS_WORDS,
    MARKER_SHEET,
    MINUTES_COLUMNS,
    MINUTES_SHEET,
)

LISTS_SHEET = "Daftar"
WIDTHS = {"Keputusan": 40, "Tindak Lanjut": 48, "OPD": 28, "Peran Penanggung Jawab": 26, "Bukti Penyelesaian": 30}
STATUS_WORDS = {code: word for word, code in FOLLOW_UP_STATUS_WORDS.items()}
CONCERN_WORDS = {code: word for word, code in FOLLOW_UP_CONCERN_WORDS.items()}


def minutes_workbook(session: Session, caller: Caller, session_id: int) -> bytes:
    """The minutes workbook of ``session_id`` with its current follow-ups (none yet: the template).

    Raises:
        NotFound: no such session.
        PermissionDenied: not the session's host.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    meeting = require_session_host(session, caller, session_id)
    invited = invited_of(session, session_id)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = MINUTES_SHEET
    headers = [header for header, _ in MINUTES_COLUMNS]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in _rows(session, session_id):
        sheet.append(row)
    lists = workbook.create_sheet(LISTS_SHEET)
    columns = {
        "Status": list(FOLLOW_UP_STATUS_WORDS),
        "Peran Penanggung Jawab": owner_roles(),
        "Kode Wilayah": invited,
        "Terkait": list(FOLLOW_UP_CONCERN_WORDS),
    }
    for index, (header, values) in enumerate(columns.items(), start=1):
        letter = get_column_letter(index)
        lists.cell(row=1, column=index, value=header)
        for offset, value in enumerate(values, start=2):
            lists.cell(row=offset, column=index, value=value)
        source = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
        validation = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True)
        validation.error = f"Pilih {header} dari daftar."
        target = get_column_letter(headers.index(header) + 1)
        validation.add(f"{target}2:{target}1000")
        sheet.add_data_validation(validation)
    lists.sheet_state = "hidden"
    marker = workbook.create_sheet(MARKER_SHEET)
    marker.append(["session_id", session_id])
    marker.append(["title", meeting.title])
    marker.append(["held_on", meeting.held_on.isoformat()])
    marker.sheet_state = "hidden"
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(header, 14)
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rows(session: Session, session_id: int) -> list[list[Any]]:
    decisions = {
        row.id: row
        for row in session.exec(select(models.Decision).where(models.Decision.session_id == session_id)).all()
    }
    follow_ups = session.exec(
        select(models.FollowUp)
        .where(col(models.FollowUp.decision_id).in_(list(decisions)))
        .order_by(models.FollowUp.decision_id, models.FollowUp.id)
    ).all()
    rows = []
    for item in follow_ups:
        decision = decisions[item.decision_id]
        values = {
            "follow_up_id": item.id,
            "decision_number": decision.number,
            "decision": decision.text,
            "status": STATUS_WORDS.get(item.status, item.status),
            "concerns": CONCERN_WORDS.get(item.concerns or "", item.concerns),
        }
        rows.append([values[name] if name in values else getattr(item, name) for _, name in MINUTES_COLUMNS])
    return sorted(rows, key=lambda row: (row[1], row[0]))
