"""The domain's closed sets and shared file layouts, named once for every layer (connectors included)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib.resources import files


class LinkStatus(StrEnum):
    """Where a service <-> sub kegiatan link stands in review."""

    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"


LINK_STATUSES = tuple(status.value for status in LinkStatus)


class NomenclatureTier(StrEnum):
    """How deep a nomenclature code sits: tier n is stored as ``NomenclatureNode.level`` n (1..5)."""

    URUSAN = "urusan"
    BIDANG = "bidang"
    PROGRAM = "program"
    KEGIATAN = "kegiatan"
    SUB_KEGIATAN = "sub_kegiatan"

    @property
    def depth(self) -> int:
        """The stored level number, 1 (urusan) .. 5 (sub kegiatan)."""
        return list(NomenclatureTier).index(self) + 1


class GovernmentLevel(StrEnum):
    """The government level of a nomenclature code (the kegiatan digit): provinsi or kabupaten/kota."""

    PROV = "PROV"
    KABKOT = "KABKOT"


class ServiceLevel(StrEnum):
    """The government that must deliver an SPM service, and the level of a region: provinsi or kabupaten/kota."""

    PROV = "PROV"
    KAB = "KAB"


# The government levels of the nomenclature, and the LEVEL part of their SPM services' codes
# (DIK.PROV.01 serves a PROV node, DIK.KAB.01 a KABKOT node).
GOVERNMENT_LEVELS = tuple(level.value for level in GovernmentLevel)
SERVICE_LEVELS = {"PROV": "PROV", "KABKOT": "KAB"}
# The kegiatan digit (4th segment) that binds a kegiatan to one government level (SOURCE.md of the
# SIPD export, and every row of it agrees). Other digits (3..8: special-autonomy and shared
# kegiatan) are used by both levels.
KEGIATAN_DIGIT_LEVELS = {"1": "PROV", "2": "KABKOT"}

# The mapping workbook the hub exports and reads back: its hidden marker sheet, the sheet of rows
# and the exported columns in order.
MARKER_SHEET = "_hub"
MAPPING_SHEET = "Mappings"
WORKBOOK_COLUMNS = (
    "link_id",
    "edition",
    "sub_activity_code",
    "sub_activity_name",
    "level",
    "service_code",
    "service_name",
    "status",
    "note",
)


@dataclass(frozen=True)
class ChartEdition:
    """One edition of a chart of accounts or funding-source list: its code shape is data (the digits
    of each dotted segment), so a new shape is a new edition in ``chart_editions.toml``, not a regex."""

    chart: str  # accounts | funding_sources
    code: str
    name: str
    year: int
    segments: tuple[int, ...]
    predecessor: str | None = None

    def fits(self, code: str) -> bool:
        """True when ``code`` has this edition's shape down to its own depth (``5.1.02`` fits both
        account editions; ``5.1.02.01.001.00040`` only the 2026 one)."""
        parts = code.split(".")
        return len(parts) <= len(self.segments) and all(
            part.isdigit() and len(part) == width for part, width in zip(parts, self.segments, strict=False)
        )

    @property
    def example(self) -> str:
        """The shape written out, e.g. ``9.9.99.99.999.99999``."""
        return ".".join("9" * width for width in self.segments)


@cache
def chart_editions(chart: str) -> tuple[ChartEdition, ...]:
    """The shipped editions of ``chart`` (accounts or funding_sources), oldest first: by year, then
    by declared predecessor."""
    data = tomllib.loads(files("hub.core").joinpath("chart_editions.toml").read_text(encoding="utf-8"))
    found = [
        ChartEdition(
            chart=item["chart"],
            code=item["code"],
            name=item["name"],
            year=int(item["year"]),
            segments=tuple(int(width) for width in item["segments"]),
            predecessor=item.get("predecessor"),
        )
        for item in data["edition"]
        if item["chart"] == chart
    ]
    codes = {edition.code: edition for edition in found}

    def depth(edition: ChartEdition) -> int:
        return 0 if edition.predecessor not in codes else 1 + depth(codes[edition.predecessor])

    return tuple(sorted(found, key=lambda e: (e.year, depth(e))))


def editions_fitting(chart: str, code: str) -> tuple[ChartEdition, ...]:
    """The editions of ``chart`` whose code shape ``code`` has (none: a malformed code)."""
    return tuple(edition for edition in chart_editions(chart) if edition.fits(code))


class Stage(StrEnum):
    """The four stages of applying SPM, in order (Permendagri 59/2021)."""

    PENGUMPULAN_DATA = "PENGUMPULAN_DATA"
    PENGHITUNGAN_KEBUTUHAN = "PENGHITUNGAN_KEBUTUHAN"
    PENYUSUNAN_RENCANA = "PENYUSUNAN_RENCANA"
    PELAKSANAAN = "PELAKSANAAN"


STAGES = tuple(stage.value for stage in Stage)


class StageStatus(StrEnum):
    """How far a region is with one stage."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


