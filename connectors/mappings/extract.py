"""Read service <-> sub kegiatan mappings from a planning office's CSV/XLSX, or from the mapping
workbook the hub exports (recognised by its hidden ``_hub`` sheet; there every exported column
is required, so a deleted column is refused, and rows with no service chosen are skipped).

Option ``reviewer=0`` (set by the upload endpoint for region callers) refuses approved/rejected rows."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd

from connectors.base import Batch, References, issue, read_batches
from connectors.keys import FirstOccurrences, duplicate_issues
from connectors.mappings.contract import MappingContract
from hub.errors import RowIssue

COLUMNS = {"link_id": "link_id", "edition": "edition", "sub_activity_code": "sub_activity_code",
           "service_code": "service_code", "status": "status", "note": "note"}
WORKBOOK_COLUMNS = ("link_id", "edition", "sub_activity_code", "sub_activity_name", "level", "service_code",
                    "service_name", "status", "note")
MARKER_SHEET = "_hub"
MAPPING_SHEET = "Mappings"
KEY = ("edition", "sub_activity_code", "service_code")
_KEGIATAN_LEVEL = {"1": "PROV", "2": "KAB"}


def level_of_code(code: str) -> str | None:
    """Government level from the kegiatan digit: ``1.01.02.2.01.0001`` -> KAB (1 = PROV, 2 = KAB)."""
    parts = str(code).split(".")
    return _KEGIATAN_LEVEL.get(parts[3]) if len(parts) > 3 else None


def is_hub_workbook(path: Path) -> bool:
    """True for a mapping workbook exported by the hub (it carries a hidden ``_hub`` sheet)."""
    if path.suffix.lower() not in {".xlsx", ".xlsm"} or not path.is_file():
        return False
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return False  # read_batches reports the unreadable file
    try:
        return MARKER_SHEET in workbook.sheetnames
    finally:
        workbook.close()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == ""


class MappingsConnector:
    """ServiceLink rows: service_code, sub_activity_code, edition, status, note (link_id optional)."""

    name: ClassVar[str] = "mappings"
    description: ClassVar[str] = "SPM service <-> sub kegiatan links (CSV/XLSX, or the hub's mapping workbook)"
    contract: ClassVar[type[MappingContract]] = MappingContract
    needs: ClassVar[frozenset[str]] = frozenset({"service_levels", "edition_codes"})

    def read(self, path: Path, options: Mapping[str, str]) -> Iterator[Batch]:
        workbook = is_hub_workbook(path)
        if workbook:
            columns = {name: COLUMNS.get(name, name) for name in WORKBOOK_COLUMNS}
            batches = read_batches(path, columns, sheet=MAPPING_SHEET)
        else:
            batches = read_batches(path, COLUMNS, sheet=options.get("sheet"),
                                   optional=frozenset({"link_id", "note"}))
        repeats = FirstOccurrences(KEY)
        yield from map(repeats.mark, self._rows(batches, workbook))

    @staticmethod
    def _rows(batches: Iterator[Batch], workbook: bool) -> Iterator[Batch]:
        for batch in batches:
            frame = batch.frame
            for column in ("link_id", "note"):
                if column not in frame.columns:
                    frame[column] = None
            chosen = [not _blank(value) or not _blank(link) for value, link in zip(frame["service_code"],
                                                                                     frame["link_id"], strict=True)]
            if workbook and not all(chosen):  # an exported row nobody mapped yet
                keep = [position for position, flag in enumerate(chosen) if flag]
                frame = frame.iloc[keep].reset_index(drop=True)
                batch = Batch(frame, [batch.rows[p] for p in keep], batch.sheet)
            for column in ("edition", "sub_activity_code", "service_code", "status"):
                frame[column] = frame[column].map(lambda v: v.strip() if isinstance(v, str) else v)
            frame["service_code"] = frame["service_code"].map(lambda v: v.upper() if isinstance(v, str) else v)
            frame["status"] = [("proposed" if _blank(status) and not _blank(service) else
                                status.lower() if isinstance(status, str) else status)
                               for status, service in zip(frame["status"], frame["service_code"], strict=True)]
            frame["note"] = frame["note"].map(lambda v: None if _blank(v) else str(v).strip())
            if len(frame):
                yield Batch(frame, batch.rows, batch.sheet)

    def check(self, frame: pd.DataFrame, rows: Sequence[int], refs: References,
              options: Mapping[str, str]) -> list[RowIssue]:
        issues = duplicate_issues(frame, rows, "edition, sub_activity_code and service_code")
        for position, (edition, code, service) in enumerate(frame[list(KEY)].itertuples(index=False, name=None)):
            service_level = refs.service_levels.get(service) if isinstance(service, str) else None
            if isinstance(service, str) and service_level is None:
                issues.append(issue(rows, position, "service_code", service, "no SPM service has this code"))
            codes = refs.edition_codes.get(edition) if isinstance(edition, str) else None
            if codes is None:
                issues.append(issue(rows, position, "edition", edition, "no nomenclature edition has this code; "
                                    f"loaded: {', '.join(sorted(refs.edition_codes)) or 'none'}"))
            elif isinstance(code, str) and code not in codes:
                issues.append(issue(rows, position, "sub_activity_code", code, f"edition {edition} has no such code"))
            code_level = level_of_code(code) if isinstance(code, str) else None
            if service_level and code_level and service_level != code_level:
                issues.append(issue(rows, position, "service_code", service,
                                    f"is a {service_level} service but sub kegiatan {code} is a {code_level} "
                                    "kegiatan (kegiatan digit 1 = PROV, 2 = KAB)"))
        if options.get("reviewer") == "0":  # set by the upload endpoint for callers who may only propose
            issues += [issue(rows, position, "status", status, "only the ministry may import approved or rejected "
                             "links; use 'proposed'")
                       for position, status in enumerate(frame["status"]) if status not in (None, "proposed")]
        return issues
