"""Mappings between SPM services and nomenclature codes, as planning offices keep them."""

from connectors.mappings.contract import STATUSES, MappingContract
from connectors.mappings.extract import (
    MAPPING_SHEET,
    MARKER_SHEET,
    WORKBOOK_COLUMNS,
    MappingsConnector,
    is_hub_workbook,
)

__all__ = [
    "MAPPING_SHEET",
    "MARKER_SHEET",
    "STATUSES",
    "WORKBOOK_COLUMNS",
    "MappingContract",
    "MappingsConnector",
    "is_hub_workbook",
]
