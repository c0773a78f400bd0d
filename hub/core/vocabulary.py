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
