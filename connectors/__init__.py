"""Connectors: one package per source, each with its extract (``read``) and Pandera contract.

The hub's ingest registry (``hub.ingest.registry.SOURCES``) pairs each with the writer that stores it.
"""

from __future__ import annotations

from connectors.accounts import AccountsConnector, FundingSourcesConnector
from connectors.achievement import AchievementConnector
from connectors.budget import BudgetConnector
from connectors.links import LinksConnector
from connectors.nomenclature import NomenclatureConnector, SpmTaggingConnector
from connectors.population import PopulationConnector
from connectors.rapor import RaporApiConnector, RaporConnector
from connectors.schools import SchoolsConnector

__all__ = [
    "AccountsConnector",
    "AchievementConnector",
    "BudgetConnector",
    "FundingSourcesConnector",
    "LinksConnector",
    "NomenclatureConnector",
    "PopulationConnector",
    "RaporApiConnector",
    "RaporConnector",
    "SchoolsConnector",
    "SpmTaggingConnector",
]
