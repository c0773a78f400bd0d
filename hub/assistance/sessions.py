"""Assistance sessions: asistensi, bimtek, monev terpadu, rapat koordinasi, korbinwas (kinds are data:
hub/reference/assistance.toml), hosted by a province or the ministry, with the regions invited, the
agenda and the participants. A session of a cluster opens with the follow-ups its earlier sessions
left open."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlmodel import Session, col, select

from hub import models
from hub.access.auth import audit_record
from hub.access.caller import Caller, Role
from hub.assistance.audit import snapshot
from hub.assistance.clusters import get_cluster, members_on
from hub.assistance.rules import may_read_session, province_of, require_host, require_reader
from hub.core.errors import BadInput, NotFound, PermissionDenied
from hub.core.vocabulary import OPEN_FOLLOW_UP_STATUSES, SESSION_MODES
from hub.reference import read_assistance


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    """The shipped assistance vocabulary (kinds, their checks, owner roles)."""
    return read_assistance()


def kinds() -> dict[str, dict[str, Any]]:
    """Session kinds by code."""
    return dict(vocabulary()["kinds"])


def owner_roles() -> list[str]:
    """The roles a follow-up owner may hold (the minutes' dropdown)."""
    return list(vocabulary()["owner_roles"])


def checks_of(kind: str) -> list[str]:
    """The readiness checks a session of ``kind`` asks of its invited regions."""
    return list(kinds().get(kind, {}).get("checks") or vocabulary()["default_checks"])


@dataclass(frozen=True)
class Participant:
    """Someone attending: name, role (jabatan), OPD and region."""

    name: str
    role: str | None = None
    opd: str | None = None
    region_code: str | None = None


@dataclass(frozen=True)
class SessionPlan:
    """What planning a session needs. Without ``invited`` a cluster session invites the cluster's
    members on ``held_on``; ``cutoff_on`` defaults to ``cutoff_days`` before the session."""

    kind: str
    title: str
    held_on: date
    mode: str
    cluster_id: int | None = None
    invited: Sequence[str] = ()
    cutoff_on: date | None = None
    agenda: str | None = None
    location: str | None = None
    participants: Sequence[Participant] = field(default_factory=tuple)
    demo: bool = False


def plan_session(
    session: Session, caller: Caller, plan: SessionPlan, *, cutoff_days: int = 7
) -> models.AssistanceSession:
    """Record a planned session hosted by the caller (a province token hosts for its province, the
    ministry for itself) and invite its regions.

    Raises:
        Unauthenticated, PermissionDenied: not a province or ministry token, or a cluster of another province.
        BadInput: unknown kind or mode, no region invited, a region outside the host province, or a
            cut-off after the session.
    """
    require_host(caller, caller.region_code if caller.role == Role.PROVINCE else None)
    host_code = caller.region_code if caller.role == Role.PROVINCE else None
    if plan.kind not in kinds():
        raise BadInput(f"Unknown session kind {plan.kind!r}; one of {', '.join(kinds())}.")
    if plan.mode not in SESSION_MODES:
        raise BadInput(f"mode must be one of {', '.join(SESSION_MODES)}.")
    cutoff = plan.cutoff_on or plan.held_on - timedelta(days=cutoff_days)
    if cutoff > plan.held_on:
        raise BadInput("The cut-off for ready data must be on or before the session date.")
    invited = list(dict.fromkeys(plan.invited))
    if plan.cluster_id is not None:
        cluster = get_cluster(session, plan.cluster_id)
        if host_code is not None and cluster.province_code != host_code:
            raise PermissionDenied(f"Cluster {cluster.name} belongs to province {cluster.province_code}.")
        invited = invited or [member.region_code for member in members_on(session, cluster.id or 0, plan.held_on)]
    if not invited:
        raise BadInput("Invite at least one region (or plan the session for a cluster with members).")
    _check_regions(session, invited, host_code)
    row = models.AssistanceSession(
        kind=plan.kind,
        title=plan.title.strip() or kinds()[plan.kind]["name"],
        held_on=plan.held_on,
        cutoff_on=cutoff,
        mode=plan.mode,
        host_code=host_code,
        cluster_id=plan.cluster_id,
        agenda=plan.agenda,
        location=plan.location,
        demo=plan.demo,
        created_by=caller.name,
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    for code in invited:
        session.add(models.SessionRegion(session_id=row.id, region_code=code))
    session.add(
        audit_record(
            caller,
            "plan",
            "assistance_session",
            str(row.id),
            region_code=host_code,
            after={**snapshot(row), "invited": invited},
        )
    )
    add_participants(session, caller, row.id, plan.participants)
    return row


def _check_regions(session: Session, codes: Sequence[str], host_code: str | None) -> None:
    known = set(session.exec(select(models.Region.code).where(col(models.Region.code).in_(codes))).all())
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise BadInput(f"Unknown region code(s): {', '.join(unknown)}.")
    if host_code is not None:
        outside = [code for code in codes if province_of(code) != host_code]
        if outside:
            raise BadInput(f"Province {host_code} may only invite its own regions, not {', '.join(outside)}.")


def add_participants(
    session: Session, caller: Caller, session_id: int, participants: Sequence[Participant]
) -> list[models.SessionParticipant]:
    """Record who took part (the host only).

    Raises:
        PermissionDenied: not the host.
        BadInput: a participant without a name, or of an unknown region.
    """
    row = get_session(session, session_id)
    require_host(caller, row.host_code)
    if not participants:
        return []
    codes = sorted({p.region_code for p in participants if p.region_code})
    if codes:
        _check_regions(session, codes, None)
    added = []
    for person in participants:
        if not person.name.strip():
            raise BadInput("Every participant needs a name.")
        added.append(
            models.SessionParticipant(
                session_id=session_id,
                name=person.name.strip(),
                role=person.role,
                opd=person.opd,
                region_code=person.region_code,
            )
        )
    session.add_all(added)
    session.add(
        audit_record(
            caller,
            "add_participants",
            "assistance_session",
            str(session_id),
            region_code=row.host_code,
            after={"participants": [person.name for person in participants]},
        )
    )
    return added


def get_session(session: Session, session_id: int) -> models.AssistanceSession:
    """The session ``session_id``.

    Raises:
        NotFound: no such session.
    """
    row = session.get(models.AssistanceSession, session_id)
    if row is None:
        raise NotFound(f"No assistance session with id {session_id}.")
    return row


def invited_of(session: Session, session_id: int) -> list[str]:
    """The region codes invited to a session, sorted."""
    return list(
        session.exec(
            select(models.SessionRegion.region_code)
            .where(models.SessionRegion.session_id == session_id)
            .order_by(models.SessionRegion.region_code)
        ).all()
    )


def readable_session(session: Session, caller: Caller, session_id: int) -> models.AssistanceSession:
    """The session, when ``caller`` may read it.

    Raises:
        NotFound: no such session.
        PermissionDenied: neither host, ministry, nor invited.
    """
    require_reader(caller)
    row = get_session(session, session_id)
    if not may_read_session(caller, row, invited_of(session, session_id)):
        raise PermissionDenied(f"Session {session_id} is not open to {caller.region_code}.")
    return row


def list_sessions(
    session: Session,
    caller: Caller,
    *,
    cluster_id: int | None = None,
    region_code: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[models.AssistanceSession]:
    """The sessions ``caller`` may read, newest first, optionally of one cluster, one invited region
    or a date range."""
    require_reader(caller)
    query = select(models.AssistanceSession).order_by(col(models.AssistanceSession.held_on).desc())
    if cluster_id is not None:
        query = query.where(models.AssistanceSession.cluster_id == cluster_id)
    if since is not None:
        query = query.where(col(models.AssistanceSession.held_on) >= since)
    if until is not None:
        query = query.where(col(models.AssistanceSession.held_on) <= until)
    rows = list(session.exec(query).all())
    invited: dict[int, list[str]] = {}
    for session_id, code in session.exec(
        select(models.SessionRegion.session_id, models.SessionRegion.region_code).where(
            col(models.SessionRegion.session_id).in_([row.id for row in rows])
        )
    ).all():
        invited.setdefault(session_id, []).append(code)
    return [
        row
        for row in rows
        if may_read_session(caller, row, invited.get(row.id or 0, []))
        and (region_code is None or region_code in invited.get(row.id or 0, []))
    ]


def carried_follow_ups(session: Session, row: models.AssistanceSession) -> list[models.FollowUp]:
    """The follow-ups the cluster's earlier sessions left open: the opening item of this one."""
    if row.cluster_id is None:
        return []
    earlier = select(models.AssistanceSession.id).where(
        models.AssistanceSession.cluster_id == row.cluster_id, col(models.AssistanceSession.held_on) < row.held_on
    )
    return list(
        session.exec(
            select(models.FollowUp)
            .where(
                col(models.FollowUp.session_id).in_(earlier),
                col(models.FollowUp.status).in_(OPEN_FOLLOW_UP_STATUSES),
            )
            .order_by(models.FollowUp.due_on, models.FollowUp.id)
        ).all()
    )
