"""One request's database handle: a serialised async session shared by concurrent resolvers."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any, TypeVar, cast

from sqlalchemy.exc import DBAPIError
from sqlmodel import Session
from sqlmodel.ext.asyncio.session import AsyncSession

T = TypeVar("T")

logger = logging.getLogger(__name__)


class RequestDB:
    """One request's session. GraphQL resolves sibling fields concurrently, but an AsyncSession
    must not be used concurrently, so every statement goes through one lock."""

    def __init__(self, session: AsyncSession, primary: Callable[[], AsyncSession] | None = None) -> None:
        self._session = session
        self._primary = primary  # the write database, when ``session`` reads from a replica
        self._lock = asyncio.Lock()

    def use_primary(self) -> None:
        """Send this request to the primary database (a mutation: its reads must see its writes).
        Called before the first statement; without a replica it changes nothing."""
        if self._primary is not None:
            self._session = self._primary()
            self._primary = None

    async def all(self, statement: Any) -> Sequence[Any]:
        """Every result: entities for a one-entity select, values for a one-column select, else rows."""
        async with self._lock:
            return (await self._session.exec(statement)).all()

    async def rows(self, statement: Any) -> Sequence[Any]:
        """Every row of a column select as plain rows, executed on the session's connection: no ORM
        row processing (a third of the fetch time for tens of thousands of rows) and no autoflush."""
        async with self._lock:
            connection = await self._session.connection()
            return (await connection.execute(statement)).all()

    async def first(self, statement: Any) -> Any:
        """The first result, or None."""
        async with self._lock:
            return (await self._session.exec(statement)).first()

    async def read_sync(self, work: Callable[[Session], T]) -> T:
        """Run sync read code (``work(session)``) on the session, serialised with every other statement
        (the session ``run_sync`` hands over is sqlmodel's: the async session's ``sync_session_class``)."""
        async with self._lock:
            return await self._session.run_sync(lambda sync: work(cast(Session, sync)))

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncSession]:
        """Exclusive use of the session for read-only sync code (``run_sync``): no write transaction,
        so a public read never queues behind (or blocks) the writers."""
        async with self._lock:
            yield self._session

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[AsyncSession]:
        """Exclusive use of the session for a mutation; commits on success, rolls back on error."""
        async with self._lock:
            if self._primary is not None:  # writes never go to a replica
                await self._session.close()
                self.use_primary()
            # End any read snapshot and start the write transaction up front (BEGIN IMMEDIATE on
            # SQLite), so a concurrent writer makes this one wait rather than fail.
            await self._session.rollback()
            await self._session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            try:
                yield self._session
                await self._session.commit()
            except BaseException:
                await self._session.rollback()
                raise

    async def close(self) -> None:
        """Release the connection once no statement is running: when a field fails, graphql-core cancels
        its siblings and their DataLoader batch mid-statement, and that statement unwinds under the lock.
        A connection the driver already closed (e.g. a statement cancelled by the request time limit) is
        discarded from the pool instead of failing a request that was answered."""
        async with self._lock:
            try:
                await self._session.close()
            except DBAPIError:
                logger.warning("Discarding a request connection that could not be closed cleanly.", exc_info=True)
                await self._session.invalidate()
