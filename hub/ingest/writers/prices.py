"""Store a Standar Satuan Harga edition: the (region, year) edition row is kept (its reviewed matches
hang on it) and its prices are replaced by the file's."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from sqlalchemy import delete
from sqlmodel import Session, col, select

from hub.ingest.writers.base import records
from hub.models import IngestRun, PriceEdition, UnitPrice


class PriceWriter:
    """Replaces one edition's prices (the first frame clears them)."""

    def __init__(self, options: Mapping[str, str]) -> None:
        self.region, self.year = options.get("region", ""), int(options.get("year", "0") or 0)
        self.title = options.get("title")
        self.edition_id: int | None = None

    def write(self, session: Session, frame: pd.DataFrame, run: IngestRun) -> int:
        if self.edition_id is None:
            edition = session.exec(
                select(PriceEdition).where(PriceEdition.region_code == self.region, PriceEdition.year == self.year)
            ).first() or PriceEdition(region_code=self.region, year=self.year, run_id=run.id)
            edition.run_id, edition.title = run.id, self.title or edition.title  # type: ignore[assignment]
            session.add(edition)
            session.flush()
            self.edition_id = edition.id
            session.execute(delete(UnitPrice).where(col(UnitPrice.edition_id) == edition.id))
        rows = records(frame, UnitPrice.__table__)
        for row in rows:
            row["edition_id"] = self.edition_id
            row.pop("id", None)
        if rows:
            session.execute(UnitPrice.__table__.insert(), rows)
        return len(rows)

    def finish(self, session: Session, run: IngestRun) -> None:
        del session, run
