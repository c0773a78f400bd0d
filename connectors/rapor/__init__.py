"""Rapor Pendidikan indicator values per region and per school: exported files and the HTTP JSON API."""

from connectors.rapor.api import RaporApiConnector, RetryPolicy, get_page, iter_records
from connectors.rapor.contract import RaporContract
from connectors.rapor.extract import RaporConnector

__all__ = ["RaporApiConnector", "RaporConnector", "RaporContract", "RetryPolicy", "get_page", "iter_records"]
