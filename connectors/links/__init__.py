"""Mappings between SPM services and nomenclature codes, as planning offices keep them."""

from connectors.links.contract import MappingContract
from connectors.links.extract import MappingsConnector, is_hub_workbook

__all__ = ["MappingContract", "MappingsConnector", "is_hub_workbook"]
