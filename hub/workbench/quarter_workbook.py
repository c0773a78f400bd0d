"""The quarter workbook a region fills in: one region and quarter, sheets in e-SPM's content order
(achievement, budgeting, problems, stages, action plan, then the team), in Bahasa Indonesia.

Blank, it lists every service of the region's level (Capaian, Penganggaran) and every urusan x stage
(Tahapan) for the region to fill in; filled, it carries what the store holds. A hidden ``_hub`` sheet
names the region, year and quarter; re-import goes through the ``quarter`` connector (Pandera
contracts, a row-level report, nothing half-loaded).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session, col, select

from hub import models
from hub.core.errors import NotFound
from hub.core.vocabulary import (
    ACTION_STATUS_LABELS,
    MARKER_SHEET,
    QUARTER_WORKBOOK,
    QUARTER_WORKBOOK_FORMAT,
    STAGE_STATUS_LABELS,
    STAGES,
)
from hub.models.clock import utcnow
from hub.workbench.cycle import QuarterContent, read_quarter

KINDS_SHEET = "Daftar Jenis Permasalahan"
HEADER = Font(bold=True)
FILL_IN = PatternFill("solid", fgColor="FFF2CC")


def _label(labels: dict[str, str], code: str | None) -> str | None:
    return next((label for label, value in labels.items() if value == code), code)


def export_quarter_workbook(
    session: Session, region_code: str, year: int, quarter: int, path: Path, *, blank: bool = False
) -> int:
    """Write the workbook of one region's quarter (``blank``: only the pre-filled rows); returns its data rows.

    Raises:
        NotFound: unknown region.
    """
    region = session.get(models.Region, region_code)
    if region is None:
        raise NotFound(f"Region {region_code!r} does not exist.")
    services = session.exec(
        select(models.SpmService.code, models.SpmService.name)
        .where(models.SpmService.level == region.government_level)
        .order_by(col(models.SpmService.ordinal))
    ).all()
    fields = session.exec(select(models.SpmField.code).order_by(col(models.SpmField.sipd_urusan_code))).all()
    content = QuarterContent(region_code, year, quarter) if blank else read_quarter(session, region_code, year, quarter)
    workbook = Workbook()
    workbook.remove(workbook.active)
    count = 0
    for sheet, rows in _sheets(content, services, fields):
        count += _write(workbook.create_sheet(sheet), sheet, rows)
    kinds = workbook.create_sheet(KINDS_SHEET)
    kinds.append(["Kode", "Jenis Permasalahan"])
    for code, label in session.exec(
        select(models.ProblemKind.code, models.ProblemKind.label).order_by(col(models.ProblemKind.ordinal))
    ):
        kinds.append([code, label])
    marker = workbook.create_sheet(MARKER_SHEET)
    for key, value in (
        ("format", QUARTER_WORKBOOK_FORMAT),
        ("region_code", region_code),
        ("region_name", region.name),
        ("year", str(year)),
        ("quarter", str(quarter)),
        ("exported_at", utcnow().isoformat()),
    ):
        marker.append([key, value])
    marker.sheet_state = "hidden"
    workbook.save(path)
    return count


def _sheets(
    content: QuarterContent, services: Sequence[Any], fields: Sequence[str]
) -> Iterable[tuple[str, list[list[Any]]]]:
    reported = {a.service_code: a for a in content.achievements or []}
    yield (
        "Capaian",
        [
            [code, name, *((reported[code].targeted, reported[code].served) if code in reported else (None, None))]
            for code, name in services
        ],
    )
    yield (
        "Penganggaran",
        [
            [
                code,
                name,
                *(
                    (reported[code].budget_allocated, reported[code].budget_realised)
                    if code in reported
                    else (None, None)
                ),
            ]
            for code, name in services
        ],
    )
    yield (
        "Permasalahan",
        [[p.service_code, p.problem, p.solution, ", ".join(p.kinds) or None] for p in content.problems or []],
    )
    stages = {(s.field_code, s.stage): s for s in content.stages or []}
    rows = []
    for field_code in fields:
        for stage in STAGES:
            found = stages.get((field_code, stage))
            rows.append(
                [field_code, stage]
                + (
                    [None] * 5
                    if found is None
                    else [
                        _label(STAGE_STATUS_LABELS, found.status),
                        found.done_on,
                        found.evidence_ref,
                        found.evidence_file_name,
                        found.evidence_sha256,
                    ]
                )
            )
    yield "Tahapan", rows
    plan = content.plan
    yield (
        "Rencana Aksi",
        [
            [
                a.action,
                a.service_code,
                a.agency,
                a.sub_activity_code,
                a.budget_line_key,
                a.target,
                a.deadline,
                _label(ACTION_STATUS_LABELS, a.status),
                a.progress_pct,
                a.document_ref,
            ]
            for a in (plan.actions if plan else [])
        ],
    )
    yield "Dokumen Rencana Aksi", [[plan.document_ref, plan.adopted_on]] if plan else []
    team = content.team
    yield "SK Tim", [[team.number, team.decreed_on, team.valid_until, team.document_ref]] if team else []
    yield (
        "Anggota Tim",
        [[m.name, m.role, m.agency, m.member_from, m.member_to] for m in (team.members if team else [])],
    )


def _write(sheet: Worksheet, name: str, rows: list[list[Any]]) -> int:
    headers = [header for header, _field in QUARTER_WORKBOOK[name]]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = HEADER
    for row in rows:
        sheet.append(row)
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(14, min(60, len(header) + 4))
    sheet.freeze_panes = "A2"
    last = max(len(rows) + 1, 200)
    statuses = {"Tahapan": STAGE_STATUS_LABELS, "Rencana Aksi": ACTION_STATUS_LABELS}.get(name)
    if statuses:
        column = get_column_letter(headers.index("Status") + 1)
        validation = DataValidation(type="list", formula1='"' + ",".join(statuses) + '"', allow_blank=True)
        validation.add(f"{column}2:{column}{last}")
        sheet.add_data_validation(validation)
    return len(rows)
