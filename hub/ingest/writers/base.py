"""How validated frames reach the tables. A writer is created per run and may keep state
(e.g. which scopes it has already replaced)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol, runtime_checkable

import pandas as pd
from sqlalchemy import and_, delete, or_
from sqlmodel import Session, SQLModel

from hub.models import IngestRun


@runtime_checkable
class Writer(Protocol):
    """Writes one validated frame of one run; ``finish`` runs once after the last frame."""

    def write(self, session: Session, frame: pd.DataFrame, run: IngestRun) -> int:
        """Stage the frame's rows; returns how many rows were written."""
        ...

    def finish(self, session: Session, run: IngestRun) -> None:
        """Complete the run (e.g. compute derived rows)."""
        ...


def records(frame: pd.DataFrame, table: Any) -> list[dict[str, Any]]:
    """Frame rows as dicts of the table's columns, with pandas missing values turned into None."""
    frame = frame[[c for c in frame.columns if c in table.c]]
    clean = frame.astype(object).where(frame.notna(), None)
    return clean.to_dict(orient="records")  # type: ignore[return-value]


class ScopeReplaceWriter:
    """Facts owned by a scope (e.g. one region's budget for one year and stage): the first time a
    run meets a scope it deletes the scope's old rows, then inserts. A corrected file therefore
    replaces exactly what it covers, and rows of other scopes are untouched."""

    def __init__(self, model: type[SQLModel], scope_columns: Iterable[str]) -> None:
        self.model = model
        self.scope_columns = tuple(scope_columns)
        self.replaced: set[tuple[Any, ...]] = set()

    def write(self, session: Session, frame: pd.DataFrame, run: IngestRun) -> int:
        table = self.model.__table__
        rows = records(frame, table)
        self.replace_scopes(session, {tuple(row[c] for c in self.scope_columns) for row in rows})
        for row in rows:
            row["run_id"] = run.id
        if rows:
            session.execute(table.insert(), rows)
        return len(rows)

    def replace_scopes(self, session: Session, scopes: set[tuple[Any, ...]]) -> None:
        """Delete the stored rows of the scopes this run meets for the first time."""
        fresh = scopes - self.replaced
        if fresh:
            table = self.model.__table__
            conditions = [
                and_(*(table.c[c] == v for c, v in zip(self.scope_columns, scope, strict=True))) for scope in fresh
            ]
            session.execute(delete(table).where(or_(*conditions)))
            self.replaced |= fresh

    def finish(self, session: Session, run: IngestRun) -> None:
        del session, run


class UpsertWriter:
    """Entities with a natural key (schools by NPSN, accounts by code): insert new keys, update
    changed ones, keep unchanged rows as they are."""

    def __init__(self, model: type[SQLModel], key_columns: Iterable[str], *, run_column: str | None = "run_id") -> None:
        self.model = model
        self.key_columns = tuple(key_columns)
        self.run_column = run_column

    def write(self, session: Session, frame: pd.DataFrame, run: IngestRun) -> int:
        table = self.model.__table__
        rows = records(frame, table)
        keys = [tuple(row[c] for c in self.key_columns) for row in rows]
        existing = _existing(session, table, self.key_columns, keys)
        inserts = []
        for key, row in zip(keys, rows, strict=True):
            current = existing.get(key)
            if self.run_column:
                row[self.run_column] = run.id
            if current is None:
                inserts.append(row)
                continue
            changed = {c: v for c, v in row.items() if c != self.run_column and current.get(c) != v}
            if changed:
                if self.run_column:
                    changed[self.run_column] = run.id
                session.execute(
                    table.update()
                    .where(and_(*(table.c[c] == v for c, v in zip(self.key_columns, key, strict=True))))
                    .values(**changed)
                )
        if inserts:
            session.execute(table.insert(), inserts)
        return len(rows)

    def finish(self, session: Session, run: IngestRun) -> None:
        del session, run


def _existing(
    session: Session, table: Any, key_columns: tuple[str, ...], keys: list[tuple[Any, ...]]
) -> Mapping[tuple[Any, ...], dict[str, Any]]:
    # Select by the first key column only (an IN list compiles fast; an OR of ANDs over thousands of
    # composite keys does not), then keep the rows whose whole key is wanted.
    found: dict[tuple[Any, ...], dict[str, Any]] = {}
    wanted = set(keys)
    firsts = sorted({k[0] for k in keys}, key=str)
    for start in range(0, len(firsts), 500):
        condition = table.c[key_columns[0]].in_(firsts[start : start + 500])
        for row in session.execute(table.select().where(condition)).mappings():
            key = tuple(row[c] for c in key_columns)
            if key in wanted:
                found[key] = dict(row)
    return found
