"""The assistance cycle over GraphQL: clusters and their view, sessions with their readiness checklist
and carried follow-ups, decisions and follow-ups, the overdue lists, the weekly digest and "did it
help?". The logic is ``hub.assistance`` (shared with the CLI); resolvers run it on the request's
session. Rules: a province manages its clusters, sessions and their follow-ups; a region moves the
status and evidence of its own follow-ups only; the ministry reads everything and hosts its own sessions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, TypeVar

import strawberry
from sqlmodel import Session, select
from strawberry.file_uploads import Upload

from hub import models
from hub.access.caller import Caller
from hub.assistance import clusters, digest, followups, impact, readiness, sessions, view
from hub.assistance.rules import province_of, require_region_reader
from hub.models.clock import utcnow
from schema import lazy
from schema.errors import OperationError, errors_as_data
from schema.info import Info
from schema.lazy import RegionType
from schema.loaders import AchievementKey

T = TypeVar("T")


def _copy(cls: type, source: Any, **overrides: Any) -> Any:
    """A strawberry type from a dataclass or model with the same field names."""
    names = [f.name for f in dataclasses.fields(cls) if f.init]
    return cls(**{name: overrides[name] if name in overrides else getattr(source, name) for name in names})


async def _read(info: Info, fn: Callable[..., T], *args: Any) -> T:
    """``fn(session, *args)`` on the request's session (the logic is shared with the CLI)."""
    return await info.context.db.read_sync(lambda session: fn(session, *args))


def _today(on: date | None) -> date:
    return on or utcnow().date()


@strawberry.type
class FollowUp:
    """What a decision asks of an owner (region, OPD and role) by a deadline, and where it stands."""

    id: int
    session_id: int
    decision_id: int
    action: str
    owner_region_code: str
    owner_opd: str
    owner_role: str
    contact_name: str | None
    due_on: date
    status: str = strawberry.field(description="open, in_progress, done or dropped (overdue is derived).")
    reason: str | None
    evidence: str | None
    closed_on: date | None
    concerns: str | None = strawberry.field(description="service, sub_kegiatan, plan_action or data_gap.")
    concerns_ref: str | None
    escalated_on: date | None
    updated_by: str | None

    @strawberry.field(description="Open with its deadline passed on the date (default today).")
    def overdue(self, on: date | None = None) -> bool:
        return followups.is_overdue(self, _today(on))

    @classmethod
    def of(cls, row: models.FollowUp) -> FollowUp:
        return _copy(cls, row)


# Plain results of hub.assistance served as they are (no copy): strawberry types made from its dataclasses.
FollowUpLine = strawberry.type(
    digest.FollowUpLine, name="FollowUpLine", description="A follow-up as a digest or an overdue list shows it."
)
Digest = strawberry.type(
    digest.Digest, name="Digest", description="A cluster's or region's week (Monday to Sunday): due, overdue, done."
)
OverdueGroup = strawberry.type(
    digest.OverdueGroup,
    name="OverdueGroup",
    description="The overdue follow-ups of an owner, region, cluster or province.",
)
ReadinessItem = strawberry.type(
    readiness.CheckResult, name="ReadinessItem", description="One check of a checklist: ok null means pending."
)
FollowUpCounts = strawberry.type(
    impact.FollowUpCounts, name="FollowUpCounts", description="What became of the follow-ups, as of a date."
)


@strawberry.type
class RegionChecklist:
    """An invited region's checklist: live before the snapshot, frozen after."""

    session_id: int
    region_code: str
    frozen: bool
    ready: bool
    checks: list[ReadinessItem]
    missing: list[ReadinessItem]

    @classmethod
    def of(cls, item: readiness.RegionReadiness) -> RegionChecklist:
        return cls(
            session_id=item.session_id,
            region_code=item.region_code,
            frozen=item.frozen,
            ready=item.ready,
            checks=item.checks,
            missing=item.missing,
        )


@strawberry.type
class Participant:
    """Someone who took part."""

    name: str
    role: str | None
    opd: str | None
    region_code: str | None


@strawberry.type
class Decision:
    """A numbered decision of a session and its follow-ups."""

    id: int
    session_id: int
    number: int
    text: str
    follow_ups: list[FollowUp]


