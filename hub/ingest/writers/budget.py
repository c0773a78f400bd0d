"""Storing budget lines: scope replacement with stable, numbered line keys, and the listings of lines
whose sub kegiatan no loaded nomenclature edition holds, or whose account / funding source no loaded
chart holds (by edition)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import func, update
from sqlmodel import Session, col, select

from hub.core.vocabulary import editions_fitting
from hub.ingest.writers.base import ScopeReplaceWriter, scopes_of
from hub.models import Account, BudgetLine, FundingSource, IngestRun, NomenclatureNode

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


@dataclass(frozen=True)
class FlaggedChartCode:
    """An account or funding-source code budgeted but held by no loaded chart, with the editions
    whose code shape it has and the name the budget file gave it."""

    chart: str
    code: str
    editions: tuple[str, ...]
    name: str | None
    lines: int
    planned: Decimal


CHART_COLUMNS = {
    "accounts": ("account_code", "account_name", Account),
    "funding_sources": ("funding_source_code", "funding_source_name", FundingSource),
}


def unknown_chart_codes_query(
    chart: str = "accounts",
    region_code: str | None = None,
    fiscal_year: int | None = None,
    stage: str | None = None,
) -> Any:
    """The select of (code, name in the file, lines, planned) for ``unknown_chart_codes``.

    Raises:
        ValueError: ``chart`` is not accounts or funding_sources.
    """
    if chart not in CHART_COLUMNS:
        raise ValueError(f"chart must be one of {sorted(CHART_COLUMNS)}")
    code_name, name_name, model = CHART_COLUMNS[chart]
    code, name = getattr(BudgetLine, code_name), getattr(BudgetLine, name_name)
    query: Any = (
        select(code, func.max(name), func.count(), func.sum(BudgetLine.planned_amount))
        .where(col(code).is_not(None), col(code).not_in(select(model.code)))
        .group_by(code)
    )
    for column, value in (("region_code", region_code), ("fiscal_year", fiscal_year), ("stage", stage)):
        if value is not None:
            query = query.where(getattr(BudgetLine, column) == value)
    return query


def flagged_codes(chart: str, rows: Iterable[Any]) -> list[FlaggedChartCode]:
    """``unknown_chart_codes_query`` rows as FlaggedChartCode, by edition then code."""
    found = [
        FlaggedChartCode(
            chart, value, tuple(e.code for e in editions_fitting(chart, value)), label, lines, Decimal(total or 0)
        )
        for value, label, lines, total in rows
    ]
    return sorted(found, key=lambda item: (item.editions, item.code))


def unknown_chart_codes(
    session: Session,
    chart: str = "accounts",
    region_code: str | None = None,
    fiscal_year: int | None = None,
    stage: str | None = None,
) -> list[FlaggedChartCode]:
    """Budgeted codes of ``chart`` that no loaded chart holds, by edition then code. Computed from
    the stored lines and the loaded charts, so loading a new chart edition rechecks them at once.

    Raises:
        ValueError: ``chart`` is not accounts or funding_sources.
    """
    query = unknown_chart_codes_query(chart, region_code, fiscal_year, stage)
    return flagged_codes(chart, session.exec(query).all())


def recheck_sub_activities(session: Session) -> tuple[int, int]:
    """Recompute ``sub_activity_known`` on every stored line from the nomenclature editions loaded
    now (a new edition makes codes known; a removed one, unknown). Returns (lines now known, lines
    now unknown) among those whose flag changed."""
    known_codes = select(NomenclatureNode.code)
    became_known = session.execute(
        update(BudgetLine)
        .where(col(BudgetLine.sub_activity_known).is_(False), col(BudgetLine.sub_activity_code).in_(known_codes))
        .values(sub_activity_known=True)
    ).rowcount
    became_unknown = session.execute(
        update(BudgetLine)
        .where(col(BudgetLine.sub_activity_known).is_(True), col(BudgetLine.sub_activity_code).not_in(known_codes))
        .values(sub_activity_known=False)
    ).rowcount
    return int(became_known or 0), int(became_unknown or 0)
