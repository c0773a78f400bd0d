"""Read a CSV/XLSX of service <-> sub kegiatan mappings (planning offices' bulk link import).

Option ``reviewer=1`` allows approved/rejected rows; without it only proposals may be imported
(the hub sets it for ministry callers).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import ClassVar

import pandas as pd

from connectors.base import Batch, References, issue, read_batches
from connectors.mappings.contract import MappingContract
from hub.errors import RowIssue

COLUMNS = {name: name for name in ("service_code", "sub_activity_code", "edition", "status", "note")}


class MappingsConnector:
    """Service links in bulk: columns service_code, sub_activity_code, edition, status, note."""

    name: ClassVar[str] = "mappings"
    description: ClassVar[str] = "SPM service <-> sub kegiatan links (CSV/XLSX: service_code, sub_activity_code, " \
                                 "edition, status, note)"
    contract: ClassVar[type[MappingContract]] = MappingContract
    needs: ClassVar[frozenset[str]] = frozenset({"service_levels", "nomenclature_codes"})

    def read(self, path: Path, options: Mapping[str, str]) -> Iterator[Batch]:
        for batch in read_batches(path, COLUMNS, sheet=options.get("sheet"), optional=frozenset({"note"})):
            if "note" not in batch.frame.columns:
                batch.frame["note"] = None
            yield batch

    def check(self, frame: pd.DataFrame, rows: Sequence[int], refs: References,
              options: Mapping[str, str]) -> list[RowIssue]:
        issues = []
        reviewer = options.get("reviewer") == "1"
        for position, (service, code, status) in enumerate(
                zip(frame["service_code"], frame["sub_activity_code"], frame["status"], strict=True)):
            if service not in refs.service_levels:
                issues.append(issue(rows, position, "service_code", service, "no such SPM service"))
            if code not in refs.nomenclature_codes:
                issues.append(issue(rows, position, "sub_activity_code", code, "not in any loaded nomenclature edition"))
            if status != "proposed" and not reviewer:
                issues.append(issue(rows, position, "status", status,
                                    "only the ministry may import approved or rejected links; use 'proposed'"))
        return issues