@strawberry.type
class AssistanceSession:
    """An assistance session: kind, date, mode, host (a province code, or null for the ministry)."""

    id: int
    kind: str
    kind_name: str
    title: str
    held_on: date
    cutoff_on: date
    mode: str
    host_code: str | None
    cluster_id: int | None
    agenda: str | None
    location: str | None
    demo: bool
    created_by: str
    readiness_taken_at: datetime | None
    invited: list[str]
    participants: list[Participant]
    decisions: list[Decision]
    carried_follow_ups: list[FollowUp] = strawberry.field(
        description="The follow-ups the cluster's earlier sessions left open: this session opens with them."
    )

    @strawberry.field(description="The readiness checklists (a region token sees its own).")
    async def readiness(self, info: Info, region_code: str | None = None) -> list[RegionChecklist]:
        caller = info.context.caller
        found = await _read(info, readiness.readiness, caller, self.id, region_code)
        return [RegionChecklist.of(item) for item in found]


def _session_of(session: Session, row: models.AssistanceSession) -> AssistanceSession:
    """The full session (called inside ``read_sync``)."""
    session_id = row.id or 0
    decisions = session.exec(
        select(models.Decision).where(models.Decision.session_id == session_id).order_by(models.Decision.number)
    ).all()
    by_decision: dict[int, list[FollowUp]] = {}
    for item in session.exec(
        select(models.FollowUp).where(models.FollowUp.session_id == session_id).order_by(models.FollowUp.id)
    ).all():
        by_decision.setdefault(item.decision_id, []).append(FollowUp.of(item))
    people = session.exec(
        select(models.SessionParticipant)
        .where(models.SessionParticipant.session_id == session_id)
        .order_by(models.SessionParticipant.id)
    ).all()
    return _copy(
        AssistanceSession,
        row,
        id=session_id,
        kind_name=sessions.kinds().get(row.kind, {}).get("name", row.kind),
        invited=sessions.invited_of(session, session_id),
        participants=[_copy(Participant, person) for person in people],
        decisions=[
            Decision(
                id=d.id or 0,
                session_id=session_id,
                number=d.number,
                text=d.text,
                follow_ups=by_decision.get(d.id or 0, []),
            )
            for d in decisions
        ],
        carried_follow_ups=[FollowUp.of(item) for item in sessions.carried_follow_ups(session, row)],
    )


@strawberry.type
class ClusterMember:
    """A membership of a cluster (dated: a region may move between clusters over time)."""

    region_code: str
    since: date
    until: date | None

    @strawberry.field
    async def region(self, info: Info) -> RegionType:
        return lazy.Region.from_model(await info.context.loaders.region.load(self.region_code))


@strawberry.type
class MemberView:
    """One member in the cluster view: its last quarter, readiness, cycle documents and follow-ups."""

    region_code: str
    region_name: str
    since: date
    year: int
    quarter: int
    submission_status: str
    completeness: Decimal
    timeliness: str
    came_ready: bool | None
    stages_recorded: bool
    action_plan: bool
    team_decree: bool
    open_follow_ups: int
    overdue_follow_ups: int

    @strawberry.field(description="The member region (IP SPM, readiness and more on the region itself).")
    async def region(self, info: Info) -> RegionType:
        return lazy.Region.from_model(await info.context.loaders.region.load(self.region_code))


@strawberry.type
class Cluster:
    """A province's group of kabupaten/kota."""

    id: int
    province_code: str
    name: str
    description: str | None

    @strawberry.field(description="The members on the date (default today).")
    async def members(self, info: Info, on: date | None = None) -> list[ClusterMember]:
        rows = await _read(info, clusters.members_on, self.id, _today(on))
        return [_copy(ClusterMember, row) for row in rows]

    @strawberry.field(description="The cluster view: each member's figures on the date (default today).")
    async def view(self, info: Info, on: date | None = None) -> list[MemberView]:
        rows = await _read(info, view.cluster_view, info.context.caller, self.id, _today(on))
        return [_copy(MemberView, row) for row in rows]

    @strawberry.field(description="The cluster's weekly digest for the week of the date (default today).")
    async def digest(self, info: Info, on: date | None = None) -> Digest:
        return await _read(info, digest.cluster_digest, info.context.caller, self.id, _today(on))


