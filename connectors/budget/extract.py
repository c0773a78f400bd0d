"""Read regional budget files (SIPD exports, DPA forms, the hub's CSV) into budget lines, and check
them against the regions, nomenclature, accounts and funding sources loaded in the store."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import ClassVar

import pandas as pd

from connectors.base import Batch, Need, References, is_rupiah, issue
from connectors.budget.contract import BudgetContract
from connectors.budget.layouts import LAYOUTS, Layout, pick_layout
from connectors.keys import drop_exact_repeats
from connectors.reading import header_key, read_batches, read_header
from hub.core.errors import BadInput, RowIssue

# contract column -> the -o option that supplies it when the layout has no such column
OPTION_COLUMNS = {
    "region_code": "region",
    "fiscal_year": "year",
    "stage": "stage",
    "agency_code": "agency",
    "agency_name": "agency_name",
    "sub_activity_code": "sub_activity",
}
REQUIRED = ("region_code", "fiscal_year", "stage", "sub_activity_code")
KEY_COLUMNS = (
    "region_code",
    "fiscal_year",
    "stage",
    "agency_code",
    "sub_activity_code",
    "account_code",
    "funding_source_code",
    "package_name",
)


def line_keys(frame: pd.DataFrame) -> list[str]:
    """A digest of each row's natural key (the writer numbers repeats of the same key)."""
    parts = zip(*(frame[c] if c in frame else [None] * len(frame) for c in KEY_COLUMNS), strict=True)
    return [
        hashlib.sha256("|".join("" if v is None or v != v else str(v).strip() for v in row).encode()).hexdigest()[:40]
        for row in parts
    ]


class BudgetConnector:
    """Regional budget lines (APBD/DPA): region, year, stage, agency, sub kegiatan, account,
    funding source, package, exact amounts."""

    name: ClassVar[str] = "budget"
    description: ClassVar[str] = (
        "Budget lines: SIPD Rekap 5 XLSX, SIPD pagu per sub kegiatan JSON, DPA forms, "
        "or the hub CSV (-o region=81.04 -o year=2025 -o stage=murni)"
    )
    contract: ClassVar[type[BudgetContract]] = BudgetContract
    needs: ClassVar[frozenset[Need]] = frozenset({"region_levels", "nomenclature_codes", "accounts", "funding_sources"})

    def read(self, path: Path, options: Mapping[str, str]) -> Iterator[Batch]:
        """Recognise the layout from the header, then stream it as contract-shaped batches.

        Raises:
            BadInput: unreadable file, unknown layout, missing column or a missing required option.
        """
        sheet = options.get("sheet")
        header = read_header(path, sheet=sheet)
        layout = pick_layout(header)
        if layout is None:
            raise BadInput(
                f"{path.name}: not a known budget layout; expected the columns of one of: "
                + "; ".join(f"{lay.name} ({', '.join(list(lay.columns)[:4])}, ...)" for lay in LAYOUTS)
            )
        fixed = _option_values(layout, header, options, path.name)
        batches = self._batches(path, layout, fixed, sheet)
        if layout.unique:
            batches = drop_exact_repeats(batches, layout.unique, ["planned_amount"], "this line")
        yield from batches

    @staticmethod
    def _batches(path: Path, layout: Layout, fixed: Mapping[str, str], sheet: str | None) -> Iterator[Batch]:
        for raw in read_batches(path, layout.columns, sheet=sheet, optional=layout.optional):
            frame = layout.derive(raw.frame)
            for column in BudgetContract.to_schema().columns:
                if column in fixed or column not in frame:
                    frame[column] = fixed.get(column)
            frame["line_key"] = line_keys(frame)
            yield Batch(frame, raw.rows, raw.sheet, _stated_mismatches(frame, raw.rows))

    def check(
        self, frame: pd.DataFrame, rows: Sequence[int], refs: References, options: Mapping[str, str]
    ) -> list[RowIssue]:
        """Region and year agree with the options and exist; sub kegiatan, account and funding
        source codes are looked up (unknown: warning, ``--strict``: error).

        Adds ``sub_activity_known`` to ``frame``.

        Raises:
            BadInput: ``-o region`` names a region that is not loaded.
        """
        region = options.get("region")
        if region and region not in refs.region_levels:
            raise BadInput(
                f"region {region!r} (-o region) is not a loaded region; load regions first "
                "(`spm-hub regions load`) or fix the code (e.g. 81.04)"
            )
        codes = frame["region_code"]
        loaded = codes.isin(set(refs.region_levels))
        issues = _flag(frame, rows, "region_code", ~loaded, "region code is not a loaded region")
        if region:
            issues += _flag(
                frame,
                rows,
                "region_code",
                loaded & (codes != region),
                f"must be the region given with -o region={region}",
            )
        year = options.get("year")
        if year:
            issues += _flag(
                frame,
                rows,
                "fiscal_year",
                frame["fiscal_year"].astype(str) != year,
                f"must be the year given with -o year={year}",
            )
        known = frame["sub_activity_code"].isin(refs.nomenclature_codes)
        frame["sub_activity_known"] = known.astype(bool)
        issues += _lookup(
            frame,
            rows,
            "sub_activity_code",
            refs.nomenclature_codes,
            "sub kegiatan code",
            "nomenclature edition",
            "load a nomenclature edition with `spm-hub ingest nomenclature ...`",
        )
        issues += _lookup(
            frame,
            rows,
            "account_code",
            refs.accounts,
            "account code",
            "chart of accounts",
            "load it with `spm-hub ingest accounts ...`",
        )
        issues += _lookup(
            frame,
            rows,
            "funding_source_code",
            refs.funding_sources,
            "funding source code",
            "funding-source list",
            "load it with `spm-hub ingest funding_sources ...`",
        )
        return issues


