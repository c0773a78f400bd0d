"""The only list of ingestable sources: connector + the writer that stores its rows."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from connectors import REGISTRY as CONNECTORS
from connectors.base import Connector
from hub.core.errors import NotFound
from hub.ingest.writers import base as writers
from hub.ingest.writers import nomenclature
from hub.ingest.writers.achievement import ReportWriter
from hub.ingest.writers.budget import BudgetLineWriter
from hub.ingest.writers.links import MappingWriter
from hub.ingest.writers.rapor import RaporWriter
from hub.models import Account, FundingSource, PopulationCount, School

WriterFactory = Callable[[Mapping[str, str]], Any]

WRITERS: dict[str, WriterFactory] = {
    "accounts": lambda _options: writers.UpsertWriter(Account, ["code"], run_column=None),
    "funding_sources": lambda _options: writers.UpsertWriter(FundingSource, ["code"], run_column=None),
    "budget": BudgetLineWriter,
    "achievement": lambda _options: ReportWriter(),
    "schools": lambda _options: writers.UpsertWriter(School, ["npsn"]),
    "rapor": lambda _options: RaporWriter(),
    "rapor_api": lambda _options: RaporWriter(),
    "nomenclature": nomenclature.NomenclatureWriter,
    "nomenclature_spm": nomenclature.SpmTaggingWriter,
    "population": lambda _options: writers.ScopeReplaceWriter(PopulationCount, ["region_code", "year"]),
    "links": lambda options: MappingWriter(options),
}

# Sources whose rows belong to one region (loaded with ``region=<code>``; rows of any other region are
# refused): region tokens may upload them for their own region (a province also for its kabupaten/kota).
REGIONAL_SOURCES: frozenset[str] = frozenset({"budget", "achievement", "population", "schools"})
# Sources a region token may load as proposals only (the ministry approves or rejects what they hold).
PROPOSAL_SOURCES: frozenset[str] = frozenset({"links"})
# Every other source is national (charts of accounts, nomenclature, Rapor...): only the ministry loads it.


# Names the sources had before they were named after their domain; still accepted everywhere.
ALIASES: dict[str, str] = {"reports": "achievement", "mappings": "links"}


def canonical_source(name: str) -> str:
    """The registered name of ``name`` (an alias resolves to the source it stands for)."""
    return ALIASES.get(name, name)


def get_source(name: str) -> tuple[Connector, WriterFactory]:
    """The connector and writer factory for ``name`` (or one of its ``ALIASES``).

    Raises:
        NotFound: no source of that name.
    """
    name = canonical_source(name)
    if name not in CONNECTORS or name not in WRITERS:
        raise NotFound(f"Unknown source {name!r}; available: {', '.join(sorted(set(CONNECTORS) & set(WRITERS)))}")
    return CONNECTORS[name], WRITERS[name]
