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
