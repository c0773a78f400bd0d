"""Read a region's quarter workbook (sheets Capaian, Penganggaran, Permasalahan, Tahapan, Rencana Aksi,
Dokumen Rencana Aksi, SK Tim, Anggota Tim; Bahasa Indonesia). The quarter comes from the hidden
``_hub`` sheet the hub writes on export, or from the load options ``region``, ``year`` and ``quarter``;
when both are there they must agree (a workbook of another region is refused).

Sheets may be left out, or left empty: that part of the quarter is not changed. A sheet with rows
replaces its part (the SK Tim sheet replaces the members of the decree it names).
Rows whose fill-in cells are all empty (the pre-filled service and stage rows of a blank workbook)
are skipped. Statuses may be written as their Indonesian labels or as codes.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd

from connectors.base import Batch, Need, References, issue
from connectors.keys import FirstOccurrences, duplicate_issues
from connectors.quarter.contract import CONTRACTS, AchievementContract
from connectors.reading import read_batches
from hub.core.errors import BadInput, RowIssue
from hub.core.vocabulary import (
    ACTION_STATUS_LABELS,
    MARKER_SHEET,
    QUARTER_WORKBOOK,
    QUARTER_WORKBOOK_FORMAT,
    STAGE_STATUS_LABELS,
)

SCOPE = ("region_code", "year", "quarter")
# Cells a blank workbook fills in itself: a row with nothing else is not an answer.
PREFILLED = {"service_code", "service_name", "field_code", "stage"}
OPTIONAL = frozenset({"service_name"})
# Per sheet, the columns that may appear once only.
KEYS = {"Capaian": ("service_code",), "Penganggaran": ("service_code",), "Tahapan": ("field_code", "stage")}
SINGLE_ROW = ("Dokumen Rencana Aksi", "SK Tim")
LABELS = {"Tahapan": STAGE_STATUS_LABELS, "Rencana Aksi": ACTION_STATUS_LABELS}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == ""


def workbook_scope(path: Path) -> tuple[list[str], dict[str, str]]:
    """The workbook's sheet names and what its marker sheet says (empty without one).

    Raises:
        BadInput: not a readable XLSX workbook.
    """
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise BadInput(f"{path.name}: not a readable XLSX workbook: {exc}") from exc
    try:
        marker: dict[str, str] = {}
        if MARKER_SHEET in workbook.sheetnames:
            for row in workbook[MARKER_SHEET].iter_rows(values_only=True):
                if row and row[0] is not None and len(row) > 1 and row[1] is not None:
                    marker[str(row[0])] = str(row[1])
        return list(workbook.sheetnames), marker
    finally:
        workbook.close()


def _scope(path: Path, marker: dict[str, str], options: Mapping[str, str]) -> dict[str, Any]:
    if marker and marker.get("format") != QUARTER_WORKBOOK_FORMAT:
        raise BadInput(f"{path.name}: the {MARKER_SHEET} sheet is not from a quarter workbook")
    scope: dict[str, Any] = {}
    for key, option in (("region_code", "region"), ("year", "year"), ("quarter", "quarter")):
        given, marked = options.get(option), marker.get(key)
        if given and marked and given != marked:
            raise BadInput(f"{path.name}: the workbook is for {key} {marked}, not {given} as the load asked")
        value = given or marked
        if not value:
            raise BadInput(f"{path.name}: which quarter? pass {option}=... (the workbook has no {MARKER_SHEET} sheet)")
        scope[key] = value
    return scope


class QuarterConnector:
    """A region's whole e-SPM quarter in one workbook, sheet by sheet in e-SPM's content order."""

    name: ClassVar[str] = "quarter"
    description: ClassVar[str] = "A region's e-SPM quarter workbook (Capaian ... Anggota Tim; Bahasa Indonesia)"
    contract: ClassVar[type[AchievementContract]] = AchievementContract
    needs: ClassVar[frozenset[Need]] = frozenset({"region_levels", "service_levels", "problem_kinds", "field_codes"})

    def read(self, path: Path, options: Mapping[str, str]) -> Iterator[Batch]:
        if path.suffix.lower() not in {".xlsx", ".xlsm"}:
            raise BadInput(f"{path.name}: a quarter workbook is an .xlsx file (export one with `spm-hub cycle export`)")
        sheets, marker = workbook_scope(path)
        scope = _scope(path, marker, options)
        present = [sheet for sheet in QUARTER_WORKBOOK if sheet in sheets]
        if not present:
            raise BadInput(f"{path.name}: none of the quarter sheets {list(QUARTER_WORKBOOK)}; found {sheets}")
        for sheet in present:
            columns = dict(QUARTER_WORKBOOK[sheet])
            keys = FirstOccurrences(KEYS.get(sheet, SCOPE))
            for batch in read_batches(path, columns, sheet=sheet, optional=OPTIONAL):
                kept = self._answers(batch, sheet, scope)
                if kept is not None:
                    yield keys.mark(kept) if sheet in KEYS else kept

    @staticmethod
    def _answers(batch: Batch, sheet: str, scope: dict[str, Any]) -> Batch | None:
        frame = batch.frame
        answers = [c for c in frame.columns if c not in PREFILLED]
        keep = [not all(_blank(frame[c].iloc[i]) for c in answers) for i in range(len(frame))]
        frame = frame[keep].reset_index(drop=True)
        rows = [row for row, kept in zip(batch.rows, keep, strict=True) if kept]
        if frame.empty:
            return None
        for column, labels in (("status", LABELS.get(sheet)),):
            if labels and column in frame.columns:
                frame[column] = frame[column].map(
                    lambda v, labels=labels: labels.get(str(v).strip(), v) if not _blank(v) else v
                )
        if sheet == "Rencana Aksi":
            frame["progress_pct"] = frame["progress_pct"].map(lambda v: 0 if _blank(v) else v)
        if "kinds" in frame.columns:
            frame["kinds"] = frame["kinds"].map(_kinds_text)
        for key, value in scope.items():
            frame[key] = value
        frame["part"] = sheet
        frame["duplicate_of"] = pd.NA  # a keyed sheet's reader marks the repeats
        return Batch(frame, rows, sheet, contract=CONTRACTS[sheet])

    def check(
        self, frame: pd.DataFrame, rows: Sequence[int], refs: References, options: Mapping[str, str]
    ) -> list[RowIssue]:
        if frame.empty:
            return []
        sheet = str(frame["part"].iloc[0])
        region = str(frame["region_code"].iloc[0])
        level = refs.region_levels.get(region)
        if level is None:
            return [
                issue(rows, 0, "region_code", region, "unknown region code: not in the Kemendagri list of the store")
            ]
        issues = duplicate_issues(frame, rows, " and ".join(KEYS.get(sheet, ("row",))))
        if sheet in SINGLE_ROW:
            issues += [
                issue(rows, position, None, None, f"sheet {sheet} holds one row only")
                for position in range(1, len(frame))
            ]
        if "service_code" in frame.columns:
            for position, code in enumerate(frame["service_code"]):
                if _blank(code):
                    continue
                found = refs.service_levels.get(str(code))
                if found is None:
                    issues.append(issue(rows, position, "service_code", code, "unknown SPM service code"))
                elif found != level:
                    issues.append(
                        issue(
                            rows,
                            position,
                            "service_code",
                            code,
                            f"a {found} service; this region reports {level} services",
                        )
                    )
        if "kinds" in frame.columns:
            for position, text in enumerate(frame["kinds"]):
                unknown = [k for k in _kinds_list(text) if k not in refs.problem_kinds]
                if unknown:
                    known = ", ".join(sorted(refs.problem_kinds))
                    issues.append(
                        issue(rows, position, "kinds", ", ".join(unknown), f"unknown problem kind; use {known}")
                    )
        if "field_code" in frame.columns:
            for position, code in enumerate(frame["field_code"]):
                if str(code) not in refs.field_codes:
                    issues.append(issue(rows, position, "field_code", code, "unknown urusan code (DIK, KES, PU, ...)"))
        if sheet == "Capaian":
            targeted = pd.to_numeric(frame["targeted"], errors="coerce")
            served = pd.to_numeric(frame["served"], errors="coerce")
            for position in [int(p) for p in (served > targeted).to_numpy().nonzero()[0]]:
                issues.append(
                    issue(rows, position, "served", served.iloc[position], "served can never exceed the target")
                )
        return issues


def _kinds_list(text: Any) -> list[str]:
    return [] if _blank(text) else [part for part in str(text).split(",") if part]


def _kinds_text(value: Any) -> Any:
    """``data_collection; budget`` -> ``DATA_COLLECTION,BUDGET`` (empty stays empty)."""
    if _blank(value):
        return None
    parts = [part.strip().upper() for part in str(value).replace(";", ",").split(",")]
    return ",".join(part for part in parts if part)
