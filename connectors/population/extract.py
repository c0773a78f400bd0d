"""Read population by kelurahan, sex and single year of age (Dukcapil long format: ``tahun,
kecamatan, kelurahan, kelamin, umur, jumlah``). The file names places, not codes, so the
kabupaten/kota is given by the operator: ``-o region=64.72``."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import ClassVar

import pandas as pd

from connectors.base import Batch, Need, References
from connectors.keys import FirstOccurrences, duplicate_issues
from connectors.population.contract import REGION_CODE, PopulationContract
from connectors.reading import read_batches
from hub.core.errors import BadInput, NotFound, RowIssue
from hub.core.text import normalise_name

COLUMNS = {
    "tahun": "year",
    "kecamatan": "district",
    "kelurahan": "village",
    "kelamin": "sex",
    "umur": "age",
    "jumlah": "count",
}
KEY = ("year", "district", "village", "sex", "age")
DEFAULT_SHEET = "Data"


class PopulationConnector:
    """Population counts of one kabupaten/kota (``-o region=CODE``; XLSX sheet ``-o sheet=``, default Data)."""

    name: ClassVar[str] = "population"
    description: ClassVar[str] = "Population by kelurahan, sex and single year of age (Dukcapil XLSX/CSV)"
    contract: ClassVar[type[PopulationContract]] = PopulationContract
    needs: ClassVar[frozenset[Need]] = frozenset({"region_levels"})

    def read(self, path: Path, options: Mapping[str, str]) -> Iterator[Batch]:
        region = options.get("region", "").strip()
        if not region:
            raise BadInput("population: say which kabupaten/kota the file covers, e.g. -o region=64.72")
        if not re.fullmatch(REGION_CODE, region):
            raise BadInput(f"population: -o region={region!r} is not a kabupaten/kota code like 64.72")
        sheet = options.get("sheet") or (DEFAULT_SHEET if path.suffix.lower() in {".xlsx", ".xlsm"} else None)
        repeats = FirstOccurrences(KEY)
        for batch in read_batches(path, COLUMNS, sheet=sheet):
            frame = batch.frame
            for column in ("district", "village", "sex"):
                frame[column] = frame[column].map(normalise_name)
            frame.insert(0, "region_code", region)
            yield repeats.mark(batch)

    def check(
        self, frame: pd.DataFrame, rows: Sequence[int], refs: References, options: Mapping[str, str]
    ) -> list[RowIssue]:
        region = options.get("region", "").strip()
        if refs.region_levels.get(region) != "KAB":
            raise NotFound(
                f"population: no kabupaten/kota with kode wilayah {region!r}; load the regions or fix -o region="
            )
        return duplicate_issues(frame, rows, "year, kecamatan, kelurahan, kelamin and umur")
