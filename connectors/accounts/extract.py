"""Read chart files: the Permendagri XLSX with one integer cell per code segment, or SIPD's JSON
list of dotted codes (``kode_dana``/``nama_dana``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import ClassVar

import pandas as pd

from connectors.accounts.contract import ChartContract
from connectors.base import Batch, Need, References
from connectors.keys import drop_exact_repeats
from connectors.reading import read_batches
from hub.core.errors import RowIssue

SEGMENT_WIDTHS = (1, 1, 2, 2, 2, 4)
_SEGMENTS = ("seg1", "seg2", "seg3", "seg4", "seg5", "seg6")


def join_segments(values: Sequence[object]) -> str | None:
    """``(5, 1, 2, 1, 1, 24)`` -> ``5.1.02.01.01.0024``; stops at the first empty segment."""
    parts = []
    for value, width in zip(values, SEGMENT_WIDTHS, strict=False):
        if value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == "":
            break
        text = str(value).strip()
        if not text.isdigit():
            return text  # left for the contract to reject with the cell's real value
        parts.append(text.zfill(width))
    return ".".join(parts) or None


def _clean_names(batch: Batch) -> Batch:
    batch.frame["name"] = batch.frame["name"].map(lambda v: " ".join(v.split()) if isinstance(v, str) else v)
    return batch


class _ChartConnector:
    contract: ClassVar[type[ChartContract]] = ChartContract
    needs: ClassVar[frozenset[Need]] = frozenset()
    first_segment: ClassVar[str]

    def read(self, path: Path, options: Mapping[str, str]) -> Iterator[Batch]:
        """Yield chart rows; a code repeated with the same name loads once (warning), with another name is an error."""
        batches = map(_clean_names, self._read_raw(path, options))
        yield from drop_exact_repeats(batches, ["code"], ["name"], "this code")

    def _read_raw(self, path: Path, options: Mapping[str, str]) -> Iterator[Batch]:
        if path.suffix.lower() == ".json":
            for batch in read_batches(path, {"kode_dana": "code", "nama_dana": "name"}):
                frame = batch.frame
                frame["level"] = frame["code"].map(lambda c: str(c).count(".") + 1 if c else None)
                yield batch
            return
        columns = dict(
            zip(
                (self.first_segment, "Kelompok", "Jenis", "Objek", "Rincian Objek", "Sub Rincian Objek"),
                _SEGMENTS,
                strict=True,
            )
        )
        columns |= {"Uraian Akun": "name", "Keterangan": "description"}
        for batch in read_batches(path, columns, sheet=options.get("sheet"), optional=frozenset({"description"})):
            segments = batch.frame[list(_SEGMENTS)].to_numpy().tolist()
            frame = batch.frame.drop(columns=list(_SEGMENTS))
            frame.insert(0, "code", [join_segments(row) for row in segments])
            frame["level"] = [str(code).count(".") + 1 if code else None for code in frame["code"]]
            yield Batch(frame, batch.rows, batch.sheet)

    def check(
        self, frame: pd.DataFrame, rows: Sequence[int], refs: References, options: Mapping[str, str]
    ) -> list[RowIssue]:
        return []


class AccountsConnector(_ChartConnector):
    """Expenditure accounts (kode rekening belanja), e.g. ``5.2.03.01.01.0010``."""

    name: ClassVar[str] = "accounts"
    description: ClassVar[str] = "Kode rekening belanja (XLSX with one column per segment)"
    first_segment: ClassVar[str] = "Akun"


class FundingSourcesConnector(_ChartConnector):
    """Funding sources (sumber dana), from the Permendagri XLSX or SIPD's JSON list."""

    name: ClassVar[str] = "funding_sources"
    description: ClassVar[str] = "Kode sumber dana (Permendagri XLSX or SIPD sumber_dana.json)"
    first_segment: ClassVar[str] = "Sumber Dana"
