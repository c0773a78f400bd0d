"""Store e-SPM reports and their mutu items in one run.

Reports are replaced per (region, year, quarter): a corrected file replaces exactly the periods it
covers (their mutu items go with them, ``ON DELETE CASCADE``). The reader yields the report sheet
before the mutu sheet, so every mutu row finds its report among the rows this run inserted.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlmodel import Session

from hub.ingest.writers.base import ScopeReplaceWriter, records
from hub.models import AchievementReport, IngestRun, MutuFulfilment


class AchievementWriter:
    """Report frames go through a ScopeReplaceWriter; mutu frames (they carry ``item_code``) are
    attached to the report rows of this run."""

    def __init__(self) -> None:
        self.reports = ScopeReplaceWriter(AchievementReport, ["region_code", "year", "quarter"])
        self.report_ids: dict[tuple[Any, ...], int] | None = None

    def write(self, session: Session, frame: pd.DataFrame, run: IngestRun) -> int:
        if "item_code" not in frame.columns:
            return self.reports.write(session, frame, run)
        if self.report_ids is None:
            table = AchievementReport.__table__
            found = session.execute(select(table.c.id, *(table.c[c] for c in _KEY)).where(table.c.run_id == run.id))
            self.report_ids = {tuple(row[1:]): row[0] for row in found}
        rows = records(frame, MutuFulfilment.__table__)
        for row, key in zip(rows, frame[list(_KEY)].itertuples(index=False, name=None), strict=True):
            row["report_id"] = self.report_ids[tuple(_plain(v) for v in key)]
            row.pop("id", None)
        if rows:
            session.execute(MutuFulfilment.__table__.insert(), rows)
        return len(rows)

    def finish(self, session: Session, run: IngestRun) -> None:
        del session, run


_KEY = ("region_code", "year", "quarter", "service_code")


def _plain(value: Any) -> Any:
    """numpy scalars -> Python values, so keys built from a frame match keys read from the store."""
    return value.item() if hasattr(value, "item") else value
