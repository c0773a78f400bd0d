"""Typed filters of every list the hub serves. The GraphQL inputs and the CSV/XLSX export query
strings both become these plain dataclasses, so a list and its download always mean the same rows."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from hub.core.vocabulary import NomenclatureTier


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
