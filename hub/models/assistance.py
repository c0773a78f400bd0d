"""The assistance cycle: clusters of kabupaten/kota, assistance sessions with their invited regions,
participants and readiness snapshot, and the decisions whose follow-ups have an owner and a deadline.

A follow-up's owner is a region, an OPD and a role (never only a person), so staff rotation does not
orphan it; ``contact_name`` is informative only.
"""

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from hub.models.clock import utcnow


class Cluster(SQLModel, table=True):
    """A province's group of kabupaten/kota coordinated together (e.g. Timor, Sumba in NTT)."""

    __tablename__ = "cluster"
    __table_args__ = (UniqueConstraint("province_code", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    province_code: str = Field(foreign_key="region.code", index=True, max_length=13)
    name: str = Field(max_length=128)
    description: str | None = None
    created_at: datetime = Field(default_factory=utcnow)


class ClusterMember(SQLModel, table=True):
    """A region's membership of a cluster from ``since`` until ``until`` (open-ended when null)."""

    __tablename__ = "cluster_member"

    id: int | None = Field(default=None, primary_key=True)
    cluster_id: int = Field(foreign_key="cluster.id", index=True, ondelete="CASCADE")
    region_code: str = Field(foreign_key="region.code", index=True, max_length=13)
    since: date
    until: date | None = None


class AssistanceSession(SQLModel, table=True):
    """An asistensi, bimtek, monev, coordination meeting... hosted by a province or the ministry
    (``host_code`` null). ``readiness_taken_at`` is set when the readiness snapshot is frozen."""

    __tablename__ = "assistance_session"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32, index=True)
    title: str = Field(max_length=256)
    held_on: date = Field(index=True)
    cutoff_on: date
    mode: str = Field(max_length=16)  # onsite | online
    host_code: str | None = Field(default=None, foreign_key="region.code", index=True, max_length=13)
    cluster_id: int | None = Field(default=None, foreign_key="cluster.id", index=True)
    agenda: str | None = None
    location: str | None = Field(default=None, max_length=256)
    demo: bool = False  # generated for the demo, never real
    created_by: str = Field(max_length=128)
    created_at: datetime = Field(default_factory=utcnow)
    readiness_taken_at: datetime | None = None


class SessionRegion(SQLModel, table=True):
    """A region invited to a session."""

    __tablename__ = "session_region"
    __table_args__ = (UniqueConstraint("session_id", "region_code"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="assistance_session.id", index=True, ondelete="CASCADE")
    region_code: str = Field(foreign_key="region.code", index=True, max_length=13)


class SessionParticipant(SQLModel, table=True):
    """Someone who took part: name, role (jabatan), OPD and region."""

    __tablename__ = "session_participant"

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="assistance_session.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=128)
    role: str | None = Field(default=None, max_length=128)
    opd: str | None = Field(default=None, max_length=128)
    region_code: str | None = Field(default=None, foreign_key="region.code", max_length=13)


class ReadinessCheck(SQLModel, table=True):
    """One frozen readiness check of one invited region at the session's cut-off."""

    __tablename__ = "readiness_check"
    __table_args__ = (UniqueConstraint("session_id", "region_code", "check_name"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="assistance_session.id", index=True, ondelete="CASCADE")
    region_code: str = Field(foreign_key="region.code", index=True, max_length=13)
    check_name: str = Field(max_length=32)
    ok: bool | None = None  # null: the check could not be computed (pending)
    detail: str | None = None
    taken_at: datetime = Field(default_factory=utcnow)


class Decision(SQLModel, table=True):
    """A decision (kesepakatan) of a session, numbered as in its minutes."""

    __tablename__ = "decision"
    __table_args__ = (UniqueConstraint("session_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="assistance_session.id", index=True, ondelete="CASCADE")
    number: int
    text: str


class FollowUp(SQLModel, table=True):
    """What a decision asks of an owner (region + OPD + role) by a deadline, and where it stands."""

    __tablename__ = "follow_up"

    id: int | None = Field(default=None, primary_key=True)
    decision_id: int = Field(foreign_key="decision.id", index=True, ondelete="CASCADE")
    session_id: int = Field(foreign_key="assistance_session.id", index=True)
    action: str
    owner_region_code: str = Field(foreign_key="region.code", index=True, max_length=13)
    owner_opd: str = Field(max_length=128)
    owner_role: str = Field(max_length=64)
    contact_name: str | None = Field(default=None, max_length=128)
    due_on: date = Field(index=True)
    status: str = Field(default="open", max_length=16, index=True)
    reason: str | None = None  # why it was dropped
    evidence: str | None = None
    closed_on: date | None = None  # when it was done or dropped
    concerns: str | None = Field(default=None, max_length=16)  # service | sub_kegiatan | plan_action | data_gap
    concerns_ref: str | None = Field(default=None, max_length=64)
    escalated_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str | None = Field(default=None, max_length=128)
