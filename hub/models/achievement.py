"""SPM achievement reports as regions enter them in e-SPM each quarter (cumulative to date)."""

from decimal import Decimal

from sqlalchemy import CheckConstraint, Index, Numeric, UniqueConstraint
from sqlmodel import Field, SQLModel

from hub.models.types import Money


class AchievementReport(SQLModel, table=True):
    """Recipients targeted and served to standard for one region, year, quarter and service."""

    __tablename__ = "achievement_report"
    __table_args__ = (
        UniqueConstraint("region_code", "year", "quarter", "service_code"),
        CheckConstraint("quarter BETWEEN 1 AND 4", name="ck_report_quarter"),
        CheckConstraint("served >= 0 AND targeted >= 0 AND served <= targeted", name="ck_report_served"),
        Index("ix_report_year_quarter_service", "year", "quarter", "service_code"),
    )

    id: int | None = Field(default=None, primary_key=True)
    region_code: str = Field(foreign_key="region.code", max_length=13)
    year: int
    quarter: int
    service_code: str = Field(foreign_key="spm_service.code", max_length=24)
    targeted: int
    served: int
    budget_allocated: Decimal | None = Field(default=None, sa_type=Money)
    budget_realised: Decimal | None = Field(default=None, sa_type=Money)
    problems: str | None = None
    solutions: str | None = None
    published: bool = False
    run_id: int = Field(foreign_key="ingest_run.id", index=True)


class MutuFulfilment(SQLModel, table=True):
    """How much of one mutu item a report's service needed (``required``) and had (``fulfilled``)."""

    __tablename__ = "mutu_fulfilment"
    __table_args__ = (
        UniqueConstraint("report_id", "item_code"),
        CheckConstraint("required >= 0 AND fulfilled >= 0", name="ck_mutu_nonnegative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="achievement_report.id", index=True, ondelete="CASCADE")
    item_code: str = Field(max_length=40)
    kind: str = Field(max_length=16)  # BARANG_JASA | SDM
    name: str | None = Field(default=None, max_length=256)
    required: Decimal = Field(sa_type=Numeric(18, 2))
    fulfilled: Decimal = Field(sa_type=Numeric(18, 2))