@strawberry.type
class QuarterFigures:
    """A region's quarter: completeness (0..100), timeliness and IP SPM."""

    region_code: str
    year: int
    quarter: int
    completeness: Decimal
    timeliness: str

    @strawberry.field(description="IP SPM of the region in this quarter (null: nothing reported).")
    async def ip_spm(self, info: Info) -> Decimal | None:
        found = await info.context.loaders.achievement.load(AchievementKey(self.region_code, self.year, self.quarter))
        if found is None:
            return None
        scheme = await info.context.loaders.scheme.load(self.year)
        return scheme.display(found.ip)


@strawberry.type
class SessionEffect:
    """An invited region's quarter before a session and the quarter of the session."""

    session_id: int
    held_on: date
    region_code: str
    before: QuarterFigures
    after: QuarterFigures


@strawberry.type
class Impact:
    """Did it help? Follow-up outcomes and the quarters around each session."""

    follow_ups: FollowUpCounts
    sessions: list[SessionEffect]


def _impact(session: Session, caller: Caller, region_code: str | None, cluster_id: int | None, on: date) -> Impact:
    if cluster_id is not None:
        cluster = clusters.get_cluster(session, cluster_id)
        digest.require_cluster_reader(caller, cluster)
        codes = [member.region_code for member in clusters.members_on(session, cluster_id, on)]
    else:
        require_region_reader(caller, region_code or "")
        codes = [region_code or ""]
    counts, effects = impact.impact(session, caller, codes, on)
    return Impact(
        follow_ups=counts,
        sessions=[
            _copy(
                SessionEffect,
                effect,
                before=_copy(QuarterFigures, effect.before, region_code=effect.region_code),
                after=_copy(QuarterFigures, effect.after, region_code=effect.region_code),
            )
            for effect in effects
        ],
    )


