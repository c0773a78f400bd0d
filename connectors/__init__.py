"""Connectors: one package per source, each with its extract (``read``) and Pandera contract.

``REGISTRY`` is the only list of connectors; the hub pairs each with a writer.
"""

from __future__ import annotations

from connectors.accounts import AccountsConnector, FundingSourcesConnector
from connectors.base import Connector
from connectors.mappings import MappingsConnector

REGISTRY: dict[str, Connector] = {
    connector.name: connector
    for connector in (
        AccountsConnector(),
        FundingSourcesConnector(),
        MappingsConnector(),
    )
}

__all__ = ["REGISTRY"]
