"""Links between SPM services and nomenclature nodes, with the review trail planning offices need."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Numeric, UniqueConstraint
from sqlmodel import Field, SQLModel

from hub.models.clock import utcnow


class ServiceLink(SQLModel, table=True):
    """ "Sub kegiatan X serves SPM service Y" in one edition, with its review status."""

    __tablename__ = "service_link"
    __table_args__ = (UniqueConstraint("service_code", "node_id"),)

    id: int | None = Field(default=None, primary_key=True)
    service_code: str = Field(foreign_key="spm_service.code", index=True, max_length=24)
    node_id: int = Field(foreign_key="nomenclature_node.id", index=True, ondelete="CASCADE")
    status: str = Field(default="proposed", max_length=16, index=True)
    origin: str = Field(default="manual", max_length=16)  # manual | proposer | import | crosswalk
    score: Decimal | None = Field(default=None, sa_type=Numeric(6, 4))
    reason: str | None = None
    proposed_by: str = Field(max_length=128)
    proposed_at: datetime = Field(default_factory=utcnow)
    reviewed_by: str | None = Field(default=None, max_length=128)
    reviewed_at: datetime | None = None
    note: str | None = None
    needs_review: bool = False  # set when carried from an older edition whose code changed


class LinkEvent(SQLModel, table=True):
    """One step of a link's review trail (proposed, approved, rejected, reopened, reassigned, carried).

    ``service_from`` is the service a reassignment moved the link away from: the proposer never
    proposes that pairing again."""

    __tablename__ = "link_event"

    id: int | None = Field(default=None, primary_key=True)
    link_id: int = Field(foreign_key="service_link.id", index=True, ondelete="CASCADE")
    action: str = Field(max_length=16)
    status_from: str | None = Field(default=None, max_length=16)
    status_to: str = Field(max_length=16)
    service_from: str | None = Field(default=None, max_length=24)
    actor: str = Field(max_length=128)
    at: datetime = Field(default_factory=utcnow)
    note: str | None = None
