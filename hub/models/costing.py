"""Stage 2 costing: what each recipient of a service must receive (versioned item lists), the
region's Standar Satuan Harga (unit prices, one edition per region and year) and the reviewable
matches between items and prices."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Numeric, UniqueConstraint
from sqlmodel import Field, SQLModel

from hub.models.clock import utcnow
from hub.models.types import Money


class ItemList(SQLModel, table=True):
    """One version of a service's item list: national (``region_code`` null) or a planning office's own."""

    __tablename__ = "item_list"
    __table_args__ = (UniqueConstraint("service_code", "region_code", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    service_code: str = Field(foreign_key="spm_service.code", max_length=24, index=True)
    region_code: str | None = Field(default=None, foreign_key="region.code", max_length=13)
    version: int = 1
    source: str | None = Field(default=None, max_length=512)  # technical standard and evidence
    created_by: str = Field(max_length=128)
    created_at: datetime = Field(default_factory=utcnow)


class RecipientItem(SQLModel, table=True):
    """A good, service or personnel time one recipient must receive, in ``unit``, ``quantity`` times a year."""

    __tablename__ = "recipient_item"
    __table_args__ = (UniqueConstraint("list_id", "item_code"),)

    id: int | None = Field(default=None, primary_key=True)
    list_id: int = Field(foreign_key="item_list.id", index=True, ondelete="CASCADE")
    item_code: str = Field(max_length=64)
    kind: str = Field(max_length=16)  # BARANG_JASA | SDM
    name: str = Field(max_length=256)
    unit: str | None = Field(default=None, max_length=64)
    quantity: Decimal = Field(sa_type=Numeric(18, 6))  # per recipient per year
    evidence: str = Field(default="I", max_length=1)


class PriceEdition(SQLModel, table=True):
    """One Standar Satuan Harga edition: a region's unit prices for one year."""

    __tablename__ = "price_edition"
    __table_args__ = (UniqueConstraint("region_code", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    region_code: str = Field(foreign_key="region.code", max_length=13)
    year: int
    title: str | None = Field(default=None, max_length=256)
    run_id: int = Field(foreign_key="ingest_run.id", index=True)


class UnitPrice(SQLModel, table=True):
    """One priced item of an SSH edition (a price holds per item, unit and place)."""

    __tablename__ = "unit_price"
    __table_args__ = (UniqueConstraint("edition_id", "price_key"),)

    id: int | None = Field(default=None, primary_key=True)
    edition_id: int = Field(foreign_key="price_edition.id", index=True, ondelete="CASCADE")
    price_key: str = Field(max_length=64)  # stable key from the row, for reviewable matches across reloads
    group_code: str | None = Field(default=None, max_length=32)
    group_name: str | None = Field(default=None, max_length=256)
    name: str = Field(max_length=512)
    specification: str | None = None
    unit: str | None = Field(default=None, max_length=64)
    price: Decimal = Field(sa_type=Money)
    account_codes: str | None = Field(default=None, max_length=256)
    source_row: int | None = None


class PriceMatch(SQLModel, table=True):
    """Which SSH price an item is costed at in one edition: proposed by the matcher, reviewed by the office."""

    __tablename__ = "price_match"
    __table_args__ = (UniqueConstraint("edition_id", "item_code"),)

    id: int | None = Field(default=None, primary_key=True)
    edition_id: int = Field(foreign_key="price_edition.id", index=True, ondelete="CASCADE")
    item_code: str = Field(max_length=64)
    price_key: str = Field(max_length=64)
    status: str = Field(default="proposed", max_length=16)  # proposed | approved | rejected
    score: Decimal | None = Field(default=None, sa_type=Numeric(6, 4))
    proposed_by: str = Field(max_length=128)
    reviewed_by: str | None = Field(default=None, max_length=128)
    note: str | None = None
