"""Mappings between SPM services and nomenclature codes, as planning offices keep them."""

from connectors.links.contract import LinkContract
from connectors.links.extract import LinksConnector, hub_workbook_sheet

__all__ = ["LinkContract", "LinksConnector", "hub_workbook_sheet"]
