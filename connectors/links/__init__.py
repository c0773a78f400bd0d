"""Mappings between SPM services and nomenclature codes, as planning offices keep them."""

from connectors.links.contract import MappingContract
from connectors.links.extract import MappingsConnector, hub_workbook_sheet

__all__ = ["MappingContract", "MappingsConnector", "hub_workbook_sheet"]
