"""What the connector tests compare before and after a load: a table's full content, in key order."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, SQLModel, select


def snapshot(engine: Engine, model: type[SQLModel], *columns: str) -> list[tuple[Any, ...]]:
    """Every row of ``model`` as a tuple of ``columns`` (sorted): equal snapshots, unchanged table."""
    with Session(engine) as session:
        rows = session.exec(select(*(getattr(model, c) for c in columns))).all()  # type: ignore[call-overload]
    return sorted(tuple(row) for row in rows)


def truncate_file(path: Any, keep: float = 0.6) -> None:
    """Cut a file to a fraction of its bytes (a download that broke off)."""
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def empty_tables(engine: Engine, *models: type[SQLModel]) -> None:
    """Delete every row of ``models`` (children first), cheaper than emptying the whole store per test."""
    with engine.begin() as connection:
        for model in models:
            connection.execute(model.__table__.delete())  # type: ignore[attr-defined]
