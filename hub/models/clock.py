"""Timestamps are stored as naive UTC (portable across SQLite and PostgreSQL)."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Now, in UTC, without tzinfo (the store's convention)."""
    return datetime.now(UTC).replace(tzinfo=None)