def _option_values(layout: Layout, header: list[str], options: Mapping[str, str], name: str) -> dict[str, str]:
    """Values the ``-o`` options give for the contract columns this file does not have."""
    present_keys = {header_key(h) for h in header}
    present = {target for source, target in layout.columns.items() if header_key(source) in present_keys}
    fixed, missing = {}, []
    for column, option in OPTION_COLUMNS.items():
        if column in present:
            continue
        if options.get(option):
            fixed[column] = options[option]
        elif column in REQUIRED:
            missing.append(f"-o {option}=...")
    if missing:
        raise BadInput(
            f"{name}: a {layout.name} file does not say its {', '.join(m[3:-4] for m in missing)}; "
            f"give {' '.join(missing)}"
        )
    return fixed


def _stated_mismatches(frame: pd.DataFrame, rows: Sequence[int]) -> list[RowIssue]:
    """Where a form states JUMLAH, it must equal the computed HARGA x VOLUME."""
    if "stated_amount" not in frame:
        return []
    found = []
    for position, (stated, planned) in enumerate(zip(frame.pop("stated_amount"), frame["planned_amount"], strict=True)):
        if stated is None or (stated == planned and is_rupiah(stated)):
            continue
        rule = (
            f"JUMLAH must equal HARGA SAT. KOMPONEN x VOLUME = {planned}"
            if is_rupiah(stated)
            else "JUMLAH must be an amount in rupiah (a number with at most 2 decimals)"
        )
        found.append(issue(rows, position, "JUMLAH", stated, rule))
    return found


def _flag(
    frame: pd.DataFrame, rows: Sequence[int], column: str, bad: pd.Series, rule: str, severity: str = "error"
) -> list[RowIssue]:
    """One issue per row where ``bad`` holds."""
    values = frame[column]
    return [issue(rows, int(p), column, values.iloc[p], rule, severity=severity) for p in bad.to_numpy().nonzero()[0]]


def _lookup(
    frame: pd.DataFrame,
    rows: Sequence[int],
    column: str,
    known: frozenset[str],
    what: str,
    chart: str,
    hint: str,
) -> list[RowIssue]:
    """Warnings for codes absent from ``known``; one per batch when nothing is loaded to check against."""
    values = frame[column]
    given = values.notna()
    if not given.any():
        return []
    if not known:
        return [
            RowIssue(
                row=None,
                column=column,
                value=None,
                severity="warning",
                rule=f"{what}s were not checked: no {chart} is loaded; {hint}",
            )
        ]
    unknown = given & ~values.isin(known)
    return _flag(frame, rows, column, unknown, f"{what} is in no loaded {chart}", severity="warning")
