"""Timestamps are timezone-aware UTC everywhere (SQLModel stores them with their offset)."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Now, in UTC."""
    return datetime.now(UTC)
