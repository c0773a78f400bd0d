"""Provenance: every load is an ingest run, and every fact row points to the run that wrote it."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from hub.models.clock import utcnow


class IngestRun(SQLModel, table=True):
    """One attempt to load one file or API pull through one connector."""

    __tablename__ = "ingest_run"
    __table_args__ = (Index("ix_ingest_run_connector_started", "connector", "started_at"),)

    id: int | None = Field(default=None, primary_key=True)
    connector: str = Field(max_length=64)
    source: str = Field(max_length=1024)
    file_hash: str | None = Field(default=None, max_length=64, index=True)
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_flagged: int = 0
    # running|succeeded|failed|partial|dry_run|unchanged|interrupted (killed before it ended)
    status: str = Field(default="running", max_length=16)
    error_code: str | None = Field(default=None, max_length=32)
    message: str | None = None
    actor: str | None = Field(default=None, max_length=128)
    options: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    report: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # every issue counted by rule, errors first (hub.ingest.report.IssueGroup.to_dict)
    report_groups: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=True))


class QuarantinedRow(SQLModel, table=True):
    """A row rejected by an ``--allow-partial`` load, kept with its errors so it can be fixed and retried."""

    __tablename__ = "quarantined_row"

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="ingest_run.id", index=True, ondelete="CASCADE")
    sheet: str | None = Field(default=None, max_length=128)
    row_number: int | None = None
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    errors: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    retried_at: datetime | None = None
