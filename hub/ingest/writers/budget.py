"""Storing budget lines: scope replacement with stable, numbered line keys, and the listing of lines
whose sub kegiatan no loaded nomenclature edition holds."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import func
from sqlmodel import Session, col, select

from hub.ingest.writers.base import ScopeReplaceWriter, scopes_of
from hub.models import BudgetLine, IngestRun

SCOPE = ("region_code", "fiscal_year", "stage")
NARROWING = {"agency": "agency_code", "sub_activity": "sub_activity_code"}


class BudgetLineWriter(ScopeReplaceWriter):
    """A file replaces the lines of the scopes it covers: region + year + stage, narrowed by the
    ``-o agency=`` / ``-o sub_activity=`` it was loaded with (so one agency's DPA or one sub
    kegiatan's rincian does not wipe the rest of the budget).

    ``line_key`` arrives as a digest of the row's natural key; the writer appends the occurrence
    number within the run (``<digest>-1``, ``-2``...), so two identical lines in one file stay
    distinct and a reload produces the same keys. A fixed-size filter of the digests this run
    staged (``DigestFilter``) tells which digests are certainly new; only the others (true repeats
    and the filter's rare false positives) are counted among the staged rows through the unique
    index. Memory stays flat with the file, and a chunk costs no query in the usual case.
    """

    def __init__(self, options: Mapping[str, str]) -> None:
        super().__init__(BudgetLine, SCOPE + tuple(c for o, c in NARROWING.items() if options.get(o)))
        self.staged_digests = DigestFilter()

    def write(self, session: Session, frame: pd.DataFrame, run: IngestRun) -> int:
        # clear the scopes first: then every stored line with one of these digests is this run's
        self.replace_scopes(session, scopes_of(frame, self.scope_columns))
        digests = frame["line_key"]
        maybe = self.staged_digests.might_hold(digests)
        staged: dict[str, int] = {}
        if maybe.any():
            for (region, year, stage), part in frame[maybe].groupby(list(SCOPE), sort=False)["line_key"]:
                staged |= _staged_counts(session, (region, int(year), stage), part.unique())
        self.staged_digests.add(digests)
        occurrence = (digests.groupby(digests).cumcount() + 1).tolist()
        frame = frame.assign(
            line_key=[f"{d}-{n + staged.get(d, 0)}" for d, n in zip(digests.tolist(), occurrence, strict=True)]
        )
        return super().write(session, frame, run)


class DigestFilter:
    """A Bloom filter over text keys in a fixed 16 MiB bit array (three probes by double hashing of
    pandas' vectorised 64-bit hashes): "certainly absent" or "maybe present". With a national file
    of 1.1 million distinct keys about one key in 70,000 is a false "maybe", which costs one
    exact lookup, never a wrong answer."""

    BITS = 1 << 27
    PROBES = 3

    def __init__(self) -> None:
        self.bits = np.zeros(self.BITS // 8, dtype=np.uint8)  # pages are touched only as bits are set

    def _positions(self, keys: pd.Series) -> np.ndarray:
        values = keys.to_numpy(dtype=object)
        first = pd.util.hash_array(values, hash_key="spm-hub-digest-1")
        second = pd.util.hash_array(values, hash_key="spm-hub-digest-2") | np.uint64(1)
        probes = np.arange(self.PROBES, dtype=np.uint64)
        return (first[:, None] + probes[None, :] * second[:, None]) % np.uint64(self.BITS)

    def might_hold(self, keys: pd.Series) -> pd.Series:
        """Per key: True when it may have been added (False: it certainly was not)."""
        positions = self._positions(keys)
        hit = (self.bits[positions >> np.uint64(3)] >> (positions & np.uint64(7)).astype(np.uint8)) & 1
        return pd.Series(hit.all(axis=1), index=keys.index)

    def add(self, keys: pd.Series) -> None:
        """Record the keys."""
        positions = self._positions(keys).ravel()
        np.bitwise_or.at(
            self.bits, positions >> np.uint64(3), np.left_shift(1, positions & np.uint64(7)).astype(np.uint8)
        )


def _staged_counts(session: Session, scope: tuple[str, int, str], digests: Iterable[str]) -> dict[str, int]:
    """How many lines of each digest are already staged in the scope (usually none); uses the
    (region, year, stage, line_key) unique index."""
    region, year, stage = scope
    in_scope = (BudgetLine.region_code == region, BudgetLine.fiscal_year == year, BudgetLine.stage == stage)
    repeated: list[str] = []
    pending = list(digests)
    for start in range(0, len(pending), 1000):
        first_keys = [f"{d}-1" for d in pending[start : start + 1000]]
        repeated += session.exec(
            select(BudgetLine.line_key).where(*in_scope, col(BudgetLine.line_key).in_(first_keys))
        ).all()
    return {
        key[:-2]: session.exec(
            select(func.count()).where(*in_scope, col(BudgetLine.line_key).like(f"{key[:-2]}-%"))
        ).one()
        for key in repeated
    }


@dataclass(frozen=True)
class UnknownSubActivity:
    """A sub kegiatan code budgeted but held by no loaded nomenclature edition."""

    code: str
    lines: int
    planned: Decimal


def unknown_sub_activities(
    session: Session, region_code: str, fiscal_year: int, stage: str | None = None
) -> list[UnknownSubActivity]:
    """Distinct flagged sub kegiatan codes of one region's budget, with their line count and planned total."""
    query: Any = (
        select(BudgetLine.sub_activity_code, func.count(), func.sum(BudgetLine.planned_amount))
        .where(
            BudgetLine.region_code == region_code,
            BudgetLine.fiscal_year == fiscal_year,
            col(BudgetLine.sub_activity_known).is_(False),
        )
        .group_by(BudgetLine.sub_activity_code)
        .order_by(BudgetLine.sub_activity_code)
    )
    if stage:
        query = query.where(BudgetLine.stage == stage)
    return [UnknownSubActivity(code, lines, Decimal(total or 0)) for code, lines, total in session.exec(query).all()]
