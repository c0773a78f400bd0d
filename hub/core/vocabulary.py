"""The domain's closed sets and shared file layouts, named once for every layer (connectors included)."""

from __future__ import annotations

from enum import StrEnum


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