@strawberry.type
class AssistanceQuery:
    """Assistance-cycle root fields (any token; rows narrowed by role)."""

    @strawberry.field(description="Clusters, of one province when given.")
    async def clusters(self, info: Info, province_code: str | None = None) -> list[Cluster]:
        rows = await _read(info, _clusters, info.context.caller, province_code)
        return [_copy(Cluster, row, id=row.id or 0) for row in rows]

    @strawberry.field(description="Assistance sessions the caller may read, newest first.")
    async def assistance_sessions(
        self,
        info: Info,
        cluster_id: int | None = None,
        region_code: str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> list[AssistanceSession]:
        def run(session: Session) -> list[AssistanceSession]:
            rows = sessions.list_sessions(
                session, info.context.caller, cluster_id=cluster_id, region_code=region_code, since=since, until=until
            )
            return [_session_of(session, row) for row in rows]

        return await _read(info, run)

    @strawberry.field(description="One assistance session.")
    async def assistance_session(self, info: Info, id: int) -> AssistanceSession:
        def run(session: Session) -> AssistanceSession:
            return _session_of(session, sessions.readable_session(session, info.context.caller, id))

        return await _read(info, run)

    @strawberry.field(description="Follow-ups the caller may read, by deadline (of one owner region or session).")
    async def follow_ups(
        self, info: Info, region_code: str | None = None, session_id: int | None = None
    ) -> list[FollowUp]:
        def run(session: Session) -> list[FollowUp]:
            codes = [region_code] if region_code else None
            rows = followups.follow_ups(session, info.context.caller, region_codes=codes, session_id=session_id)
            return [FollowUp.of(row) for row in rows]

        return await _read(info, run)

    @strawberry.field(description="Follow-ups overdue on the date, grouped by owner, region, cluster or province.")
    async def overdue_follow_ups(self, info: Info, on: date | None = None, by: str = "region") -> list[OverdueGroup]:
        return await _read(info, digest.overdue_groups, info.context.caller, _today(on), by)

    @strawberry.field(description="The weekly digest of a cluster or of a region (pass one) for the week of the date.")
    async def assistance_digest(
        self, info: Info, on: date | None = None, cluster_id: int | None = None, region_code: str | None = None
    ) -> Digest:
        caller, day = info.context.caller, _today(on)
        if cluster_id is not None:
            return await _read(info, digest.cluster_digest, caller, cluster_id, day)
        return await _read(info, digest.region_digest, caller, region_code or "", day)

    @strawberry.field(description="Did it help? For a region or a cluster (pass one), as of the date.")
    async def assistance_impact(
        self, info: Info, on: date | None = None, cluster_id: int | None = None, region_code: str | None = None
    ) -> Impact:
        return await _read(info, _impact, info.context.caller, region_code, cluster_id, _today(on))


def _clusters(session: Session, caller: Caller, province_code: str | None) -> list[models.Cluster]:
    from hub.assistance.rules import require_reader

    require_reader(caller)
    rows = clusters.clusters_of_province(session, province_code)
    if caller.role == "ministry":
        return rows
    return [row for row in rows if row.province_code == province_of(caller.region_code or "")]


@strawberry.input
class ParticipantInput:
    """Someone attending."""

    name: str
    role: str | None = None
    opd: str | None = None
    region_code: str | None = None


@strawberry.input
class PlanSessionInput:
    """A session to plan. Without ``invited``, a cluster session invites the cluster's members."""

    kind: str
    title: str
    held_on: date
    mode: str
    cluster_id: int | None = None
    invited: list[str] | None = None
    cutoff_on: date | None = None
    agenda: str | None = None
    location: str | None = None
    participants: list[ParticipantInput] | None = None


@strawberry.input
class FollowUpInput:
    """A follow-up of a decision."""

    action: str
    owner_region_code: str
    owner_opd: str
    owner_role: str
    due_on: date
    contact_name: str | None = None
    concerns: str | None = None
    concerns_ref: str | None = None


@strawberry.input
class FollowUpChange:
    """Changes to a follow-up; an owner region may set only status, evidence, reason and closedOn."""

    status: str | None = None
    evidence: str | None = None
    reason: str | None = None
    closed_on: date | None = None
    due_on: date | None = None
    action: str | None = None
    owner_opd: str | None = None
    owner_role: str | None = None
    contact_name: str | None = None


@strawberry.type
class MinutesImport:
    """What a minutes import did."""

    run_id: int
    status: str
    rows_read: int
    rows_loaded: int


@strawberry.type
class ReadinessSnapshot:
    """The frozen checklists of a session's invited regions."""

    session_id: int
    checklists: list[RegionChecklist]


@strawberry.type
class Escalation:
    """The follow-ups newly escalated to the caller on a date."""

    on: date
    grace_days: int
    follow_ups: list[FollowUp]


ClusterResult = Annotated[Cluster | OperationError, strawberry.union("ClusterResult")]
ClusterMemberResult = Annotated[ClusterMember | OperationError, strawberry.union("ClusterMemberResult")]
AssistanceSessionResult = Annotated[AssistanceSession | OperationError, strawberry.union("AssistanceSessionResult")]
ReadinessSnapshotResult = Annotated[ReadinessSnapshot | OperationError, strawberry.union("ReadinessSnapshotResult")]
DecisionResult = Annotated[Decision | OperationError, strawberry.union("DecisionResult")]
FollowUpResult = Annotated[FollowUp | OperationError, strawberry.union("FollowUpResult")]
EscalationResult = Annotated[Escalation | OperationError, strawberry.union("EscalationResult")]
MinutesImportResult = Annotated[MinutesImport | OperationError, strawberry.union("MinutesImportResult")]


def _participants(items: list[ParticipantInput] | None) -> list[sessions.Participant]:
    return [sessions.Participant(p.name, p.role, p.opd, p.region_code) for p in items or []]


@strawberry.type
class AssistanceMutation:
    """Assistance-cycle writes; every change is audited. Errors come back as ``OperationError`` with a code."""

    @strawberry.mutation(description="Create a cluster of the caller's province (province token).")
    @errors_as_data
    async def create_cluster(
        self, info: Info, province_code: str, name: str, description: str | None = None
    ) -> ClusterResult:
        async with info.context.db.writing() as db:
            row = await db.run_sync(
                clusters.create_cluster,
                info.context.caller,
                province_code=province_code,
                name=name,
                description=description,
            )
            return _copy(Cluster, row, id=row.id or 0)

    @strawberry.mutation(description="Put a kabupaten/kota in a cluster from a date (its province).")
    @errors_as_data
    async def add_cluster_member(
        self, info: Info, cluster_id: int, region_code: str, since: date
    ) -> ClusterMemberResult:
        async with info.context.db.writing() as db:
            row = await db.run_sync(clusters.add_member, info.context.caller, cluster_id, region_code, since=since)
            return _copy(ClusterMember, row)

    @strawberry.mutation(description="End a region's membership of a cluster on a date (its province).")
    @errors_as_data
    async def end_cluster_membership(
        self, info: Info, cluster_id: int, region_code: str, until: date
    ) -> ClusterMemberResult:
        async with info.context.db.writing() as db:
            row = await db.run_sync(clusters.end_member, info.context.caller, cluster_id, region_code, until=until)
            return _copy(ClusterMember, row)

    @strawberry.mutation(description="Plan a session hosted by the caller (province or ministry).")
    @errors_as_data
    async def plan_assistance_session(self, info: Info, session: PlanSessionInput) -> AssistanceSessionResult:
        plan = sessions.SessionPlan(
            kind=session.kind,
            title=session.title,
            held_on=session.held_on,
            mode=session.mode,
            cluster_id=session.cluster_id,
            invited=tuple(session.invited or ()),
            cutoff_on=session.cutoff_on,
            agenda=session.agenda,
            location=session.location,
            participants=tuple(_participants(session.participants)),
        )
        days = info.context.settings.assistance_cutoff_days

        def run(db: Session) -> AssistanceSession:
            return _session_of(db, sessions.plan_session(db, info.context.caller, plan, cutoff_days=days))

        async with info.context.db.writing() as db:
            return await db.run_sync(run)

    @strawberry.mutation(description="Record who took part in a session (its host).")
    @errors_as_data
    async def add_session_participants(
        self, info: Info, session_id: int, participants: list[ParticipantInput]
    ) -> AssistanceSessionResult:
        def run(db: Session) -> AssistanceSession:
            sessions.add_participants(db, info.context.caller, session_id, _participants(participants))
            db.flush()
            return _session_of(db, sessions.get_session(db, session_id))

        async with info.context.db.writing() as db:
            return await db.run_sync(run)

    @strawberry.mutation(description="Freeze the invited regions' readiness checklists (the host, once).")
    @errors_as_data
    async def take_readiness_snapshot(self, info: Info, session_id: int) -> ReadinessSnapshotResult:
        async with info.context.db.writing() as db:
            taken = await db.run_sync(readiness.take_snapshot, info.context.caller, session_id)
            return ReadinessSnapshot(session_id=session_id, checklists=[RegionChecklist.of(item) for item in taken])

    @strawberry.mutation(description="Record a decision of a session and its follow-ups (the host).")
    @errors_as_data
    async def record_decision(
        self, info: Info, session_id: int, number: int, text: str, follow_ups: list[FollowUpInput]
    ) -> DecisionResult:
        items = [followups.FollowUpInput(**dataclasses.asdict(item)) for item in follow_ups]

        def run(db: Session) -> Decision:
            decision, created = followups.record_decision(db, info.context.caller, session_id, number, text, items)
            return Decision(
                id=decision.id or 0,
                session_id=session_id,
                number=number,
                text=decision.text,
                follow_ups=[FollowUp.of(row) for row in created],
            )

        async with info.context.db.writing() as db:
            return await db.run_sync(run)

    @strawberry.mutation(description="Move a follow-up: its owner region (status, evidence) or the session's host.")
    @errors_as_data
    async def update_follow_up(self, info: Info, id: int, change: FollowUpChange) -> FollowUpResult:
        changes = {k: v for k, v in dataclasses.asdict(change).items() if v is not None}

        def run(db: Session) -> FollowUp:
            return FollowUp.of(followups.update_follow_up(db, info.context.caller, id, changes))

        async with info.context.db.writing() as db:
            return await db.run_sync(run)

    @strawberry.mutation(description="Escalate to the caller (host) its follow-ups overdue beyond the grace period.")
    @errors_as_data
    async def escalate_overdue_follow_ups(
        self, info: Info, on: date | None = None, grace_days: int | None = None
    ) -> EscalationResult:
        grace = info.context.settings.follow_up_grace_days if grace_days is None else grace_days

        def run(db: Session) -> Escalation:
            rows = followups.escalate_overdue(db, info.context.caller, on=_today(on), grace_days=grace)
            return Escalation(on=_today(on), grace_days=grace, follow_ups=[FollowUp.of(row) for row in rows])

        async with info.context.db.writing() as db:
            return await db.run_sync(run)

    @strawberry.mutation(description="Import a session's minutes workbook as decisions and follow-ups (the host).")
    @errors_as_data
    async def import_minutes(
        self, info: Info, session_id: int, file: Upload, dry_run: bool = False
    ) -> MinutesImportResult:
        from schema.uploads import import_minutes

        await _read(info, followups.require_session_host, info.context.caller, session_id)
        summary = await import_minutes(info, file, session_id, dry_run=dry_run)
        return _copy(MinutesImport, summary)
