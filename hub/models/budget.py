"""Regional budget lines (APBD/DPA) by sub kegiatan and account, with the charts they are checked against."""

from decimal import Decimal

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from hub.models.types import Money


class Account(SQLModel, table=True):
    """An expenditure account code (kode rekening belanja, e.g. ``5.2.03.01.01.0010``)."""

    __tablename__ = "account"

    code: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=512)
    level: int
    description: str | None = None
    edition: str | None = Field(default=None, max_length=32)  # chart edition (hub/core/chart_editions.toml)


class FundingSource(SQLModel, table=True):
    """A funding-source code (sumber dana, e.g. ``2.2.01.08.02.0004``)."""

    __tablename__ = "funding_source"

    code: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=512)
    level: int
    edition: str | None = Field(default=None, max_length=32)  # chart edition (hub/core/chart_editions.toml)


class BudgetLine(SQLModel, table=True):
    """One planned (and possibly realised) amount of one region's budget for one year and stage."""

    __tablename__ = "budget_line"
    __table_args__ = (
        UniqueConstraint("region_code", "fiscal_year", "stage", "line_key"),
        Index("ix_budget_line_region_year_sub", "region_code", "fiscal_year", "sub_activity_code"),
        Index("ix_budget_line_sub_year", "sub_activity_code", "fiscal_year"),
    )

    id: int | None = Field(default=None, primary_key=True)
    region_code: str = Field(foreign_key="region.code", max_length=13)
    fiscal_year: int
    stage: str = Field(max_length=16)  # murni | perubahan | dpa | rka | pagu_indikatif
    line_key: str = Field(max_length=64)  # stable key from the source row, for idempotent reloads
    agency_code: str | None = Field(default=None, max_length=32)
    agency_name: str | None = Field(default=None, max_length=256)
    sub_activity_code: str = Field(max_length=32)
    sub_activity_known: bool = True  # False: no loaded nomenclature edition has this code
    account_code: str | None = Field(default=None, max_length=32, index=True)
    account_name: str | None = Field(default=None, max_length=512)  # as the file names it
    funding_source_code: str | None = Field(default=None, max_length=32, index=True)
    funding_source_name: str | None = Field(default=None, max_length=512)  # as the file names it
    package_name: str | None = None
    planned_amount: Decimal = Field(sa_type=Money)
    realised_amount: Decimal | None = Field(default=None, sa_type=Money)
    source_row: int | None = None
    run_id: int = Field(foreign_key="ingest_run.id", index=True)
