"""A region's e-SPM quarter as one unit: achievement, budgeting, problems (with kinds), the four stages,
the Rencana Aksi and the Tim Penerapan SPM, read and saved together (GraphQL and the quarter workbook
share this code), and the quarter's moves draft -> submitted -> verified | returned -> submitted.

Saving replaces what each given part covers: achievement and budgeting per service (a report's mutu
items stay), the quarter's problems, the year's stage records per urusan and stage, the year's plan and
its actions, the decree named and its members. A part left out (None) is not touched. A submitted or
verified quarter is frozen: return it first. Every changed record is audited with before and after.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from hub import models
from hub.access.auth import audit_record
from hub.access.caller import Caller
from hub.access.verify import require_cycle_write, require_verify
from hub.core.errors import BadInput, Conflict, NotFound, RowIssue, ValidationFailed
from hub.core.vocabulary import (
    ACTION_STATUSES,
    STAGE_STATUSES,
    STAGES,
    SUBMISSION_MOVES,
    SubmissionStatus,
)
from hub.models.clock import utcnow


@dataclass
class Achievement:
    """One service's recipients (achievement) and budget (budgeting) for the quarter."""

    service_code: str
    targeted: int | None = None
    served: int | None = None
    budget_allocated: Decimal | None = None
    budget_realised: Decimal | None = None


@dataclass
class Problem:
    """A permasalahan with its solusi and kinds (codes of the problem taxonomy)."""

    problem: str
    service_code: str | None = None
    solution: str | None = None
    kinds: list[str] = field(default_factory=list)


@dataclass
class StageEntry:
    """How far one urusan is with one stage this year, and the evidence."""

    field_code: str
    stage: str
    status: str
    done_on: date | None = None
    evidence_ref: str | None = None
    evidence_file_name: str | None = None
    evidence_sha256: str | None = None


@dataclass
class Action:
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


@dataclass
class Plan:
    """The year's Rencana Aksi."""

    document_ref: str | None = None
    adopted_on: date | None = None
    actions: list[Action] = field(default_factory=list)


@dataclass
class Member:
    """A member of the Tim Penerapan SPM."""

    name: str
    role: str
    agency: str | None = None
    member_from: date | None = None
    member_to: date | None = None


@dataclass
class Team:
    """The decree of the Tim Penerapan SPM and its members."""

    number: str
    decreed_on: date
    valid_until: date | None = None
    document_ref: str | None = None
    members: list[Member] = field(default_factory=list)


@dataclass
class QuarterContent:
    """A region's quarter; ``None`` parts are not part of a save."""

    region_code: str
    year: int
    quarter: int
    achievements: list[Achievement] | None = None
    problems: list[Problem] | None = None
    stages: list[StageEntry] | None = None
    plan: Plan | None = None
    team: Team | None = None


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _snap(row: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: _jsonable(getattr(row, name)) for name in names}


def submission(session: Session, region_code: str, year: int, quarter: int) -> models.QuarterSubmission | None:
    """The stored submission state of a quarter (None: still a draft, never saved)."""
    model = models.QuarterSubmission
    return session.exec(
        select(model).where(model.region_code == region_code, model.year == year, model.quarter == quarter)
    ).first()


def _check_scope(session: Session, content: QuarterContent) -> models.Region:
    region = session.get(models.Region, content.region_code)
    if region is None:
        raise NotFound(f"Region {content.region_code!r} does not exist.")
    if not 1 <= content.quarter <= 4 or not 2000 <= content.year <= 2100:
        raise BadInput("quarter must be 1-4 and year a calendar year.")
    state = submission(session, content.region_code, content.year, content.quarter)
    if state is not None and state.status in (SubmissionStatus.SUBMITTED, SubmissionStatus.VERIFIED):
        raise Conflict(
            f"Quarter {content.year} Q{content.quarter} of {content.region_code} is {state.status}; "
            "it can change only after it is returned."
        )
    return region


