"""Read e-SPM quarterly reports: a workbook with a report sheet (``Laporan``) and a mutu sheet
(``Mutu``), or a CSV of report rows only. Rules the contract cannot know are checked here: the
region and service exist, the service belongs to the region's government level, served never
exceeds targeted, a key appears once, and every mutu row belongs to a report row of the file."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import ClassVar

import pandas as pd

from connectors.achievement.contract import MutuContract, ReportContract
from connectors.base import Batch, Need, References, issue, outside_region
from connectors.keys import FirstOccurrences, duplicate_issues
from connectors.reading import read_batches
from hub.core.errors import RowIssue
from hub.core.regions import region_code

KEY = ("region_code", "year", "quarter", "service_code")
PERIOD_COLUMNS = {"Kode Wilayah": "region_code", "Tahun": "year", "Triwulan": "quarter", "Kode Layanan": "service_code"}
REPORT_COLUMNS = PERIOD_COLUMNS | {
    "Jumlah Sasaran": "targeted",
    "Jumlah Terlayani Sesuai Standar": "served",
    "Anggaran Dialokasikan": "budget_allocated",
    "Anggaran Terealisasi": "budget_realised",
    "Permasalahan": "problems",
    "Solusi": "solutions",
}
REPORT_OPTIONAL = frozenset({"budget_allocated", "budget_realised", "problems", "solutions"})
MUTU_COLUMNS = PERIOD_COLUMNS | {
    "Kode Mutu": "item_code",
    "Jenis Mutu": "kind",
    "Nama Mutu": "name",
    "Jumlah Harus Dipenuhi": "required",
    "Jumlah Terpenuhi": "fulfilled",
}
LEVEL_NAMES = {"PROV": "a provinsi", "KAB": "a kabupaten/kota"}


class AchievementConnector:
    """e-SPM achievement reports (capaian penerima + mutu) per region, year, quarter and service."""

    name: ClassVar[str] = "achievement"
    description: ClassVar[str] = "e-SPM quarterly reports (XLSX sheets Laporan + Mutu, or CSV of reports)"
    contract: ClassVar[type[ReportContract]] = ReportContract
    needs: ClassVar[frozenset[Need]] = frozenset({"region_levels", "service_levels"})

    def read(self, path: Path, options: Mapping[str, str]) -> Iterator[Batch]:
        workbook = path.suffix.lower() in {".xlsx", ".xlsm"}
        reports = FirstOccurrences(KEY)
        report_sheet = options.get("report_sheet", "Laporan") if workbook else None
        for batch in read_batches(path, REPORT_COLUMNS, sheet=report_sheet, optional=REPORT_OPTIONAL):
            batch.frame["region_code"] = batch.frame["region_code"].map(region_code)
            yield reports.mark(batch)
        if not workbook:
            return
        items = FirstOccurrences((*KEY, "item_code"))
        for batch in read_batches(
            path, MUTU_COLUMNS, sheet=options.get("mutu_sheet", "Mutu"), optional=frozenset({"name"})
        ):
            batch.frame["region_code"] = batch.frame["region_code"].map(region_code)
            batch.frame["report_row"] = reports.lookup(batch.frame)
            yield Batch(items.mark(batch).frame, batch.rows, batch.sheet, contract=MutuContract)

    def check(
        self, frame: pd.DataFrame, rows: Sequence[int], refs: References, options: Mapping[str, str]
    ) -> list[RowIssue]:
        mutu = "report_row" in frame.columns
        issues = _check_period(frame, rows, refs) + outside_region(frame, rows, options.get("region"))
        issues += duplicate_issues(frame, rows, "region, year, quarter, service" + (" and mutu item" if mutu else ""))
        if mutu:
            for position, report_row in enumerate(frame["report_row"]):
                if pd.isna(report_row):
                    issues.append(
                        issue(
                            rows,
                            position,
                            "service_code",
                            frame["service_code"].iloc[position],
                            "no report row in the report sheet for this region, year, quarter and "
                            "service: a mutu item must belong to a report of the same file",
                        )
                    )
            return issues
        targeted = pd.to_numeric(frame["targeted"], errors="coerce")
        served = pd.to_numeric(frame["served"], errors="coerce")
        for position in [int(p) for p in (served > targeted).to_numpy().nonzero()[0]]:
            issues.append(
                issue(
                    rows,
                    position,
                    "served",
                    served.iloc[position],
                    f"served to standard ({served.iloc[position]:.0f}) can never exceed the targeted "
                    f"recipients ({targeted.iloc[position]:.0f})",
                )
            )
        return issues + _decreasing(frame, rows, served)


def _check_period(frame: pd.DataFrame, rows: Sequence[int], refs: References) -> list[RowIssue]:
    """Region and service exist, and the service is of the region's level."""
    issues = []
    for position, (region, service) in enumerate(zip(frame["region_code"], frame["service_code"], strict=True)):
        region_level = refs.region_levels.get(str(region))
        service_level = refs.service_levels.get(str(service))
        if region_level is None:
            issues.append(
                issue(
                    rows,
                    position,
                    "region_code",
                    region,
                    "unknown region code: not in the Kemendagri region list of the store",
                )
            )
        if service_level is None:
            issues.append(
                issue(
                    rows,
                    position,
                    "service_code",
                    service,
                    "unknown SPM service (jenis pelayanan dasar) code: not in the SPM catalogue",
                )
            )
        elif region_level is not None and service_level != region_level:
            issues.append(
                issue(
                    rows,
                    position,
                    "service_code",
                    service,
                    f"{service} is a service of {LEVEL_NAMES.get(service_level, service_level)} but "
                    f"region {region} is {LEVEL_NAMES.get(region_level, region_level)}: report only "
                    "the services of the region's government level",
                )
            )
    return issues


def _decreasing(frame: pd.DataFrame, rows: Sequence[int], served: pd.Series) -> list[RowIssue]:
    """Served is cumulative within a year: a quarter below an earlier quarter is suspicious (warning)."""
    data = pd.DataFrame(
        {
            "key": list(zip(frame["region_code"], frame["year"], frame["service_code"], strict=True)),
            "quarter": pd.to_numeric(frame["quarter"], errors="coerce"),
            "served": served,
        }
    )
    issues = []
    for _, group in data.dropna().sort_values("quarter").groupby("key", sort=False):
        previous = group["served"].cummax().shift()
        for position in group.index[group["served"] < previous]:
            issues.append(
                issue(
                    rows,
                    int(position),
                    "served",
                    served.iloc[int(position)],
                    "served to standard is cumulative within the year but is lower than in an earlier quarter",
                    severity="warning",
                )
            )
    return issues
