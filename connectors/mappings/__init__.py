"""Bulk service <-> sub kegiatan links from planning offices' spreadsheets."""

from connectors.mappings.contract import MappingContract
from connectors.mappings.extract import MappingsConnector

__all__ = ["MappingContract", "MappingsConnector"]
