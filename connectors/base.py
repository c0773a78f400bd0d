"""What every connector shares: the ``Connector`` protocol the hub drives, the ``Batch`` of rows it
yields, the ``References`` it checks against, and the row issues it reports.

Reading files is in ``connectors.reading``; the Pandera gate that turns contract failures into row
issues is the hub's (``hub.ingest.validation``).

A connector never touches the database: it reads, validates and checks rows against the plain
reference sets (``References``) that the hub fills from the store.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, ClassVar, Literal, Protocol, runtime_checkable

import httpx
import pandas as pd
import pandera.pandas as pa

from hub.core.errors import RowIssue

CHUNK_ROWS = 5_000
REGION_CODE = r"^\d{2}(\.\d{2})?$"  # provinsi 53 or kabupaten/kota 53.02 (kode wilayah Kemendagri)
SERVICE_CODE = r"^[A-Z]+\.(PROV|KAB)\.\d{2}$"  # jenis pelayanan dasar, e.g. DIK.KAB.02
RUPIAH_RULE = "must be a rupiah amount, at least 0 with at most 2 decimals"


def is_rupiah(value: Any) -> bool:
    """An empty cell or a non-negative amount with at most two decimals (sen), as text or number."""
    if value is None or (isinstance(value, float) and value != value):
        return True
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return False
    return amount.is_finite() and amount >= 0 and amount == amount.quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Batch:
    """A chunk of source rows. ``rows[i]`` is the spreadsheet row number of ``frame.iloc[i]``.

    ``contract`` overrides the connector's contract for this batch (a workbook whose sheets hold
    different kinds of rows, e.g. e-SPM reports and their mutu items).
    """

    frame: pd.DataFrame
    rows: list[int]
    sheet: str | None = None
    issues: list[RowIssue] = field(default_factory=list)  # found while reading (e.g. repeated keys)
    contract: type[pa.DataFrameModel] | None = None  # overrides the connector's (multi-sheet sources)


# The names of the ``References`` fields, as a connector declares what it ``needs`` (a misspelt name
# fails the type check; tests tie this list to the dataclass).
Need = Literal[
    "region_levels",
    "service_levels",
    "nomenclature_codes",
    "edition_levels",
    "accounts",
    "funding_sources",
    "region_names",
    "school_regions",
    "problem_kinds",
    "field_codes",
]


@dataclass
class References:
    """Store-derived lookups for referential checks (filled by the hub with what a connector needs)."""

    region_levels: Mapping[str, str] = field(default_factory=dict)  # code -> PROV | KAB
    service_levels: Mapping[str, str] = field(default_factory=dict)  # JPD code -> PROV | KAB
    nomenclature_codes: frozenset[str] = frozenset()  # every code of every loaded edition
    edition_levels: Mapping[str, Mapping[str, frozenset[str | None]]] = field(
        default_factory=dict
    )  # edition code -> node code -> the government levels of the nodes with that code
    accounts: frozenset[str] = frozenset()
    funding_sources: frozenset[str] = frozenset()
    region_names: Mapping[str, str] = field(default_factory=dict)  # normalised name -> code
    school_regions: Mapping[str, str | None] = field(default_factory=dict)  # NPSN -> region code
    problem_kinds: frozenset[str] = frozenset()  # codes of the problem taxonomy
    field_codes: frozenset[str] = frozenset()  # SPM urusan codes (DIK, KES, ...)


@runtime_checkable
class RemoteConnector(Protocol):
    """A connector whose source is a URL: ``fetch`` pulls it into a local file that ``read`` then
    streams, so remote pulls get the same validation, hashing and provenance as files."""

    def fetch(self, url: str, options: Mapping[str, str], *, http: httpx.Client, dest: Path) -> Path:
        """Download the source into ``dest`` (a directory) and return the file written."""
        ...


class Connector(Protocol):
    """A source of rows. ``read`` yields raw batches; ``contract`` validates them; ``check`` adds
    the referential rules Pandera cannot know; ``needs`` names the ``References`` fields used."""

    name: ClassVar[str]
    description: ClassVar[str]
    needs: ClassVar[frozenset[Need]]

    @property
    def contract(self) -> type[pa.DataFrameModel]:
        """The Pandera contract every batch is validated against (read-only: a class attribute will do)."""
        ...

    def read(self, path: Path, options: Mapping[str, str]) -> Iterator[Batch]:
        """Yield the file's rows in bounded chunks (columns renamed to the contract's names)."""
        ...

    def check(
        self, frame: pd.DataFrame, rows: Sequence[int], refs: References, options: Mapping[str, str]
    ) -> list[RowIssue]:
        """Referential and cross-row rules; ``severity='warning'`` loads the row flagged.

        May add derived columns to ``frame`` (e.g. a ``known`` flag) for the writer to store.
        """
        ...


def issue(
    batch_rows: Sequence[int],
    position: int,
    column: str | None,
    value: Any,
    rule: str,
    *,
    severity: str = "error",
    sheet: str | None = None,
) -> RowIssue:
    """A RowIssue for ``frame.iloc[position]`` of a batch."""
    return RowIssue(
        row=batch_rows[position],
        column=column,
        value=None if value is None else str(value),
        rule=rule,
        severity=severity,
        sheet=sheet,
    )


def outside_region(frame: pd.DataFrame, rows: Sequence[int], region: str | None) -> list[RowIssue]:
    """An error for each row whose ``region_code`` is neither ``region`` (the ``-o region=`` of a
    regional load: the file holds that region's data) nor one of its kabupaten/kota."""
    if not region:
        return []
    return [
        issue(rows, position, "region_code", code, f"is not region {region} (given with -o region={region}) or in it")
        for position, code in enumerate(frame["region_code"])
        if isinstance(code, str) and code != region and not code.startswith(region + ".")
    ]