def check_content(session: Session, content: QuarterContent) -> list[RowIssue]:
    """Every problem with the content's codes and values, as row issues (rows counted from 1 per part)."""
    region = _check_scope(session, content)
    services = {
        code: level for code, level in session.exec(select(models.SpmService.code, models.SpmService.level)).all()
    }
    kinds = set(session.exec(select(models.ProblemKind.code)).all())
    fields = set(session.exec(select(models.SpmField.code)).all())
    issues: list[RowIssue] = []

    def service_issue(part: str, row: int, code: str | None) -> None:
        if code is None:
            return
        if code not in services:
            issues.append(RowIssue(row, "service_code", code, "unknown SPM service", sheet=part))
        elif services[code] != region.government_level:
            issues.append(RowIssue(row, "service_code", code, f"not a {region.government_level} service", sheet=part))

    for row, item in enumerate(content.achievements or [], start=1):
        service_issue("achievement", row, item.service_code)
        if (item.targeted is None) != (item.served is None):
            issues.append(RowIssue(row, "served", str(item.served), "give both target and served", sheet="achievement"))
        elif item.targeted is not None and item.served is not None and not 0 <= item.served <= item.targeted:
            issues.append(
                RowIssue(
                    row, "served", str(item.served), "served must be between 0 and the target", "error", "achievement"
                )
            )
        if item.targeted is None and item.budget_allocated is None and item.budget_realised is None:
            issues.append(
                RowIssue(row, "service_code", item.service_code, "a row with no figures", sheet="achievement")
            )
    for row, problem in enumerate(content.problems or [], start=1):
        service_issue("problems", row, problem.service_code)
        for kind in problem.kinds:
            if kind not in kinds:
                issues.append(RowIssue(row, "kinds", kind, "unknown problem kind", sheet="problems"))
    seen: set[tuple[str, str]] = set()
    for row, stage in enumerate(content.stages or [], start=1):
        if stage.field_code not in fields:
            issues.append(RowIssue(row, "field_code", stage.field_code, "unknown urusan", sheet="stages"))
        if stage.stage not in STAGES:
            issues.append(RowIssue(row, "stage", stage.stage, f"one of {', '.join(STAGES)}", sheet="stages"))
        if stage.status not in STAGE_STATUSES:
            issues.append(RowIssue(row, "status", stage.status, f"one of {', '.join(STAGE_STATUSES)}", sheet="stages"))
        if (stage.field_code, stage.stage) in seen:
            issues.append(RowIssue(row, "stage", stage.stage, "this urusan and stage appear twice", sheet="stages"))
        seen.add((stage.field_code, stage.stage))
    for row, action in enumerate(content.plan.actions if content.plan else [], start=1):
        service_issue("action_plan", row, action.service_code)
        if action.status not in ACTION_STATUSES:
            issues.append(
                RowIssue(row, "status", action.status, f"one of {', '.join(ACTION_STATUSES)}", sheet="action_plan")
            )
        if not 0 <= action.progress_pct <= 100:
            issues.append(RowIssue(row, "progress_pct", str(action.progress_pct), "0 to 100", sheet="action_plan"))
    if content.team and content.team.valid_until and content.team.valid_until < content.team.decreed_on:
        issues.append(RowIssue(1, "valid_until", str(content.team.valid_until), "before the decree date", sheet="team"))
    for row, member in enumerate(content.team.members if content.team else [], start=1):
        if member.member_to and member.member_from and member.member_to < member.member_from:
            issues.append(RowIssue(row, "member_to", str(member.member_to), "before member_from", sheet="team"))
    return issues


def save_quarter(session: Session, caller: Caller, content: QuarterContent, *, run_id: int | None = None) -> int:
    """Save the given parts of a quarter in the caller's transaction; returns the number of records written.

    Raises:
        Unauthenticated, PermissionDenied: not the region's own token (or the ministry).
        NotFound: unknown region.
        Conflict: the quarter is submitted or verified.
        ValidationFailed: codes or values that do not hold (every issue listed; nothing is written).
    """
    require_cycle_write(caller, content.region_code)
    issues = check_content(session, content)
    if issues:
        raise ValidationFailed(f"{len(issues)} problem(s) in the quarter's content; nothing was saved.", issues)
    written = 0
    if content.achievements is not None:
        written += _save_achievements(session, caller, content, run_id)
    if content.problems is not None:
        written += _save_problems(session, caller, content)
    if content.stages is not None:
        written += _save_stages(session, caller, content)
    if content.plan is not None:
        written += _save_plan(session, caller, content.region_code, content.year, content.plan)
    if content.team is not None:
        written += _save_team(session, caller, content.region_code, content.team)
    _touch_draft(session, content)
    return written


def _audit(session: Session, caller: Caller, entity: str, key: str, region: str, before: Any, after: Any) -> None:
    if before == after:
        return
    action = "record" if before is None else ("delete" if after is None else "update")
    session.add(audit_record(caller, action, entity, key, region_code=region, before=before, after=after))