STAGE_STATUSES = tuple(status.value for status in StageStatus)


class SubmissionStatus(StrEnum):
    """A region's quarter in e-SPM: draft -> submitted -> verified, or returned (with a reason) -> submitted."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    VERIFIED = "verified"
    RETURNED = "returned"


SUBMISSION_STATUSES = tuple(status.value for status in SubmissionStatus)
# Which move leads from which status (the action names are also the audit actions).
SUBMISSION_MOVES = {
    "submit": ((SubmissionStatus.DRAFT, SubmissionStatus.RETURNED), SubmissionStatus.SUBMITTED),
    "verify": ((SubmissionStatus.SUBMITTED,), SubmissionStatus.VERIFIED),
    "return": ((SubmissionStatus.SUBMITTED,), SubmissionStatus.RETURNED),
}


class ActionStatus(StrEnum):
    """Where one action of a Rencana Aksi stands."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


ACTION_STATUSES = tuple(status.value for status in ActionStatus)

# Reporting periods of the calendar: the four quarters (triwulan) and the annual report.
ANNUAL = "ANNUAL"
PERIODS = ("Q1", "Q2", "Q3", "Q4", ANNUAL)


def quarter_period(quarter: int) -> str:
    """The calendar period of a quarter (1 -> ``Q1``)."""
    return f"Q{quarter}"


# The parts of a quarter's e-SPM content, in e-SPM's order: completeness counts each part.
QUARTER_PARTS = ("achievement", "budgeting", "problems", "stages", "action_plan")
# Kinds of item a recipient must receive under a service's technical standard (mutu).
ITEM_KINDS = ("BARANG_JASA", "SDM")

# The quarter workbook (one region and quarter, e-SPM content order; Bahasa Indonesia): sheet -> its
# columns as (header, field). The hidden MARKER_SHEET holds the region, year and quarter it was exported for.
QUARTER_WORKBOOK: dict[str, tuple[tuple[str, str], ...]] = {
    "Capaian": (
        ("Kode Layanan", "service_code"),
        ("Nama Layanan", "service_name"),
        ("Jumlah Sasaran", "targeted"),
        ("Jumlah Terlayani Sesuai Standar", "served"),
    ),
    "Penganggaran": (
        ("Kode Layanan", "service_code"),
        ("Nama Layanan", "service_name"),
        ("Anggaran Dialokasikan", "budget_allocated"),
        ("Anggaran Terealisasi", "budget_realised"),
    ),
    "Permasalahan": (
        ("Kode Layanan", "service_code"),
        ("Permasalahan", "problem"),
        ("Solusi", "solution"),
        ("Jenis Permasalahan", "kinds"),
    ),
    "Tahapan": (
        ("Kode Urusan", "field_code"),
        ("Tahapan", "stage"),
        ("Status", "status"),
        ("Tanggal Selesai", "done_on"),
        ("Dokumen Bukti", "evidence_ref"),
        ("Nama Berkas Bukti", "evidence_file_name"),
        ("SHA-256 Berkas Bukti", "evidence_sha256"),
    ),
    "Rencana Aksi": (
        ("Uraian Aksi", "action"),
        ("Kode Layanan", "service_code"),
        ("OPD", "agency"),
        ("Kode Sub Kegiatan", "sub_activity_code"),
        ("Kode Baris Anggaran", "budget_line_key"),
        ("Target", "target"),
        ("Batas Waktu", "deadline"),
        ("Status", "status"),
        ("Progres (%)", "progress_pct"),
        ("Dokumen", "document_ref"),
    ),
    "Dokumen Rencana Aksi": (("Dokumen Rencana Aksi", "document_ref"), ("Tanggal Penetapan", "adopted_on")),
    "SK Tim": (
        ("Nomor SK", "number"),
        ("Tanggal SK", "decreed_on"),
        ("Berlaku Sampai", "valid_until"),
        ("Dokumen SK", "document_ref"),
    ),
    "Anggota Tim": (
        ("Nama", "name"),
        ("Peran", "role"),
        ("OPD", "agency"),
        ("Mulai", "member_from"),
        ("Sampai", "member_to"),
    ),
}
QUARTER_WORKBOOK_FORMAT = "spm-hub quarter workbook v1"
# Indonesian labels of the statuses in the workbook (the codes are accepted too).
STAGE_STATUS_LABELS = {"Belum": StageStatus.NOT_STARTED, "Proses": StageStatus.IN_PROGRESS, "Selesai": StageStatus.DONE}
ACTION_STATUS_LABELS = {
    "Rencana": ActionStatus.PLANNED,
    "Berjalan": ActionStatus.IN_PROGRESS,
    "Selesai": ActionStatus.DONE,
    "Batal": ActionStatus.CANCELLED,
}


