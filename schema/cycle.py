"""The e-SPM application cycle over GraphQL: a region's whole quarter (achievement, budgeting, problems
with kinds, stages, Rencana Aksi, Tim Penerapan SPM), its submission and verification, completeness
and timeliness of every region with rankings, and problem counts ("which problems recur where").

Reads are row-scoped: a region reads its own quarters, a province its own and its kabupaten/kota's,
the ministry all. Writes: ``hub.workbench.cycle`` (region writes, province/ministry verify).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

import strawberry
from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from hub import models
from hub.access.auth import TOKEN_ROLES, covers, require_role
from hub.access.caller import Caller
from hub.analytics import cycle as calc
from hub.analytics.plan import run_async
from hub.core.errors import PermissionDenied
from hub.workbench import cycle as work
from schema.errors import OperationError, errors_as_data
from schema.info import Info
from schema.pagination import list_field
from schema.workbench import write_sync


@strawberry.type(description=work.Achievement.__doc__)
class QuarterAchievement(work.Achievement):
    """Achievement and budgeting of one service."""


@strawberry.type(description=work.Problem.__doc__)
class QuarterProblem(work.Problem):
    """A problem with its kinds."""


@strawberry.type(description=work.StageEntry.__doc__)
class QuarterStage(work.StageEntry):
    """A stage record."""


@strawberry.type(description=work.Action.__doc__)
class PlanActionItem(work.Action):
    """An action of the plan."""


@strawberry.type(description=work.Plan.__doc__)
class ActionPlan(work.Plan):
    """The Rencana Aksi."""

    actions: list[PlanActionItem]


@strawberry.type(description=work.Member.__doc__)
class TeamMemberItem(work.Member):
    """A team member."""


@strawberry.type(description=calc.TeamWarning.__doc__)
class TeamWarning(calc.TeamWarning):
    """A team warning."""


@strawberry.type(description=work.Team.__doc__)
class Team(work.Team):
    """The Tim Penerapan SPM."""

    members: list[TeamMemberItem]


@strawberry.type
class QuarterSubmission:
    """Where a quarter stands: draft, submitted, verified or returned (with the reason)."""

    status: str
    first_submitted_at: datetime | None = None
    submitted_at: datetime | None = None
    submitted_by: str | None = None
    verified_at: datetime | None = None
    verified_by: str | None = None
    returned_at: datetime | None = None
    returned_by: str | None = None
    return_reason: str | None = None

    @classmethod
    def from_model(cls, row: models.QuarterSubmission | None) -> QuarterSubmission:
        if row is None:
            return cls(status="draft")
        return cls(**{name: getattr(row, name) for name in cls.__annotations__})


@strawberry.type
class StageRecord:
    """A stored stage record (list and export row)."""

    id: int
    region_code: str
    year: int
    field_code: str
    stage: str
    status: str
    done_on: date | None
    evidence_ref: str | None
    evidence_file_name: str | None
    evidence_sha256: str | None
    recorded_by: str
    recorded_at: datetime

    @classmethod
    def from_model(cls, row: models.StageRecord) -> StageRecord:
        return cls(**{name: getattr(row, name) for name in cls.__annotations__})


@strawberry.type
class ProblemReport:
    """A stored problem and its solution (its kinds: ``quarter { problems { kinds } }`` or ``problemCounts``)."""

    id: int
    region_code: str
    year: int
    quarter: int
    ordinal: int
    service_code: str | None
    problem: str
    solution: str | None
    recorded_by: str

    @classmethod
    def from_model(cls, row: models.ProblemReport) -> ProblemReport:
        return cls(**{name: getattr(row, name) for name in cls.__annotations__})


@strawberry.type
class QuarterSubmissionRow(QuarterSubmission):
    """A region's quarter submission (list and export row)."""

    region_code: str
    year: int
    quarter: int

    @classmethod
    def from_model(cls, row: models.QuarterSubmission | None) -> QuarterSubmissionRow:
        assert row is not None
        return cls(**{name: getattr(row, name) for name in cls.__dataclass_fields__})


@strawberry.type
class QuarterPart:
    """How much of one part of the quarter's content is filled (0..1)."""

    part: str
    filled: Decimal


@strawberry.type(description=calc.QuarterStatus.__doc__)
class QuarterStatus(calc.QuarterStatus):
    """A region's quarter: completeness (0..100) by part, timeliness, ranks (national within the
    government level, provincial among the province's kabupaten/kota)."""

    parts: list[QuarterPart]  # type: ignore[assignment]

    @classmethod
    def from_row(cls, row: calc.QuarterStatus) -> QuarterStatus:
        parts = [QuarterPart(part=k, filled=v.quantize(Decimal("0.0001"))) for k, v in row.parts.items()]
        return cls(**{**vars(row), "parts": parts})