_REPORT = ("targeted", "served", "budget_allocated", "budget_realised")


def _save_achievements(session: Session, caller: Caller, content: QuarterContent, run_id: int | None) -> int:
    model = models.AchievementReport
    existing = {
        row.service_code: row
        for row in session.exec(
            select(model).where(
                model.region_code == content.region_code, model.year == content.year, model.quarter == content.quarter
            )
        ).all()
    }
    if run_id is None:
        run = models.IngestRun(
            connector="graphql", source="saveQuarter", actor=caller.name, status="succeeded", finished_at=utcnow()
        )
        session.add(run)
        session.flush()
        run_id = run.id
    for item in content.achievements or []:
        row = existing.get(item.service_code)
        if row is not None and row.published:
            raise Conflict(f"The {item.service_code} report is published and frozen; ask the ministry.")
        before = _snap(row, _REPORT) if row is not None else None
        row = row or model(
            region_code=content.region_code,
            year=content.year,
            quarter=content.quarter,
            service_code=item.service_code,
            targeted=0,
            served=0,
            run_id=run_id,
        )
        if item.targeted is not None and item.served is not None:
            row.targeted, row.served = item.targeted, item.served
        row.budget_allocated, row.budget_realised, row.run_id = item.budget_allocated, item.budget_realised, run_id
        session.add(row)
        key = f"{content.region_code}/{content.year}/Q{content.quarter}/{item.service_code}"
        _audit(session, caller, "achievement_report", key, content.region_code, before, _snap(row, _REPORT))
    return len(content.achievements or [])


def _problem_snapshot(session: Session, rows: list[models.ProblemReport]) -> list[dict[str, Any]]:
    kinds = _kinds_of(session, [row.id for row in rows if row.id is not None])
    return [
        {
            "service_code": row.service_code,
            "problem": row.problem,
            "solution": row.solution,
            "kinds": kinds.get(row.id or 0, []),
        }
        for row in rows
    ]


