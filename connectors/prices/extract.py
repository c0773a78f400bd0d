"""Read a region's Standar Satuan Harga (SSH) workbook: one edition per region and year (options
``region`` and ``year``). The SIPD/e-planning export has a header row with KODE KELOMPOK BARANG,
URAIAN KELOMPOK BARANG, URAIAN BARANG, SPESIFIKASI, SATUAN, HARGA SATUAN and KODE REKENING (TKDN and
KETERANGAN are ignored). The same item may be priced several times for different places
(SPESIFIKASI); each row gets a stable ``price_key`` from its group, item, specification and unit (and
its occurrence, for exact repeats), so reviewed item <-> price matches survive a reload.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd

from connectors.base import Batch, Need, References
from connectors.prices.contract import PriceContract
from connectors.reading import read_batches
from hub.core.errors import BadInput, RowIssue

COLUMNS = {
    "KODE KELOMPOK BARANG": "group_code",
    "URAIAN KELOMPOK BARANG": "group_name",
    "URAIAN BARANG": "name",
    "SPESIFIKASI": "specification",
    "SATUAN": "unit",
    "HARGA SATUAN": "price",
    "KODE REKENING": "account_codes",
}
OPTIONAL = frozenset({"group_code", "group_name", "specification", "account_codes"})


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return " ".join(str(value).split())


class PricesConnector:
    """Regional unit prices (Standar Satuan Harga), one edition per region and year."""

    name: ClassVar[str] = "prices"
    description: ClassVar[str] = "Standar Satuan Harga (regional unit prices), XLSX/CSV; options region=, year="
    contract: ClassVar[type[PriceContract]] = PriceContract
    needs: ClassVar[frozenset[Need]] = frozenset({"region_levels"})

    def read(self, path: Path, options: Mapping[str, str]) -> Iterator[Batch]:
        for option in ("region", "year"):
            if not options.get(option):
                raise BadInput(f"A price list is one region's edition for one year: pass {option}=...")
        seen: Counter[str] = Counter()
        for batch in read_batches(path, COLUMNS, sheet=options.get("sheet"), optional=OPTIONAL):
            frame = batch.frame
            for column in ("group_code", "group_name", "name", "specification", "unit", "account_codes"):
                frame[column] = [_text(v) or None for v in frame[column]]
            keys = []
            for row in frame[["group_code", "name", "specification", "unit"]].itertuples(index=False, name=None):
                base = "\x1f".join(_text(v).lower() for v in row)
                seen[base] += 1
                keys.append(hashlib.sha1(f"{base}\x1f{seen[base]}".encode()).hexdigest()[:20])
            frame["price_key"] = keys
            frame["duplicate_of"] = pd.NA
            yield batch

    def check(
        self, frame: pd.DataFrame, rows: Sequence[int], refs: References, options: Mapping[str, str]
    ) -> list[RowIssue]:
        region = options.get("region", "")
        if region not in refs.region_levels:
            return [RowIssue(None, "region", region, "unknown region code: not in the Kemendagri list of the store")]
        return []
