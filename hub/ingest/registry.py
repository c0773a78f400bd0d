"""The only list of ingestable sources: each pairs a connector (read, validate, check) with the
writer that stores its rows, says whether a region may load it for itself, and where it is documented."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from connectors import (
    AccountsConnector,
    AchievementConnector,
    BudgetConnector,
    FundingSourcesConnector,
    LinksConnector,
    MinutesConnector,
    NomenclatureConnector,
    PopulationConnector,
    PricesConnector,
    QuarterConnector,
    RaporApiConnector,
    RaporConnector,
    SchoolsConnector,
    SpmTaggingConnector,
)
from connectors.base import Connector
from hub.core.errors import NotFound
from hub.ingest.writers.achievement import AchievementWriter
from hub.ingest.writers.base import ScopeReplaceWriter, UpsertWriter, Writer
from hub.ingest.writers.budget import BudgetLineWriter
from hub.ingest.writers.links import LinkWriter
from hub.ingest.writers.minutes import MinutesWriter
from hub.ingest.writers.nomenclature import NomenclatureWriter, SpmTaggingWriter
from hub.ingest.writers.prices import PriceWriter
from hub.ingest.writers.quarter import QuarterWriter
from hub.ingest.writers.rapor import RaporWriter
from hub.models import Account, FundingSource, PopulationCount, School

WriterFactory = Callable[[Mapping[str, str]], Writer]


@dataclass(frozen=True)
class Source:
    """One ingestable source: its connector, a writer per run, and the page that documents it.

    ``regional`` sources hold one region's rows (loaded with ``region=<code>``; rows of any other region
    are refused): a region token may load them for its own region (a province also for its kabupaten/kota).
    ``proposals`` sources may be loaded by any region token, but what a region loads stays proposed (the
    ministry approves or rejects). Every other source is national and only the ministry loads it.
    ``reviewed`` sources carry review decisions (links): only a reviewer may approve or reject, and
    the ``reviewer`` option that says so comes from the caller's role (``caller_options``)."""

    connector: Connector
    writer: WriterFactory
    docs: str
    regional: bool = False
    proposals: bool = False
    reviewed: bool = False
    own_data: bool = False  # a region's own report: only that region (or the ministry) loads it

    def caller_options(self, options: Mapping[str, str], *, reviewer: bool) -> dict[str, str]:
        """``options`` for a load by a caller who is (or is not) a reviewer: a ``reviewer`` option
        sent with the request is dropped, and a reviewed source gets the caller's own."""
        cleaned = {key: value for key, value in options.items() if key != "reviewer"}
        if self.reviewed:
            cleaned["reviewer"] = "1" if reviewer else "0"
        return cleaned

    @property
    def name(self) -> str:
        return self.connector.name


SOURCES: dict[str, Source] = {
    source.name: source
    for source in (
        Source(
            AccountsConnector(),
            lambda _options: UpsertWriter(Account, ["code"], run_column=None),
            "docs/ingest-budget.md",
        ),
        Source(
            FundingSourcesConnector(),
            lambda _options: UpsertWriter(FundingSource, ["code"], run_column=None),
            "docs/ingest-budget.md",
        ),
        Source(BudgetConnector(), BudgetLineWriter, "docs/ingest-budget.md", regional=True),
        Source(AchievementConnector(), lambda _options: AchievementWriter(), "docs/ingest-sources.md", regional=True),
        Source(
            SchoolsConnector(),
            lambda _options: UpsertWriter(School, ["npsn"]),
            "docs/ingest-sources.md",
            regional=True,
        ),
        Source(RaporConnector(), lambda _options: RaporWriter(), "docs/ingest-sources.md"),
        Source(RaporApiConnector(), lambda _options: RaporWriter(), "docs/ingest-sources.md"),
        Source(NomenclatureConnector(), NomenclatureWriter, "docs/links.md"),
        Source(SpmTaggingConnector(), SpmTaggingWriter, "docs/links.md"),
        Source(
            PopulationConnector(),
            lambda _options: ScopeReplaceWriter(PopulationCount, ["region_code", "year"]),
            "docs/need-and-mappings.md",
            regional=True,
        ),
        Source(LinksConnector(), LinkWriter, "docs/need-and-mappings.md", proposals=True, reviewed=True),
        Source(
            QuarterConnector(), lambda _options: QuarterWriter(), "docs/espm-cycle.md", regional=True, own_data=True
        ),
        Source(PricesConnector(), PriceWriter, "docs/espm-cycle.md", regional=True),
        Source(MinutesConnector(), MinutesWriter, "docs/assistance.md"),
    )
}

# Names the sources had before they were named after their domain; still accepted everywhere.
ALIASES: dict[str, str] = {"reports": "achievement", "mappings": "links"}


def canonical_source(name: str) -> str:
    """The registered name of ``name`` (an alias resolves to the source it stands for)."""
    return ALIASES.get(name, name)


def get_source(name: str) -> Source:
    """The source registered as ``name`` (or one of its ``ALIASES``).

    Raises:
        NotFound: no source of that name.
    """
    source = SOURCES.get(canonical_source(name))
    if source is None:
        raise NotFound(f"Unknown source {name!r}; available: {', '.join(sorted(SOURCES))}")
    return source
