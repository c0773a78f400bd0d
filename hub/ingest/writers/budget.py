"""Storing budget lines: scope replacement with stable, numbered line keys, and the listing of lines
whose sub kegiatan no loaded nomenclature edition holds."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd
from sqlalchemy import func
from sqlmodel import Session, col, select

from hub.ingest.writers.base import ScopeReplaceWriter, records
from hub.models import BudgetLine, IngestRun

SCOPE = ("region_code", "fiscal_year", "stage")
NARROWING = {"agency": "agency_code", "sub_activity": "sub_activity_code"}


class BudgetLineWriter(ScopeReplaceWriter):
    """A file replaces the lines of the scopes it covers: region + year + stage, narrowed by the
    ``-o agency=`` / ``-o sub_activity=`` it was loaded with (so one agency's DPA or one sub
    kegiatan's rincian does not wipe the rest of the budget).

    ``line_key`` arrives as a digest of the row's natural key; the writer appends the occurrence
    number within the run (``<digest>-1``, ``-2``...), so two identical lines in one file stay
    distinct and a reload produces the same keys. Earlier occurrences are looked up in the rows this
    run already staged (through the unique index), not kept in memory, so memory does not grow
    with the file.
    """

    def __init__(self, options: Mapping[str, str]) -> None:
        super().__init__(BudgetLine, SCOPE + tuple(c for o, c in NARROWING.items() if options.get(o)))

    def write(self, session: Session, frame: pd.DataFrame, run: IngestRun) -> int:
        # clear the scopes first: then every stored line with one of these digests is this run's
        scopes = records(frame[list(self.scope_columns)], BudgetLine.__table__)
        self.replace_scopes(session, {tuple(scope.values()) for scope in scopes})
        digests = frame["line_key"]
        staged: dict[str, int] = {}
        for (region, year, stage), part in frame.groupby(list(SCOPE), sort=False)["line_key"]:
            staged |= _staged_counts(session, (region, int(year), stage), part.unique())
        occurrence = digests.groupby(digests).cumcount() + 1
        frame = frame.assign(line_key=[f"{d}-{n + staged.get(d, 0)}" for d, n in zip(digests, occurrence, strict=True)])
        return super().write(session, frame, run)


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
