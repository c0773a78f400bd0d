"""Store Rapor Pendidikan values: indicators upserted by (edition, jenjang, code), values upserted by
(indicator, subject, year), so a corrected file updates exactly the values it carries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlmodel import Session

from hub.ingest.writers.base import UpsertWriter
from hub.models import IngestRun, RaporIndicator, RaporValue

INDICATOR_KEY = ("edition", "jenjang", "indicator_code")


class RaporWriter:
    """Indicators first (new ones inserted, renamed ones updated), then the values that point to them."""

    def __init__(self) -> None:
        self.indicators = UpsertWriter(RaporIndicator, ["edition", "jenjang", "code"], run_column=None)
        self.values = UpsertWriter(RaporValue, ["indicator_id", "subject_type", "subject_code", "year"])

    def write(self, session: Session, frame: pd.DataFrame, run: IngestRun) -> int:
        first = frame.drop_duplicates(list(INDICATOR_KEY))
        indicators = pd.DataFrame(
            {
                "edition": first["edition"],
                "jenjang": first["jenjang"],
                "code": first["indicator_code"],
                "name": first["indicator_name"],
                "dimension": first["indicator_code"].str[0],
                "service_code": first["service_code"],
            }
        )
        self.indicators.write(session, indicators, run)
        ids = _indicator_ids(
            session, set(indicators[["edition", "jenjang", "code"]].itertuples(index=False, name=None))
        )
        values = frame[["subject_type", "subject_code", "region_code", "year", "score", "category"]].copy()
        values["indicator_id"] = [ids[key] for key in frame[list(INDICATOR_KEY)].itertuples(index=False, name=None)]
        # Numeric(9, 4) in the store: compare as the same Decimal, so an unchanged value is not rewritten
        values["score"] = pd.Series(
            [None if pd.isna(v) else Decimal(str(round(float(v), 4))) for v in values["score"]],
            index=values.index,
            dtype=object,
        )
        return self.values.write(session, values, run)

    def finish(self, session: Session, run: IngestRun) -> None:
        del session, run


def _indicator_ids(session: Session, keys: set[tuple[Any, ...]]) -> dict[tuple[Any, ...], int]:
    table = RaporIndicator.__table__
    editions = {key[0] for key in keys}
    found = session.execute(
        select(table.c.id, table.c.edition, table.c.jenjang, table.c.code).where(table.c.edition.in_(editions))
    )
    return {(edition, jenjang, code): id_ for id_, edition, jenjang, code in found}
