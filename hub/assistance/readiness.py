"""Data ready before the session: a checklist per invited region of what must be in the hub by the
cut-off, and the snapshot frozen at the cut-off (which regions came ready).

Checks are a registry of named functions (``CHECKS``); which ones a session asks is data (its kind in
hub/reference/assistance.toml). A check answers ok, not ok (with what is missing) or ``None`` when the
hub cannot compute it yet (pending). Checks read the data as it stood at the end of the cut-off day
where the store keeps when it arrived (ingest runs).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from hub import models
from hub.access.auth import audit_record
from hub.access.caller import Caller
from hub.assistance.rules import may_host, require_host, require_region_reader
from hub.assistance.sessions import checks_of, get_session, invited_of, readable_session
from hub.core.errors import Conflict
from hub.core.vocabulary import STAGES, SubmissionStatus


@dataclass(frozen=True)
class CheckContext:
    """What every check needs: the region, its level, the period asked and the cut-off moment."""

    region_code: str
    government_level: str
    year: int  # the session's fiscal year
    report_year: int  # the last quarter that ended before the cut-off
    report_quarter: int
    as_of: datetime


@dataclass(frozen=True)
class CheckResult:
    """One check of one region: ``ok`` None means pending (not computable from the hub's data)."""

    name: str
    label: str
    ok: bool | None
    detail: str


CheckFunction = Callable[[Session, CheckContext], tuple[bool | None, str]]


@dataclass(frozen=True)
class Check:
    """A named readiness check and its Bahasa Indonesia label."""

    name: str
    label: str
    run: CheckFunction


CHECKS: dict[str, Check] = {}


def check(name: str, label: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a readiness check under ``name``."""

    def register(function: CheckFunction) -> CheckFunction:
        CHECKS[name] = Check(name, label, function)
        return function

    return register


def last_quarter(cutoff: date) -> tuple[int, int]:
    """The (year, quarter) of the last quarter that ended on or before ``cutoff``."""
    quarter = (cutoff.month - 1) // 3  # quarters fully ended this year
    return (cutoff.year, quarter) if quarter else (cutoff.year - 1, 4)


def _services(session: Session, level: str) -> list[str]:
    return list(
        session.exec(
            select(models.SpmService.code).where(models.SpmService.level == level).order_by(models.SpmService.ordinal)
        ).all()
    )


def _arrived(as_of: datetime) -> object:
    """Runs finished by the cut-off."""
    return select(models.IngestRun.id).where(col(models.IngestRun.finished_at) <= as_of)


@check("report_submitted", "Laporan triwulan terakhir sudah dikirim")
def report_submitted(session: Session, ctx: CheckContext) -> tuple[bool | None, str]:
    """The last quarter's e-SPM submission was submitted (or verified) by the cut-off."""
    submission = models.QuarterSubmission
    row = session.exec(
        select(submission).where(
            submission.region_code == ctx.region_code,
            submission.year == ctx.report_year,
            submission.quarter == ctx.report_quarter,
        )
    ).first()
    period = f"TW {ctx.report_quarter} {ctx.report_year}"
    first = row.first_submitted_at if row is not None else None
    if row is None or first is None or _aware(first) > ctx.as_of:
        return False, f"{period}: belum dikirim sebelum batas waktu"
    if row.status == SubmissionStatus.RETURNED:
        return False, f"{period}: dikembalikan untuk diperbaiki ({row.return_reason or 'tanpa alasan'})"
    return True, f"{period}: {row.status}"


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@check("budget_loaded", "Anggaran tahun berjalan sudah dimuat")
def budget_loaded(session: Session, ctx: CheckContext) -> tuple[bool | None, str]:
    """At least one budget line of the session's year, loaded by the cut-off."""
    line = models.BudgetLine
    count = session.exec(
        select(func.count()).where(
            line.region_code == ctx.region_code,
            line.fiscal_year == ctx.year,
            col(line.run_id).in_(_arrived(ctx.as_of)),
        )
    ).one()
    if count:
        return True, f"{count} baris anggaran {ctx.year}"
    return False, f"belum ada baris anggaran {ctx.year}"


@check("budget_mapped", "Anggaran terpetakan ke layanan SPM")
def budget_mapped(session: Session, ctx: CheckContext) -> tuple[bool | None, str]:
    """Every service of the level has a budget line on a sub kegiatan with an approved link to it."""
    line, node, link = models.BudgetLine, models.NomenclatureNode, models.ServiceLink
    codes = select(line.sub_activity_code).where(
        line.region_code == ctx.region_code,
        line.fiscal_year == ctx.year,
        col(line.run_id).in_(_arrived(ctx.as_of)),
    )
    funded = set(
        session.exec(
            select(link.service_code)
            .distinct()
            .join(node, col(node.id) == link.node_id)
            .where(link.status == "approved", col(node.code).in_(codes))
        ).all()
    )
    missing = [code for code in _services(session, ctx.government_level) if code not in funded]
    if not missing:
        return True, "semua layanan punya sub kegiatan beranggaran"
    return False, f"tanpa anggaran terpetakan: {', '.join(missing)}"


@check("stages_recorded", "Empat tahapan penerapan SPM tercatat")
def stages_recorded(session: Session, ctx: CheckContext) -> tuple[bool | None, str]:
    """Every urusan has a record of each of the four stages for the year (whatever its status)."""
    recorded = set(
        session.exec(
            select(models.StageRecord.field_code, models.StageRecord.stage).where(
                models.StageRecord.region_code == ctx.region_code,
                models.StageRecord.year == ctx.year,
                col(models.StageRecord.recorded_at) <= ctx.as_of,
            )
        ).all()
    )
    fields = session.exec(select(models.SpmField.code).order_by(models.SpmField.code)).all()
    missing = [f"{field}:{stage}" for field in fields for stage in STAGES if (field, stage) not in recorded]
    if not missing:
        return True, f"{len(recorded)} catatan tahapan {ctx.year}"
    return False, f"{len(missing)} dari {len(fields) * len(STAGES)} tahapan belum tercatat"


@check("action_plan", "Rencana Aksi tersedia")
def action_plan(session: Session, ctx: CheckContext) -> tuple[bool | None, str]:
    """A Rencana Aksi for the year with a document or at least one action."""
    plan = models.ActionPlan
    row = session.exec(
        select(plan).where(
            plan.region_code == ctx.region_code, plan.year == ctx.year, col(plan.recorded_at) <= ctx.as_of
        )
    ).first()
    if row is None:
        return False, f"belum ada Rencana Aksi {ctx.year}"
    actions = session.exec(select(func.count()).where(models.PlanAction.plan_id == row.id)).one()
    if row.document_ref or actions:
        return True, f"Rencana Aksi {ctx.year}: {actions} aksi"
    return False, f"Rencana Aksi {ctx.year} tanpa dokumen dan tanpa aksi"


@check("team_decree", "SK Tim Penerapan SPM berlaku")
def team_decree(session: Session, ctx: CheckContext) -> tuple[bool | None, str]:
    """A team decree in force at the cut-off."""
    decree = models.TeamDecree
    cutoff = ctx.as_of.date() - timedelta(days=1)
    row = session.exec(
        select(decree)
        .where(
            decree.region_code == ctx.region_code,
            col(decree.decreed_on) <= cutoff,
            or_(col(decree.valid_until).is_(None), col(decree.valid_until) >= cutoff),
        )
        .order_by(col(decree.decreed_on).desc())
    ).first()
    if row is None:
        return False, "belum ada SK Tim Penerapan SPM yang berlaku"
    return True, f"SK {row.number} ({row.decreed_on})"


@check("problems_recorded", "Permasalahan dan solusi dicatat")
def problems_recorded(session: Session, ctx: CheckContext) -> tuple[bool | None, str]:
    """At least one problem recorded for the last quarter."""
    problem = models.ProblemReport
    count = session.exec(
        select(func.count()).where(
            problem.region_code == ctx.region_code,
            problem.year == ctx.report_year,
            problem.quarter == ctx.report_quarter,
            col(problem.recorded_at) <= ctx.as_of,
        )
    ).one()
    period = f"TW {ctx.report_quarter} {ctx.report_year}"
    if count:
        return True, f"{period}: {count} permasalahan"
    return False, f"{period}: belum ada permasalahan dicatat"


def context(session: Session, row: models.AssistanceSession, region_code: str) -> CheckContext:
    """The checks' context for one invited region of a session."""
    region = session.get(models.Region, region_code)
    year, quarter = last_quarter(row.cutoff_on)
    end_of_cutoff = datetime.combine(row.cutoff_on + timedelta(days=1), time.min, tzinfo=UTC)
    return CheckContext(
        region_code=region_code,
        government_level=region.government_level if region else "KAB",
        year=row.held_on.year,
        report_year=year,
        report_quarter=quarter,
        as_of=end_of_cutoff,
    )


def checklist(session: Session, row: models.AssistanceSession, region_code: str) -> list[CheckResult]:
    """The live checklist of one invited region (names not in the registry are pending)."""
    ctx = context(session, row, region_code)
    results = []
    for name in checks_of(row.kind):
        registered = CHECKS.get(name)
        if registered is None:
            results.append(CheckResult(name, name, None, "belum dapat dihitung dari data hub"))
            continue
        ok, detail = registered.run(session, ctx)
        results.append(CheckResult(name, registered.label, ok, detail))
    return results


@dataclass(frozen=True)
class RegionReadiness:
    """A region's checklist for a session: frozen (the snapshot) or live (before the cut-off)."""

    session_id: int
    region_code: str
    frozen: bool
    checks: list[CheckResult]

    @property
    def ready(self) -> bool:
        """Every check ok (a pending check is not ok)."""
        return all(result.ok is True for result in self.checks)

    @property
    def missing(self) -> list[CheckResult]:
        """What is still missing (not ok or pending)."""
        return [result for result in self.checks if result.ok is not True]


def readiness(
    session: Session, caller: Caller, session_id: int, region_code: str | None = None
) -> list[RegionReadiness]:
    """The checklists of a session: every invited region for its host and the ministry, a region's
    own (and a province's own regions) otherwise. Frozen once the snapshot is taken.

    Raises:
        PermissionDenied: the caller may not read the session, or asks another region's list.
    """
    row = readable_session(session, caller, session_id)
    invited = invited_of(session, session_id)
    wanted = [region_code] if region_code is not None else invited
    if region_code is not None:
        if not may_host(caller, row.host_code):
            require_region_reader(caller, region_code)
    elif not (caller.role == "ministry" or may_host(caller, row.host_code)):
        wanted = [code for code in invited if code == caller.region_code or code.startswith(f"{caller.region_code}.")]
    wanted = [code for code in wanted if code in invited]
    if row.readiness_taken_at is None:
        return [RegionReadiness(session_id, code, False, checklist(session, row, code)) for code in wanted]
    frozen = session.exec(
        select(models.ReadinessCheck)
        .where(models.ReadinessCheck.session_id == session_id, col(models.ReadinessCheck.region_code).in_(wanted))
        .order_by(models.ReadinessCheck.region_code, models.ReadinessCheck.id)
    ).all()
    by_region: dict[str, list[CheckResult]] = {code: [] for code in wanted}
    for item in frozen:
        label = CHECKS[item.check_name].label if item.check_name in CHECKS else item.check_name
        by_region[item.region_code].append(CheckResult(item.check_name, label, item.ok, item.detail or ""))
    return [RegionReadiness(session_id, code, True, checks) for code, checks in by_region.items()]


def take_snapshot(session: Session, caller: Caller, session_id: int) -> list[RegionReadiness]:
    """Freeze the checklists of every invited region (the host only, once).

    Raises:
        PermissionDenied: not the session's host.
        Conflict: the snapshot was already taken.
    """
    row = get_session(session, session_id)
    require_host(caller, row.host_code)
    if row.readiness_taken_at is not None:
        raise Conflict(f"The readiness snapshot of session {session_id} was taken at {row.readiness_taken_at}.")
    taken = []
    for code in invited_of(session, session_id):
        results = checklist(session, row, code)
        session.add_all(
            models.ReadinessCheck(session_id=session_id, region_code=code, check_name=r.name, ok=r.ok, detail=r.detail)
            for r in results
        )
        taken.append(RegionReadiness(session_id, code, True, results))
    row.readiness_taken_at = datetime.now(UTC)
    session.add(row)
    session.add(
        audit_record(
            caller,
            "snapshot",
            "assistance_session",
            str(session_id),
            region_code=row.host_code,
            before={"readiness_taken_at": None},
            after={
                "readiness_taken_at": row.readiness_taken_at.isoformat(),
                "ready": [item.region_code for item in taken if item.ready],
                "not_ready": [item.region_code for item in taken if not item.ready],
            },
        )
    )
    session.flush()
    return taken


def freeze_due(session: Session, caller: Caller, on: date) -> list[int]:
    """Take the snapshot of every session the caller hosts whose cut-off has passed by ``on``."""
    host = models.AssistanceSession.host_code
    due = session.exec(
        select(models.AssistanceSession.id).where(
            col(models.AssistanceSession.readiness_taken_at).is_(None),
            col(models.AssistanceSession.cutoff_on) <= on,
            host == caller.region_code if caller.role == "province" else col(host).is_(None),
        )
    ).all()
    for session_id in due:
        take_snapshot(session, caller, session_id)
    return list(due)
