"""Connectors: one package per source, each with its extract (``read``) and Pandera contract.

``REGISTRY`` is the only list of connectors; the hub pairs each with a writer.
"""

from __future__ import annotations

from connectors.accounts import AccountsConnector, FundingSourcesConnector
from connectors.achievement import ReportsConnector
from connectors.base import Connector
from connectors.budget import BudgetConnector
from connectors.links import MappingsConnector
from connectors.minutes import MinutesConnector
from connectors.nomenclature import NomenclatureConnector, SpmTaggingConnector
from connectors.population import PopulationConnector
from connectors.rapor import RaporApiConnector, RaporConnector
from connectors.schools import SchoolsConnector

REGISTRY: dict[str, Connector] = {
    connector.name: connector
    for connector in (
        AccountsConnector(),
        FundingSourcesConnector(),
        BudgetConnector(),
        ReportsConnector(),
        RaporConnector(),
        RaporApiConnector(),
        SchoolsConnector(),
        NomenclatureConnector(),
        SpmTaggingConnector(),
        PopulationConnector(),
        MappingsConnector(),
        MinutesConnector(),
    )
}

__all__ = ["REGISTRY"]
