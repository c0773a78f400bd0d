"""Mappings between SPM services and nomenclature codes, as planning offices keep them."""

from connectors.links.contract import LinkContract
from connectors.links.extract import LinksConnector, is_hub_workbook

__all__ = ["LinkContract", "LinksConnector", "is_hub_workbook"]
