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

import strawberry
from sqlalchemy import func
from sqlmodel import Session, col, select

from hub import models
from hub.access.auth import TOKEN_ROLES, covers, require_role
from hub.access.caller import Caller
from hub.analytics import cycle as calc
from hub.analytics.plan import run_async
from hub.core.errors import PermissionDenied
from hub.workbench import cycle as work
from schema.info import Info


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
class QuarterPart:
    """How much of one part of the quarter's content is filled (0..1)."""

    part: str
    filled: Decimal


@strawberry.type
class QuarterStatus:
    """A region's quarter: completeness (0..100) by part, timeliness, ranks (national within the
    government level, provincial among the province's kabupaten/kota)."""

    region_code: str
    region_name: str
    level: str
    province_code: str
    year: int
    quarter: int
    status: str
    completeness: Decimal
    parts: list[QuarterPart]
    missing: list[str]
    due_on: date | None
    first_submitted_at: datetime | None
    timeliness: str
    days_late: int | None
    national_rank: int | None
    provincial_rank: int | None

    @classmethod
    def from_row(cls, row: calc.QuarterStatus) -> QuarterStatus:
        values = {k: v for k, v in vars(row).items() if k != "parts"}
        return cls(
            **values, parts=[QuarterPart(part=k, filled=v.quantize(Decimal("0.0001"))) for k, v in row.parts.items()]
        )


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


@strawberry.input
class AchievementInput:
    """Achievement (target and served, both or neither) and budgeting of one service."""

    service_code: str
    targeted: int | None = None
    served: int | None = None
    budget_allocated: Decimal | None = None
    budget_realised: Decimal | None = None


@strawberry.input
class ProblemInput:
    """A permasalahan, its solusi and kinds (codes of ``problemKinds``)."""

    problem: str
    service_code: str | None = None
    solution: str | None = None
    kinds: list[str] = strawberry.field(default_factory=list)


@strawberry.input
class StageInput:
    """One urusan's progress with one stage this year."""

    field_code: str
    stage: str
    status: str
    done_on: date | None = None
    evidence_ref: str | None = None
    evidence_file_name: str | None = None
    evidence_sha256: str | None = None


@strawberry.input
class ActionInput:
    """One action of the Rencana Aksi."""

    action: str
    service_code: str | None = None
    agency: str | None = None
    sub_activity_code: str | None = None
    budget_line_key: str | None = None
    target: str | None = None
    deadline: date | None = None
    status: str = "planned"
    progress_pct: Decimal = Decimal(0)
    document_ref: str | None = None


@strawberry.input
class PlanInput:
    """The year's Rencana Aksi (its actions replace the stored ones)."""

    document_ref: str | None = None
    adopted_on: date | None = None
    actions: list[ActionInput] = strawberry.field(default_factory=list)


@strawberry.input
class MemberInput:
    """A member of the Tim Penerapan SPM."""

    name: str
    role: str
    agency: str | None = None
    member_from: date | None = None
    member_to: date | None = None


@strawberry.input
class TeamInput:
    """A decree of the Tim Penerapan SPM (by number) and its members (they replace the stored ones)."""

    number: str
    decreed_on: date
    valid_until: date | None = None
    document_ref: str | None = None
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
    plan, team = data.plan, data.team
    return work.QuarterContent(
        region_code=data.region_code,
        year=data.year,
        quarter=data.quarter,
        achievements=None if data.achievements is None else [work.Achievement(**vars(a)) for a in data.achievements],
        problems=None if data.problems is None else [work.Problem(**vars(p)) for p in data.problems],
        stages=None if data.stages is None else [work.StageEntry(**vars(s)) for s in data.stages],
        plan=None
        if plan is None
        else work.Plan(plan.document_ref, plan.adopted_on, [work.Action(**vars(a)) for a in plan.actions]),
        team=None
        if team is None
        else work.Team(
            team.number,
            team.decreed_on,
            team.valid_until,
            team.document_ref,
            [work.Member(**vars(m)) for m in team.members],
        ),
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

    @strawberry.field(description="A region's whole quarter (its own, its kabupaten/kota's for a province).")
    async def quarter(
        self, info: Info, region_code: str, year: int, quarter: int, as_of: date | None = None
    ) -> Quarter:
        _require_read(info.context.caller, region_code)
        when = as_of or date.today()
        return await info.context.db.read_sync(lambda s: _quarter(s, region_code, year, quarter, when))  # type: ignore[no-any-return]

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
            select(
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
            .order_by(province, problem.quarter, service.field_code, kind.kind_code)
        )
        if quarter is not None:
            statement = statement.where(problem.quarter == quarter)
        if province_code is not None:
            statement = statement.where(province == province_code)
        if caller.role != "ministry":
            # regions and provinces count only the problems they may read
            code = caller.region_code or ""
            statement = statement.where((problem.region_code == code) | col(problem.region_code).like(f"{code}.%"))
        rows = await info.context.db.rows(statement)
        return [
            ProblemCount(province_code=p, field_code=f, kind_code=k, quarter=q, problems=n, regions=r)
            for p, f, k, q, n, r in rows
        ]


@strawberry.type
class CycleMutation:
    """e-SPM cycle mutations."""

    @strawberry.mutation(description="Save the given parts of a region's quarter (its own token, or the ministry).")
    async def save_quarter(self, info: Info, content: QuarterInput) -> Quarter:
        caller, data = info.context.caller, _content(content)
        async with info.context.db.writing() as session:

            def save(sync: Session) -> Quarter:
                work.save_quarter(sync, caller, data)
                sync.flush()
                return _quarter(sync, data.region_code, data.year, data.quarter, date.today())

            return await session.run_sync(save)  # type: ignore[no-any-return]

    @strawberry.mutation(description="Submit a quarter for verification (the region itself).")
    async def submit_quarter(self, info: Info, region_code: str, year: int, quarter: int) -> QuarterSubmission:
        return await _move(info, region_code, year, quarter, "submit", None)

    @strawberry.mutation(
        description="Verify a submitted quarter (the province for its kabupaten/kota, the ministry for a province)."
    )
    async def verify_quarter(self, info: Info, region_code: str, year: int, quarter: int) -> QuarterSubmission:
        return await _move(info, region_code, year, quarter, "verify", None)

    @strawberry.mutation(description="Return a submitted quarter to the region with a reason (its verifier).")
    async def return_quarter(
        self, info: Info, region_code: str, year: int, quarter: int, reason: str
    ) -> QuarterSubmission:
        return await _move(info, region_code, year, quarter, "return", reason)


async def _move(
    info: Info, region_code: str, year: int, quarter: int, move: str, reason: str | None
) -> QuarterSubmission:
    caller = info.context.caller
    async with info.context.db.writing() as session:
        row = await session.run_sync(lambda s: work.move_quarter(s, caller, region_code, year, quarter, move, reason))
        return QuarterSubmission.from_model(row)
