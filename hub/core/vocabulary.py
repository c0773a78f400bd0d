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
