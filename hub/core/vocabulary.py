"""The domain's closed sets and shared file layouts, named once for every layer (connectors included)."""

from __future__ import annotations

from enum import StrEnum


class LinkStatus(StrEnum):
    """Where a service <-> sub kegiatan link stands in review."""

    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"


LINK_STATUSES = tuple(status.value for status in LinkStatus)

# The government levels of the nomenclature, and the LEVEL part of their SPM services' codes
# (DIK.PROV.01 serves a PROV node, DIK.KAB.01 a KABKOT node).
GOVERNMENT_LEVELS = ("PROV", "KABKOT")
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
