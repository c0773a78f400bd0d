"""Run one query plan on a sync Session (CLI, tests) or the GraphQL request's async session.

A plan is a generator that yields SQL statements and receives their ``.all()`` results, so the
logic that turns rows into answers is written once and never touches a session itself.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from typing import Any, TypeVar

from sqlmodel import Session

from hub.db.request import RequestDB

T = TypeVar("T")
Plan = Generator[Any, Sequence[Any], T]


def run_sync(session: Session, plan: Plan[T]) -> T:
    """Drive ``plan`` with a sync session."""
    try:
        statement = next(plan)
        while True:
            statement = plan.send(session.exec(statement).all())
    except StopIteration as done:
        return done.value


async def run_async(db: RequestDB, plan: Plan[T]) -> T:
    """Drive ``plan`` with the request's serialised async session."""
    try:
        statement = next(plan)
        while True:
            statement = plan.send(await db.all(statement))
    except StopIteration as done:
        return done.value