@strawberry.type
class Quarter:
    """A region's whole e-SPM quarter as stored, with its submission and team warnings."""

    region_code: str
    year: int
    quarter: int
    achievements: list[QuarterAchievement]
    problems: list[QuarterProblem]
    stages: list[QuarterStage]
    plan: ActionPlan | None
    team: Team | None
    submission: QuarterSubmission
    team_warnings: list[TeamWarning]


@strawberry.type
class ProblemCount:
    """How many problems of one kind a province's regions recorded for an urusan and quarter."""

    province_code: str
    field_code: str | None
    kind_code: str | None
    quarter: int
    problems: int
    regions: int


@strawberry.input(description=work.Achievement.__doc__)
class AchievementInput(work.Achievement):
    """Achievement (target and served, both or neither) and budgeting of one service."""


@strawberry.input(description=work.Problem.__doc__)
class ProblemInput(work.Problem):
    """A permasalahan, its solusi and kinds (codes of the problem taxonomy)."""

    kinds: list[str] = strawberry.field(default_factory=list)


@strawberry.input(description=work.StageEntry.__doc__)
class StageInput(work.StageEntry):
    """One urusan's progress with one stage this year."""


@strawberry.input(description=work.Action.__doc__)
class ActionInput(work.Action):
    """One action of the Rencana Aksi."""


@strawberry.input(description=work.Plan.__doc__)
class PlanInput(work.Plan):
    """The year's Rencana Aksi (its actions replace the stored ones)."""

    actions: list[ActionInput] = strawberry.field(default_factory=list)


@strawberry.input(description=work.Member.__doc__)
class MemberInput(work.Member):
    """A member of the Tim Penerapan SPM."""


@strawberry.input(description=work.Team.__doc__)
class TeamInput(work.Team):
    """A decree of the Tim Penerapan SPM (by number) and its members (they replace the stored ones)."""

    members: list[MemberInput] = strawberry.field(default_factory=list)


@strawberry.input
class QuarterInput:
    """A region's quarter; a part left out is not changed."""

    region_code: str
    year: int
    quarter: int
    achievements: list[AchievementInput] | None = None
    problems: list[ProblemInput] | None = None
    stages: list[StageInput] | None = None
    plan: PlanInput | None = None
    team: TeamInput | None = None


def _content(data: QuarterInput) -> work.QuarterContent:
    """The input as the service's content (the input types are the service's dataclasses)."""
    return work.QuarterContent(
        data.region_code, data.year, data.quarter, data.achievements, data.problems, data.stages, data.plan, data.team
    )


def _quarter(session: Session, region_code: str, year: int, quarter: int, as_of: date) -> Quarter:
    content = work.read_quarter(session, region_code, year, quarter)
    decree, members = work.team_of(session, region_code)
    plan, team = content.plan, content.team
    return Quarter(
        region_code=region_code,
        year=year,
        quarter=quarter,
        achievements=[QuarterAchievement(**asdict(a)) for a in content.achievements or []],
        problems=[QuarterProblem(**asdict(p)) for p in content.problems or []],
        stages=[QuarterStage(**asdict(s)) for s in content.stages or []],
        plan=None
        if plan is None
        else ActionPlan(
            document_ref=plan.document_ref,
            adopted_on=plan.adopted_on,
            actions=[PlanActionItem(**asdict(a)) for a in plan.actions],
        ),
        team=None
        if team is None
        else Team(
            number=team.number,
            decreed_on=team.decreed_on,
            valid_until=team.valid_until,
            document_ref=team.document_ref,
            members=[TeamMemberItem(**asdict(m)) for m in team.members],
        ),
        submission=QuarterSubmission.from_model(work.submission(session, region_code, year, quarter)),
        team_warnings=[TeamWarning(**asdict(w)) for w in calc.team_warnings(decree, members, as_of)],
    )


def _require_read(caller: Caller, region_code: str) -> None:
    require_role(caller, *TOKEN_ROLES)
    if not covers(caller, region_code):
        raise PermissionDenied(f"Token for region {caller.region_code} may not read the cycle data of {region_code}.")


