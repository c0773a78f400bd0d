"""Typed filters of every list the hub serves. The GraphQL inputs and the CSV/XLSX export query
strings both become these plain dataclasses, so a list and its download always mean the same rows."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hub.core.errors import BadInput
from hub.core.text import control_character
from hub.core.vocabulary import NomenclatureTier

MAX_FILTER_TEXT = 200  # longer than any code, prefix or name; keeps LIKE patterns cheap
INTEGER_RANGE = (-(2**31), 2**31 - 1)  # the store's integer columns
MAX_AMOUNT = Decimal("1e15")  # rupiah; past any budget line


def check_filter(flt: Any) -> None:
    """Refuse filter values no stored row can match and the database may choke on: overlong or
    control-character text (NUL included), integers past the columns' range, NaN/Infinity or huge amounts.

    Raises:
        BadInput: naming the filter field and the limit.
    """
    for item in dataclasses.fields(flt):
        value = getattr(flt, item.name)
        if isinstance(value, str):
            if len(value) > MAX_FILTER_TEXT:
                raise BadInput(f"{item.name}: {len(value):,} characters; filters take at most {MAX_FILTER_TEXT}.")
            if (found := control_character(value)) is not None:
                raise BadInput(f"{item.name}: contains the control character {found}.")
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int) and not INTEGER_RANGE[0] <= value <= INTEGER_RANGE[1]:
            raise BadInput(f"{item.name}: {value} is out of range.")
        elif isinstance(value, Decimal) and (not value.is_finite() or abs(value) > MAX_AMOUNT):
            raise BadInput(f"{item.name}: {value} is not a finite amount of at most {MAX_AMOUNT:,.0f}.")


@dataclass
class RegionFilter:
    """Regions by code prefix (``53`` = NTT and its kabupaten/kota), level, parent or name."""

    code_prefix: str | None = None
    level: str | None = None
    parent_code: str | None = None
    name_contains: str | None = None


@dataclass
class ServiceFilter:
    """SPM services (jenis pelayanan dasar) by level, urusan or code prefix."""

    level: str | None = None
    field_code: str | None = None
    code_prefix: str | None = None


@dataclass
class NomenclatureNodeFilter:
    """Nomenclature codes of an edition by prefix, tier (urusan .. sub kegiatan), SPM flag or name."""

    edition_code: str | None = None
    code_prefix: str | None = None
    level: int | None = None  # the tier as a number 1..5; kept for existing clients, use ``tier``
    tier: NomenclatureTier | None = None
    spm_flag: bool | None = None
    government_level: str | None = None
    name_contains: str | None = None


@dataclass
class ServiceLinkFilter:
    """Service <-> nomenclature links by service, urusan, status, edition or code prefix."""

    service_code: str | None = None
    field_code: str | None = None
    status: str | None = None
    edition_code: str | None = None
    code_prefix: str | None = None
    needs_review: bool | None = None


@dataclass
class RegionScope:
    """Facts of one region (``region_code``) or of a region and every region below it (``region_prefix``)."""

    region_code: str | None = None
    region_prefix: str | None = None


@dataclass
class BudgetLineFilter(RegionScope):
    """Budget lines by region (code or prefix), year, stage, codes, amounts, or linked service/urusan
    (through approved links)."""

    fiscal_year: int | None = None
    stage: str | None = None
    sub_activity_prefix: str | None = None
    account_prefix: str | None = None
    funding_source_prefix: str | None = None
    min_planned: Decimal | None = None
    max_planned: Decimal | None = None
    service_code: str | None = None
    field_code: str | None = None


@dataclass
class AchievementReportFilter(RegionScope):
    """Achievement reports by region, year, quarter, service, urusan or level."""

    year: int | None = None
    quarter: int | None = None
    service_code: str | None = None
    field_code: str | None = None
    level: str | None = None


@dataclass
class RaporValueFilter(RegionScope):
    """Rapor Pendidikan values by region, year, indicator code, jenjang or linked service."""

    year: int | None = None
    indicator_code: str | None = None
    jenjang: str | None = None
    service_code: str | None = None
    subject_type: str | None = None


@dataclass
class SchoolFilter(RegionScope):
    """Schools (Dapodik) by kabupaten/kota (code or prefix), level (SD, SMP, ...), status (Negeri,
    Swasta) or name."""

    level: str | None = None
    status: str | None = None
    name_contains: str | None = None


@dataclass
class IngestRunFilter:
    """Ingest runs by connector and status."""

    connector: str | None = None
    status: str | None = None


@dataclass
class StageRecordFilter(RegionScope):
    """Stage records (the four stages of applying SPM) by region, year, urusan, stage or status."""

    year: int | None = None
    field_code: str | None = None
    stage: str | None = None
    status: str | None = None


@dataclass
class ProblemReportFilter(RegionScope):
    """Problems (permasalahan) by region, year, quarter or service."""

    year: int | None = None
    quarter: int | None = None
    service_code: str | None = None


@dataclass
class QuarterSubmissionFilter(RegionScope):
    """Quarter submissions by region, year, quarter or status (draft, submitted, verified, returned)."""

    year: int | None = None
    quarter: int | None = None
    status: str | None = None