class FollowUpStatus(StrEnum):
    """Where a follow-up of an assistance session stands; overdue is derived (open past its deadline)."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


FOLLOW_UP_STATUSES = tuple(status.value for status in FollowUpStatus)
OPEN_FOLLOW_UP_STATUSES = (FollowUpStatus.OPEN.value, FollowUpStatus.IN_PROGRESS.value)
# The minutes workbook speaks Bahasa Indonesia: the status words its dropdown offers.
FOLLOW_UP_STATUS_WORDS = {"terbuka": "open", "berjalan": "in_progress", "selesai": "done", "dibatalkan": "dropped"}
SESSION_MODES = ("onsite", "online")
# What a follow-up concerns: an SPM service, a sub kegiatan, an action of the Rencana Aksi, a data gap.
FOLLOW_UP_CONCERNS = ("service", "sub_kegiatan", "plan_action", "data_gap")
FOLLOW_UP_CONCERN_WORDS = {
    "layanan": "service",
    "sub kegiatan": "sub_kegiatan",
    "aksi rencana": "plan_action",
    "kesenjangan data": "data_gap",
}
MINUTES_SHEET = "Tindak Lanjut"
# The minutes workbook (template and export): Bahasa Indonesia headers -> field names, in order.
# The export adds the region's name (ignored on import); ID ties a row to a stored follow-up.
MINUTES_COLUMNS = (
    ("ID", "follow_up_id"),
    ("No. Keputusan", "decision_number"),
    ("Keputusan", "decision"),
    ("Tindak Lanjut", "action"),
    ("Kode Wilayah", "owner_region_code"),
    ("OPD", "owner_opd"),
    ("Peran Penanggung Jawab", "owner_role"),
    ("Narahubung", "contact_name"),
    ("Batas Waktu", "due_on"),
    ("Status", "status"),
    ("Alasan Dibatalkan", "reason"),
    ("Bukti Penyelesaian", "evidence"),
    ("Tanggal Selesai", "closed_on"),
    ("Terkait", "concerns"),
    ("Kode Terkait", "concerns_ref"),
)
MINUTES_OPTIONAL = frozenset(
    {"follow_up_id", "contact_name", "status", "reason", "evidence", "closed_on", "concerns", "concerns_ref"}
)
# The same workbook in Bahasa Indonesia (the default language): its sheets, column names and status
# words. The links connector reads either language, so a workbook exported in English still imports.
MAPPING_SHEETS = {"en": MAPPING_SHEET, "id": "Pemetaan"}
SERVICE_SHEETS = {"en": "Services", "id": "Layanan"}
WORKBOOK_COLUMNS_ID = {
    "link_id": "id_tautan",
    "edition": "edisi",
    "sub_activity_code": "kode_sub_kegiatan",
    "sub_activity_name": "nama_sub_kegiatan",
    "level": "tingkat",
    "service_code": "kode_layanan",
    "service_name": "nama_layanan",
    "status": "status",
    "note": "catatan",
    "indicator": "indikator",
    "unit": "satuan",
    "proposal_reason": "alasan_usulan",
    "recipients": "penerima",
}
LINK_STATUS_WORDS_ID = {"proposed": "diusulkan", "approved": "disetujui", "rejected": "ditolak"}