@strawberry.type
class CycleQuery:
    """e-SPM cycle root fields."""

    stage_records = list_field("stage-records", StageRecord, description="Stage records, filtered and paginated.")
    problem_reports = list_field("problem-reports", ProblemReport, description="Problems, filtered and paginated.")
    quarter_submissions = list_field(
        "quarter-submissions", QuarterSubmissionRow, description="Quarter submissions, filtered and paginated."
    )

    @strawberry.field(description="A region's whole quarter (its own, its kabupaten/kota's for a province).")
    async def quarter(
        self, info: Info, region_code: str, year: int, quarter: int, as_of: date | None = None
    ) -> Quarter:
        _require_read(info.context.caller, region_code)
        when = as_of or date.today()
        return await info.context.db.read_sync(lambda s: _quarter(s, region_code, year, quarter, when))

    @strawberry.field(
        description="Completeness and timeliness of every region's quarter (best first), with national and "
        "provincial ranks of completeness; rows limited to the regions the caller reads."
    )
    async def quarter_statuses(
        self,
        info: Info,
        year: int,
        quarter: int,
        level: str | None = None,
        province_code: str | None = None,
        as_of: date | None = None,
    ) -> list[QuarterStatus]:
        caller = info.context.caller
        require_role(caller, *TOKEN_ROLES)
        rows = await run_async(
            info.context.db,
            calc.quarter_status_plan(
                year, quarter, as_of=as_of or date.today(), level=level, province_code=province_code
            ),
        )
        return [QuarterStatus.from_row(row) for row in rows if covers(caller, row.region_code)]

    @strawberry.field(
        description="Problems per province, urusan, kind and quarter of a year (which problems recur where)."
    )
    async def problem_counts(
        self, info: Info, year: int, quarter: int | None = None, province_code: str | None = None
    ) -> list[ProblemCount]:
        caller = info.context.caller
        require_role(caller, *TOKEN_ROLES)
        problem, kind, service = models.ProblemReport, models.ProblemReportKind, models.SpmService
        province = func.substr(problem.region_code, 1, 2)
        statement = (
            select(  # type: ignore[call-overload]  # six mixed columns: sqlmodel's overloads stop at four
                province,
                service.field_code,
                kind.kind_code,
                problem.quarter,
                func.count(func.distinct(problem.id)),
                func.count(func.distinct(problem.region_code)),
            )
            .outerjoin(kind, col(kind.problem_id) == problem.id)
            .outerjoin(service, col(service.code) == problem.service_code)
            .where(problem.year == year)
            .group_by(province, service.field_code, kind.kind_code, problem.quarter)
            # NULLs (no urusan, no kind) first on both databases: SQLite and PostgreSQL disagree by default
            .order_by(
                province, problem.quarter, col(service.field_code).nulls_first(), col(kind.kind_code).nulls_first()
            )
        )
        if quarter is not None:
            statement = statement.where(problem.quarter == quarter)
        if province_code is not None:
            statement = statement.where(province == province_code)
        if caller.role != "ministry":
            # regions and provinces count only the problems they may read
            code = caller.region_code or ""
            statement = statement.where(
                or_(col(problem.region_code) == code, col(problem.region_code).like(f"{code}.%"))
            )
        rows = await info.context.db.rows(statement)
        return [
            ProblemCount(province_code=p, field_code=f, kind_code=k, quarter=q, problems=n, regions=r)
            for p, f, k, q, n, r in rows
        ]


SaveQuarterResult = Annotated[Quarter | OperationError, strawberry.union("SaveQuarterResult")]
QuarterMoveResult = Annotated[QuarterSubmission | OperationError, strawberry.union("QuarterMoveResult")]


@strawberry.type
class CycleMutation:
    """e-SPM cycle mutations. Errors come back as ``OperationError`` with a code (row issues as ``fields``)."""

    @strawberry.mutation(description="Save the given parts of a region's quarter (its own token, or the ministry).")
    @errors_as_data
    async def save_quarter(self, info: Info, content: QuarterInput) -> SaveQuarterResult:
        caller, data = info.context.caller, _content(content)

        def save(sync: Session) -> Quarter:
            work.save_quarter(sync, caller, data)
            sync.flush()
            return _quarter(sync, data.region_code, data.year, data.quarter, date.today())

        return await write_sync(info, save)

    @strawberry.mutation(description="Submit a quarter for verification (the region itself).")
    @errors_as_data
    async def submit_quarter(self, info: Info, region_code: str, year: int, quarter: int) -> QuarterMoveResult:
        return await _move(info, region_code, year, quarter, "submit", None)

    @strawberry.mutation(
        description="Verify a submitted quarter (the province for its kabupaten/kota, the ministry for a province)."
    )
    @errors_as_data
    async def verify_quarter(self, info: Info, region_code: str, year: int, quarter: int) -> QuarterMoveResult:
        return await _move(info, region_code, year, quarter, "verify", None)

    @strawberry.mutation(description="Return a submitted quarter to the region with a reason (its verifier).")
    @errors_as_data
    async def return_quarter(
        self, info: Info, region_code: str, year: int, quarter: int, reason: str
    ) -> QuarterMoveResult:
        return await _move(info, region_code, year, quarter, "return", reason)


async def _move(
    info: Info, region_code: str, year: int, quarter: int, move: str, reason: str | None
) -> QuarterSubmission:
    caller = info.context.caller
    row = await write_sync(info, lambda s: work.move_quarter(s, caller, region_code, year, quarter, move, reason))
    return QuarterSubmission.from_model(row)
