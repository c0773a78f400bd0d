"""Read Rapor Pendidikan values from an exported file: one row per (edition, jenjang, indicator,
region or school, year), sheet ``Nilai`` of a workbook or a CSV. Indicators are keyed by
(edition, jenjang, code) because names change per edition (docs/domain.md section 7)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import ClassVar

import pandas as pd

from connectors.base import Batch, Need, References, issue
from connectors.keys import FirstOccurrences, duplicate_issues
from connectors.rapor.contract import SCORED_LABELS, RaporContract
from connectors.reading import read_batches
from hub.core.errors import RowIssue

COLUMNS = {
    "Edisi": "edition",
    "Jenjang": "jenjang",
    "Kode Indikator": "indicator_code",
    "Nama Indikator": "indicator_name",
    "Layanan SPM": "service_code",
    "Kode Wilayah": "region_code",
    "NPSN": "npsn",
    "Tahun": "year",
    "Nilai": "score",
    "Label Capaian": "category",
}
OPTIONAL = frozenset({"service_code", "score"})
KEY = ("edition", "jenjang", "indicator_code", "region_code", "npsn", "year")


class RaporConnector:
    """Rapor Pendidikan indicator values per region and per school (NPSN), from an exported file."""

    name: ClassVar[str] = "rapor"
    description: ClassVar[str] = "Rapor Pendidikan values (XLSX sheet Nilai, or CSV)"
    contract: ClassVar[type[RaporContract]] = RaporContract
    needs: ClassVar[frozenset[Need]] = frozenset({"region_levels", "service_levels", "school_regions"})

    def read(self, path: Path, options: Mapping[str, str]) -> Iterator[Batch]:
        workbook = path.suffix.lower() in {".xlsx", ".xlsm"}
        repeats = FirstOccurrences(KEY)
        for batch in read_batches(
            path, COLUMNS, sheet=options.get("sheet", "Nilai") if workbook else None, optional=OPTIONAL
        ):
            yield repeats.mark(batch)

    def check(
        self, frame: pd.DataFrame, rows: Sequence[int], refs: References, options: Mapping[str, str]
    ) -> list[RowIssue]:
        issues = duplicate_issues(frame, rows, "indicator, subject and year")
        subject_types, subject_codes, regions = [], [], []
        for position, (region, npsn, service, score, category) in enumerate(
            zip(
                frame["region_code"],
                frame["npsn"],
                frame["service_code"],
                frame["score"],
                frame["category"],
                strict=True,
            )
        ):
            region, npsn = _text(region), _text(npsn)
            subject_types.append("school" if npsn else "region")
            subject_codes.append(npsn or region)
            regions.append(refs.school_regions.get(npsn) if npsn else region)
            if bool(region) == bool(npsn):
                issues.append(
                    issue(
                        rows,
                        position,
                        "npsn" if npsn else "region_code",
                        npsn or region,
                        "give either Kode Wilayah (a region's value) or NPSN (a school's value), not both",
                    )
                )
            elif npsn and npsn not in refs.school_regions:
                issues.append(
                    issue(
                        rows,
                        position,
                        "npsn",
                        npsn,
                        "unknown NPSN: load the school (Dapodik list) before its Rapor values",
                    )
                )
            elif region and region not in refs.region_levels:
                issues.append(
                    issue(
                        rows,
                        position,
                        "region_code",
                        region,
                        "unknown region code: not in the Kemendagri region list of the store",
                    )
                )
            if _text(service) and _text(service) not in refs.service_levels:
                issues.append(
                    issue(
                        rows,
                        position,
                        "service_code",
                        service,
                        "unknown SPM service (jenis pelayanan dasar) code: not in the SPM catalogue",
                    )
                )
            if category in SCORED_LABELS and pd.isna(score):
                issues.append(
                    issue(rows, position, "score", None, f"a value labelled {category!r} needs a score (Nilai)")
                )
        frame["subject_type"], frame["subject_code"], frame["region_code"] = subject_types, subject_codes, regions
        return issues


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    return str(value).strip() or None