def _kinds_of(session: Session, ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    if ids:
        link = models.ProblemReportKind
        for problem_id, kind in session.exec(
            select(link.problem_id, link.kind_code).where(col(link.problem_id).in_(ids)).order_by(col(link.kind_code))
        ).all():
            found.setdefault(problem_id, []).append(kind)
    return found


def _quarter_problems(session: Session, region: str, year: int, quarter: int) -> list[models.ProblemReport]:
    model = models.ProblemReport
    return list(
        session.exec(
            select(model)
            .where(model.region_code == region, model.year == year, model.quarter == quarter)
            .order_by(col(model.ordinal))
        ).all()
    )


def _save_problems(session: Session, caller: Caller, content: QuarterContent) -> int:
    old = _quarter_problems(session, content.region_code, content.year, content.quarter)
    before = _problem_snapshot(session, old)
    for row in old:
        session.delete(row)
    session.flush()
    for ordinal, item in enumerate(content.problems or [], start=1):
        row = models.ProblemReport(
            region_code=content.region_code,
            year=content.year,
            quarter=content.quarter,
            ordinal=ordinal,
            service_code=item.service_code,
            problem=item.problem,
            solution=item.solution,
            recorded_by=caller.name,
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        session.add_all(models.ProblemReportKind(problem_id=row.id, kind_code=k) for k in sorted(set(item.kinds)))
    after = [
        {"service_code": p.service_code, "problem": p.problem, "solution": p.solution, "kinds": sorted(set(p.kinds))}
        for p in content.problems or []
    ]
    key = f"{content.region_code}/{content.year}/Q{content.quarter}"
    _audit(session, caller, "problems", key, content.region_code, before or None, after or None)
    return len(content.problems or [])


_STAGE = ("status", "done_on", "evidence_ref", "evidence_file_name", "evidence_sha256")


def _save_stages(session: Session, caller: Caller, content: QuarterContent) -> int:
    model = models.StageRecord
    existing = {
        (row.field_code, row.stage): row
        for row in session.exec(
            select(model).where(model.region_code == content.region_code, model.year == content.year)
        ).all()
    }
    for item in content.stages or []:
        row = existing.get((item.field_code, item.stage))
        before = _snap(row, _STAGE) if row is not None else None
        row = row or model(
            region_code=content.region_code,
            year=content.year,
            field_code=item.field_code,
            stage=item.stage,
            recorded_by=caller.name,
        )
        for name in _STAGE:
            setattr(row, name, getattr(item, name))
        after = _snap(row, _STAGE)
        if before != after:
            row.recorded_by, row.recorded_at = caller.name, utcnow()
        session.add(row)
        key = f"{content.region_code}/{content.year}/{item.field_code}/{item.stage}"
        _audit(session, caller, "stage_record", key, content.region_code, before, after)
    return len(content.stages or [])


_ACTION = tuple(name for name in Action.__dataclass_fields__)


def plan_of(session: Session, region: str, year: int) -> tuple[models.ActionPlan | None, list[models.PlanAction]]:
    """The stored plan of a year and its actions in order."""
    plan = session.exec(
        select(models.ActionPlan).where(models.ActionPlan.region_code == region, models.ActionPlan.year == year)
    ).first()
    if plan is None:
        return None, []
    actions = session.exec(
        select(models.PlanAction).where(models.PlanAction.plan_id == plan.id).order_by(col(models.PlanAction.ordinal))
    ).all()
    return plan, list(actions)


def _plan_snapshot(plan: models.ActionPlan | None, actions: list[Any]) -> dict[str, Any] | None:
    if plan is None:
        return None
    return {
        "document_ref": plan.document_ref,
        "adopted_on": _jsonable(plan.adopted_on),
        "actions": [_snap(action, _ACTION) for action in actions],
    }


def _save_plan(session: Session, caller: Caller, region: str, year: int, given: Plan) -> int:
    plan, actions = plan_of(session, region, year)
    before = _plan_snapshot(plan, actions)
    if plan is None:
        plan = models.ActionPlan(region_code=region, year=year, recorded_by=caller.name)
    plan.document_ref, plan.adopted_on = given.document_ref, given.adopted_on
    plan.recorded_by, plan.recorded_at = caller.name, utcnow()
    session.add(plan)
    session.flush()
    session.execute(delete(models.PlanAction).where(col(models.PlanAction.plan_id) == plan.id))
    rows = [
        models.PlanAction(plan_id=plan.id, ordinal=ordinal, **asdict(action))  # type: ignore[arg-type]
        for ordinal, action in enumerate(given.actions, start=1)
    ]
    session.add_all(rows)
    _audit(session, caller, "action_plan", f"{region}/{year}", region, before, _plan_snapshot(plan, rows))
    return 1 + len(rows)


_MEMBER = tuple(name for name in Member.__dataclass_fields__)


def team_of(session: Session, region: str) -> tuple[models.TeamDecree | None, list[models.TeamMember]]:
    """The region's latest decree (by date) and its members."""
    decree = session.exec(
        select(models.TeamDecree)
        .where(models.TeamDecree.region_code == region)
        .order_by(col(models.TeamDecree.decreed_on).desc(), col(models.TeamDecree.id).desc())
    ).first()
    if decree is None:
        return None, []
    members = session.exec(
        select(models.TeamMember).where(models.TeamMember.decree_id == decree.id).order_by(col(models.TeamMember.id))
    ).all()
    return decree, list(members)


def _team_snapshot(decree: models.TeamDecree | None, members: list[Any]) -> dict[str, Any] | None:
    if decree is None:
        return None
    return {
        **_snap(decree, ("number", "decreed_on", "valid_until", "document_ref")),
        "members": [_snap(member, _MEMBER) for member in members],
    }


def _save_team(session: Session, caller: Caller, region: str, given: Team) -> int:
    decree = session.exec(
        select(models.TeamDecree).where(
            models.TeamDecree.region_code == region, models.TeamDecree.number == given.number
        )
    ).first()
    members: list[Any] = []
    if decree is not None:
        members = list(session.exec(select(models.TeamMember).where(models.TeamMember.decree_id == decree.id)).all())
    before = _team_snapshot(decree, members)
    decree = decree or models.TeamDecree(
        region_code=region, number=given.number, decreed_on=given.decreed_on, recorded_by=caller.name
    )
    decree.decreed_on, decree.valid_until, decree.document_ref = given.decreed_on, given.valid_until, given.document_ref
    decree.recorded_by, decree.recorded_at = caller.name, utcnow()
    session.add(decree)
    session.flush()
    session.execute(delete(models.TeamMember).where(col(models.TeamMember.decree_id) == decree.id))
    rows = [models.TeamMember(decree_id=decree.id, **asdict(member)) for member in given.members]  # type: ignore[arg-type]
    session.add_all(rows)
    _audit(session, caller, "team_decree", f"{region}/{given.number}", region, before, _team_snapshot(decree, rows))
    return 1 + len(rows)


def _touch_draft(session: Session, content: QuarterContent) -> None:
    if submission(session, content.region_code, content.year, content.quarter) is None:
        session.add(
            models.QuarterSubmission(region_code=content.region_code, year=content.year, quarter=content.quarter)
        )


def read_quarter(session: Session, region_code: str, year: int, quarter: int) -> QuarterContent:
    """Everything stored for a quarter, in the shape ``save_quarter`` takes (so it round-trips)."""
    report = models.AchievementReport
    reports = session.exec(
        select(report)
        .join(models.SpmService, col(models.SpmService.code) == report.service_code)
        .where(report.region_code == region_code, report.year == year, report.quarter == quarter)
        .order_by(col(models.SpmService.ordinal))
    ).all()
    problems = _quarter_problems(session, region_code, year, quarter)
    kinds = _kinds_of(session, [row.id for row in problems if row.id is not None])
    stages = session.exec(
        select(models.StageRecord)
        .where(models.StageRecord.region_code == region_code, models.StageRecord.year == year)
        .order_by(col(models.StageRecord.field_code), col(models.StageRecord.id))
    ).all()
    plan, actions = plan_of(session, region_code, year)
    decree, members = team_of(session, region_code)
    return QuarterContent(
        region_code=region_code,
        year=year,
        quarter=quarter,
        achievements=[
            Achievement(r.service_code, r.targeted, r.served, r.budget_allocated, r.budget_realised) for r in reports
        ],
        problems=[Problem(p.problem, p.service_code, p.solution, kinds.get(p.id or 0, [])) for p in problems],
        stages=sorted(
            (StageEntry(s.field_code, s.stage, **{n: getattr(s, n) for n in _STAGE}) for s in stages),
            key=lambda s: (s.field_code, STAGES.index(s.stage)),
        ),
        plan=None
        if plan is None
        else Plan(plan.document_ref, plan.adopted_on, [Action(**{n: getattr(a, n) for n in _ACTION}) for a in actions]),
        team=None
        if decree is None
        else Team(
            decree.number,
            decree.decreed_on,
            decree.valid_until,
            decree.document_ref,
            [Member(**{n: getattr(m, n) for n in _MEMBER}) for m in members],
        ),
    )


_SUBMISSION = ("status", "submitted_at", "verified_at", "returned_at", "return_reason")


def move_quarter(
    session: Session, caller: Caller, region_code: str, year: int, quarter: int, move: str, reason: str | None = None
) -> models.QuarterSubmission:
    """Submit (the region), verify or return (its verifier: the province for a kabupaten/kota, the
    ministry for a province) a quarter.

    Raises:
        Unauthenticated, PermissionDenied: the wrong caller for this move.
        BadInput: an unknown move, or a return without a reason.
        NotFound: unknown region.
        Conflict: the quarter's status does not allow the move.
    """
    if move not in SUBMISSION_MOVES:
        raise BadInput(f"move must be one of {', '.join(SUBMISSION_MOVES)}")
    if move == "submit":
        require_cycle_write(caller, region_code)
    else:
        require_verify(caller, region_code)
    if session.get(models.Region, region_code) is None:
        raise NotFound(f"Region {region_code!r} does not exist.")
    if move == "return" and not (reason and reason.strip()):
        raise BadInput("A returned quarter needs a reason the region can act on.")
    row = submission(session, region_code, year, quarter) or models.QuarterSubmission(
        region_code=region_code, year=year, quarter=quarter
    )
    sources, target = SUBMISSION_MOVES[move]
    if row.status not in sources:
        raise Conflict(f"Quarter {year} Q{quarter} of {region_code} is {row.status}; it cannot be {target}.")
    before = _snap(row, _SUBMISSION) if row.id is not None else None
    now = utcnow()
    row.status = target
    if move == "submit":
        row.submitted_at, row.submitted_by = now, caller.name
        row.first_submitted_at = row.first_submitted_at or now
    elif move == "verify":
        row.verified_at, row.verified_by = now, caller.name
    else:
        row.returned_at, row.returned_by, row.return_reason = now, caller.name, reason
    session.add(row)
    session.flush()
    session.add(
        audit_record(
            caller,
            move,
            "quarter_submission",
            f"{region_code}/{year}/Q{quarter}",
            region_code=region_code,
            before=before,
            after=_snap(row, _SUBMISSION),
        )
    )
    return row
