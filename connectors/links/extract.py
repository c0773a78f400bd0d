"""Read service <-> sub kegiatan mappings from a planning office's CSV/XLSX, or from the mapping
workbook the hub exports (recognised by its hidden ``_hub`` sheet; there every exported column
is required, so a deleted column is refused, and rows with no service chosen are skipped).

A row names its sub kegiatan by edition, government level and code: SIPD reuses codes with
kegiatan digits 3..8 for different PROV and KABKOT items, so ``check`` resolves the row to exactly
one node of the edition (the ``level`` column, PROV or KAB/KABKOT, may only be left empty when the
code is used at one level) and fills ``government_level`` with that node's level for the writer.

Option ``reviewer=0`` (set by the upload endpoint for region callers) refuses approved/rejected rows."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd

from connectors.base import Batch, Need, References, issue
from connectors.keys import FirstOccurrences, duplicate_issues
from connectors.links.contract import LEVEL_WORDS, LinkContract
from connectors.reading import check_archive, read_batches
from hub.core.errors import RowIssue
from hub.core.vocabulary import (
    LINK_STATUS_WORDS_ID,
    MAPPING_SHEETS,
    MARKER_SHEET,
    SERVICE_LEVELS,
    WORKBOOK_COLUMNS,
    WORKBOOK_COLUMNS_ID,
)

NAMES = ("link_id", "edition", "level", "sub_activity_code", "service_code", "status", "note")
# Each column under its English or its Indonesian name (workbooks are exported in either language).
COLUMNS = {**{name: name for name in NAMES}, **{WORKBOOK_COLUMNS_ID[name]: name for name in NAMES}}
STATUS_WORDS = {word: status for status, word in LINK_STATUS_WORDS_ID.items()}
OPTIONAL = frozenset({"link_id", "level", "note"})
KEY = ("edition", "level", "sub_activity_code", "service_code")


def hub_workbook_sheet(path: Path) -> str | None:
    """The mapping sheet of a workbook exported by the hub (it carries a hidden ``_hub`` sheet), in
    whichever language it was exported; None for any other file.

    Raises:
        BadInput: the archive fails ``check_archive`` (checked before openpyxl parses anything).
    """
    if path.suffix.lower() not in {".xlsx", ".xlsm"} or not path.is_file():
        return None
    import openpyxl

    check_archive(path)

    try:
        workbook = openpyxl.load_workbook(path, read_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError):
        return None  # read_batches reports the unreadable file
    try:
        if MARKER_SHEET not in workbook.sheetnames:
            return None
        return next((name for name in MAPPING_SHEETS.values() if name in workbook.sheetnames), MAPPING_SHEETS["en"])
    finally:
        workbook.close()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == ""


class LinksConnector:
    """ServiceLink rows: service_code, sub_activity_code, edition, status, note (link_id optional)."""

    name: ClassVar[str] = "links"
    description: ClassVar[str] = "SPM service <-> sub kegiatan links (CSV/XLSX, or the hub's mapping workbook)"
    contract: ClassVar[type[LinkContract]] = LinkContract
    needs: ClassVar[frozenset[Need]] = frozenset({"service_levels", "edition_levels"})

    def read(self, path: Path, options: Mapping[str, str]) -> Iterator[Batch]:
        sheet = hub_workbook_sheet(path)
        workbook = sheet is not None
        if workbook:
            columns = {source: name for source, name in COLUMNS.items() if name in WORKBOOK_COLUMNS}
            batches = read_batches(path, columns, sheet=sheet)
        else:
            batches = read_batches(path, COLUMNS, sheet=options.get("sheet"), optional=OPTIONAL)
        repeats = FirstOccurrences(KEY)
        yield from map(repeats.mark, self._rows(batches, workbook))

    @staticmethod
    def _rows(batches: Iterator[Batch], workbook: bool) -> Iterator[Batch]:
        for batch in batches:
            frame = batch.frame
            chosen = [
                not _blank(value) or not _blank(link)
                for value, link in zip(frame["service_code"], frame["link_id"], strict=True)
            ]
            if workbook and not all(chosen):  # an exported row nobody mapped yet
                keep = [position for position, flag in enumerate(chosen) if flag]
                frame = frame.iloc[keep].reset_index(drop=True)
                batch = Batch(frame, [batch.rows[p] for p in keep], batch.sheet)
            for column in ("edition", "level", "sub_activity_code", "service_code", "status"):
                frame[column] = frame[column].map(lambda v: v.strip() if isinstance(v, str) else v)
            for column in ("level", "service_code"):
                frame[column] = frame[column].map(lambda v: v.upper() or None if isinstance(v, str) else v)
            frame["status"] = [
                (
                    "proposed"
                    if _blank(status) and not _blank(service)
                    else STATUS_WORDS.get(status.lower(), status.lower())
                    if isinstance(status, str)
                    else status
                )
                for status, service in zip(frame["status"], frame["service_code"], strict=True)
            ]
            frame["note"] = frame["note"].map(lambda v: None if _blank(v) else str(v).strip())
            if len(frame):
                yield Batch(frame, batch.rows, batch.sheet)

    def check(
        self, frame: pd.DataFrame, rows: Sequence[int], refs: References, options: Mapping[str, str]
    ) -> list[RowIssue]:
        """Services, editions and codes exist; the row names one node, of its service's level.

        Adds ``government_level``: the level of the node each row names, for the writer.
        """
        issues = duplicate_issues(frame, rows, "edition, level, sub_activity_code and service_code")
        resolved: list[str | None] = []
        for position, (edition, level, code, service) in enumerate(frame[list(KEY)].itertuples(index=False, name=None)):
            level = LEVEL_WORDS.get(level) if isinstance(level, str) else None
            service_level = refs.service_levels.get(service) if isinstance(service, str) else None
            if isinstance(service, str) and service_level is None:
                issues.append(issue(rows, position, "service_code", service, "no SPM service has this code"))
            codes = refs.edition_levels.get(edition) if isinstance(edition, str) else None
            if codes is None:
                issues.append(
                    issue(
                        rows,
                        position,
                        "edition",
                        edition,
                        "no nomenclature edition has this code; "
                        f"loaded: {', '.join(sorted(refs.edition_levels)) or 'none'}",
                    )
                )
                resolved.append(level)
                continue
            levels = codes.get(code, frozenset())
            problem = _level_problem(levels, level, edition, code)
            if problem is not None:
                issues.append(issue(rows, position, problem[0], frame[problem[0]].iloc[position], problem[1]))
                resolved.append(level)
                continue
            node_level = level if level is not None else next(iter(levels))
            resolved.append(node_level)
            if service_level and node_level and SERVICE_LEVELS.get(node_level) != service_level:
                issues.append(
                    issue(
                        rows,
                        position,
                        "service_code",
                        service,
                        f"is a {service_level} service but sub kegiatan {code} is a {node_level} one: "
                        f"choose a {SERVICE_LEVELS.get(node_level)} service",
                    )
                )
        frame["government_level"] = resolved
        if options.get("reviewer") == "0":  # set by the upload endpoint for callers who may only propose
            issues += [
                issue(
                    rows,
                    position,
                    "status",
                    status,
                    "only the ministry may import approved or rejected links; use 'proposed'",
                )
                for position, status in enumerate(frame["status"])
                if status not in (None, "proposed")
            ]
        return issues


def _level_problem(levels: frozenset[str | None], level: str | None, edition: str, code: str) -> tuple[str, str] | None:
    """(column, rule) when a row does not name exactly one node of its edition, else None."""
    if not levels:
        return "sub_activity_code", f"edition {edition} has no such code"
    known = " and ".join(sorted(found or "no level" for found in levels))
    if level is not None and level not in levels:
        return "level", f"edition {edition} has sub kegiatan {code} only for {known}"
    if level is None and len(levels) > 1:
        return "level", (
            f"ambiguous: edition {edition} has sub kegiatan {code} for {known}; "
            "say which in the level column (PROV or KAB)"
        )
    return None
