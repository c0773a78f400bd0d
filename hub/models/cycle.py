"""The e-SPM application cycle: the four stages, problems with their kinds, the Rencana Aksi, the
Tim Penerapan SPM, the reporting calendar and each region's quarter submission (Permendagri 59/2021)."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Numeric, UniqueConstraint
from sqlmodel import Field, SQLModel

from hub.models.clock import utcnow


class StageRecord(SQLModel, table=True):
    """How far a region is with one of the four stages for one urusan and year, and its evidence
    (a document reference, or an uploaded file's name and SHA-256)."""

    __tablename__ = "stage_record"
    __table_args__ = (UniqueConstraint("region_code", "year", "field_code", "stage"),)

    id: int | None = Field(default=None, primary_key=True)
    region_code: str = Field(foreign_key="region.code", max_length=13, index=True)
    year: int
    field_code: str = Field(foreign_key="spm_field.code", max_length=16)  # urusan
    stage: str = Field(max_length=32)  # hub.core.vocabulary.STAGES
    status: str = Field(default="not_started", max_length=16)  # hub.core.vocabulary.STAGE_STATUSES
    done_on: date | None = None
    evidence_ref: str | None = Field(default=None, max_length=256)
    evidence_file_name: str | None = Field(default=None, max_length=256)
    evidence_sha256: str | None = Field(default=None, max_length=64)
    recorded_by: str = Field(max_length=128)
    recorded_at: datetime = Field(default_factory=utcnow)


class ActionPlan(SQLModel, table=True):
    """A region's Rencana Aksi for one year and its document."""

    __tablename__ = "action_plan"
    __table_args__ = (UniqueConstraint("region_code", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    region_code: str = Field(foreign_key="region.code", max_length=13, index=True)
    year: int
    document_ref: str | None = Field(default=None, max_length=256)
    adopted_on: date | None = None
    recorded_by: str = Field(max_length=128)
    recorded_at: datetime = Field(default_factory=utcnow)


class PlanAction(SQLModel, table=True):
    """One action of a Rencana Aksi: what, for which service, by which OPD, funded by which sub
    kegiatan and budget line, with its target, deadline, status and progress."""

    __tablename__ = "plan_action"
    __table_args__ = (
        UniqueConstraint("plan_id", "ordinal"),
        CheckConstraint("progress_pct BETWEEN 0 AND 100", name="ck_action_progress"),
    )

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="action_plan.id", index=True, ondelete="CASCADE")
    ordinal: int
    action: str
    service_code: str | None = Field(default=None, foreign_key="spm_service.code", max_length=24)
    agency: str | None = Field(default=None, max_length=256)  # OPD
    sub_activity_code: str | None = Field(default=None, max_length=32)
    budget_line_key: str | None = Field(default=None, max_length=64)  # BudgetLine.line_key
    target: str | None = Field(default=None, max_length=256)
    deadline: date | None = None
    status: str = Field(default="planned", max_length=16)  # hub.core.vocabulary.ACTION_STATUSES
    progress_pct: Decimal = Field(default=Decimal(0), sa_type=Numeric(5, 2))
    document_ref: str | None = Field(default=None, max_length=256)


class TeamDecree(SQLModel, table=True):
    """The decree (SK) that sets up a region's Tim Penerapan SPM."""

    __tablename__ = "team_decree"
    __table_args__ = (UniqueConstraint("region_code", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    region_code: str = Field(foreign_key="region.code", max_length=13, index=True)
    number: str = Field(max_length=128)
    decreed_on: date
    valid_until: date | None = None
    document_ref: str | None = Field(default=None, max_length=256)
    recorded_by: str = Field(max_length=128)
    recorded_at: datetime = Field(default_factory=utcnow)


class TeamMember(SQLModel, table=True):
    """A member of a Tim Penerapan SPM: the role held, from which OPD, from when to when."""

    __tablename__ = "team_member"

    id: int | None = Field(default=None, primary_key=True)
    decree_id: int = Field(foreign_key="team_decree.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=256)
    role: str = Field(max_length=128)  # ketua, sekretaris, anggota, ...
    agency: str | None = Field(default=None, max_length=256)  # OPD
    member_from: date | None = None
    member_to: date | None = None


class ProblemKind(SQLModel, table=True):
    """A kind of recurring problem (taxonomy as data: hub/reference/problem_kinds.toml)."""

    __tablename__ = "problem_kind"

    code: str = Field(primary_key=True, max_length=32)
    label: str = Field(max_length=256)
    description: str | None = None
    ordinal: int = 0


class ProblemReport(SQLModel, table=True):
    """A problem (permasalahan) a region reports for a quarter and service, with its solution (solusi)."""

    __tablename__ = "problem_report"
    __table_args__ = (
        UniqueConstraint("region_code", "year", "quarter", "ordinal"),
        CheckConstraint("quarter BETWEEN 1 AND 4", name="ck_problem_quarter"),
    )

    id: int | None = Field(default=None, primary_key=True)
    region_code: str = Field(foreign_key="region.code", max_length=13, index=True)
    year: int
    quarter: int
    ordinal: int
    service_code: str | None = Field(default=None, foreign_key="spm_service.code", max_length=24)
    problem: str
    solution: str | None = None
    recorded_by: str = Field(max_length=128)
    recorded_at: datetime = Field(default_factory=utcnow)


class ProblemReportKind(SQLModel, table=True):
    """One kind a problem carries (a problem may carry several)."""

    __tablename__ = "problem_report_kind"

    problem_id: int = Field(foreign_key="problem_report.id", primary_key=True, ondelete="CASCADE")
    kind_code: str = Field(foreign_key="problem_kind.code", primary_key=True, max_length=32)


class ReportingDeadline(SQLModel, table=True):
    """When a period's report is due (years differ: hub/reference/reporting_calendar.toml)."""

    __tablename__ = "reporting_deadline"
    __table_args__ = (UniqueConstraint("year", "period"),)

    id: int | None = Field(default=None, primary_key=True)
    year: int
    period: str = Field(max_length=8)  # Q1..Q4 | ANNUAL (hub.core.vocabulary.PERIODS)
    due_on: date
    evidence: str = Field(default="I", max_length=1)
    source: str | None = Field(default=None, max_length=512)


class QuarterSubmission(SQLModel, table=True):
    """A region's quarter in e-SPM: its status and who moved it when (each move is also audited)."""

    __tablename__ = "quarter_submission"
    __table_args__ = (
        UniqueConstraint("region_code", "year", "quarter"),
        CheckConstraint("quarter BETWEEN 1 AND 4", name="ck_submission_quarter"),
    )

    id: int | None = Field(default=None, primary_key=True)
    region_code: str = Field(foreign_key="region.code", max_length=13, index=True)
    year: int
    quarter: int
    status: str = Field(default="draft", max_length=16)  # hub.core.vocabulary.SUBMISSION_STATUSES
    first_submitted_at: datetime | None = None  # timeliness counts the first submission
    submitted_at: datetime | None = None
    submitted_by: str | None = Field(default=None, max_length=128)
    verified_at: datetime | None = None
    verified_by: str | None = Field(default=None, max_length=128)
    returned_at: datetime | None = None
    returned_by: str | None = Field(default=None, max_length=128)
    return_reason: str | None = None
