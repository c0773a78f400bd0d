"""Decisions and their follow-ups: an owner (region + OPD + role), a deadline, a status (open, in
progress, done with evidence, dropped with a reason), what it concerns, and escalation to the host
once it is overdue beyond the grace period.

"Overdue" is derived, never stored: a follow-up is overdue on a date when it was still open then
(not closed, or closed later) and its deadline had passed. Counting "as of" a date uses ``closed_on``,
so a digest for a past week shows what was open then.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Protocol

from sqlmodel import Session, col, select

from hub import models
from hub.access.auth import audit_record
from hub.access.caller import Caller
from hub.assistance.audit import snapshot
from hub.assistance.rules import may_host, owns, require_host, require_reader, visible_follow_ups
from hub.assistance.sessions import get_session, invited_of, owner_roles
from hub.core.errors import BadInput, NotFound, PermissionDenied
from hub.core.vocabulary import FOLLOW_UP_CONCERNS, FOLLOW_UP_STATUSES, OPEN_FOLLOW_UP_STATUSES, FollowUpStatus
from hub.models.clock import utcnow

# What an owner region may change; the host may change everything.
OWNER_FIELDS = frozenset({"status", "evidence", "reason", "closed_on"})
HOST_FIELDS = OWNER_FIELDS | {"action", "owner_region_code", "owner_opd", "owner_role", "contact_name", "due_on"}
HOST_FIELDS |= {"concerns", "concerns_ref"}


@dataclass(frozen=True)
class FollowUpInput:
    """A follow-up as the minutes or a mutation state it."""

    action: str
    owner_region_code: str
    owner_opd: str
    owner_role: str
    due_on: date
    contact_name: str | None = None
    status: str = FollowUpStatus.OPEN
    reason: str | None = None
    evidence: str | None = None
    closed_on: date | None = None
    concerns: str | None = None
    concerns_ref: str | None = None


class Deadline(Protocol):
    """What "open" and "overdue" read: a stored follow-up, or its GraphQL view."""

    due_on: date
    closed_on: date | None


def is_open_on(follow_up: Deadline, on: date) -> bool:
    """Still to do on ``on``: not closed, or closed after that day."""
    return follow_up.closed_on is None or follow_up.closed_on > on


def is_overdue(follow_up: Deadline, on: date) -> bool:
    """Open on ``on`` with its deadline passed."""
    return is_open_on(follow_up, on) and follow_up.due_on < on


def days_late(follow_up: Deadline, on: date) -> int:
    """Days past the deadline on ``on`` (0 when not overdue)."""
    return (on - follow_up.due_on).days if is_overdue(follow_up, on) else 0


def validate(data: FollowUpInput, *, invited: Sequence[str]) -> list[str]:
    """What is wrong with a follow-up, as messages (empty when it is fine)."""
    problems = []
    if not data.action.strip():
        problems.append("action: says what is to be done")
    if data.owner_region_code not in invited:
        problems.append(f"owner_region_code: {data.owner_region_code} was not invited to the session")
    if not data.owner_opd.strip():
        problems.append("owner_opd: name the OPD that owns it (never only a person)")
    if data.owner_role not in owner_roles():
        problems.append(f"owner_role: {data.owner_role!r} is not one of {', '.join(owner_roles())}")
    if data.status not in FOLLOW_UP_STATUSES:
        problems.append(f"status: one of {', '.join(FOLLOW_UP_STATUSES)}")
    if data.status == FollowUpStatus.DROPPED and not (data.reason or "").strip():
        problems.append("reason: a dropped follow-up says why")
    if data.status == FollowUpStatus.DONE and not (data.evidence or "").strip():
        problems.append("evidence: a done follow-up gives its evidence (document, link, number)")
    if data.concerns is not None and data.concerns not in FOLLOW_UP_CONCERNS:
        problems.append(f"concerns: one of {', '.join(FOLLOW_UP_CONCERNS)}")
    return problems


def _closing(data: FollowUpInput, today: date) -> FollowUpInput:
    """Open statuses have no closing date; done and dropped get today's unless one is given."""
    if data.status in OPEN_FOLLOW_UP_STATUSES:
        return replace(data, closed_on=None)
    return data if data.closed_on else replace(data, closed_on=today)


def record_decision(
    session: Session,
    caller: Caller,
    session_id: int,
    number: int,
    text: str,
    follow_ups: Sequence[FollowUpInput],
    *,
    today: date | None = None,
) -> tuple[models.Decision, list[models.FollowUp]]:
    """A decision of a session and the follow-ups it yields (the host only).

    Raises:
        PermissionDenied: not the session's host.
        BadInput: an empty decision, a repeated number, or a follow-up that breaks the rules.
    """
    row = get_session(session, session_id)
    require_host(caller, row.host_code)
    if number < 1 or not text.strip():
        raise BadInput("A decision has a number (1, 2, ...) and a text.")
    clash = session.exec(
        select(models.Decision).where(models.Decision.session_id == session_id, models.Decision.number == number)
    ).first()
    if clash is not None:
        raise BadInput(f"Session {session_id} already has decision {number}.")
    invited = invited_of(session, session_id)
    problems = [f"follow-up {i}: {p}" for i, item in enumerate(follow_ups, 1) for p in validate(item, invited=invited)]
    if problems:
        raise BadInput("; ".join(problems))
    decision = models.Decision(session_id=session_id, number=number, text=text.strip())
    session.add(decision)
    session.flush()
    created = [create_follow_up(session, caller, decision, item, today=today or utcnow().date()) for item in follow_ups]
    return decision, created


def create_follow_up(
    session: Session, caller: Caller, decision: models.Decision, data: FollowUpInput, *, today: date
) -> models.FollowUp:
    """Store one (already validated) follow-up of ``decision``, audited."""
    data = _closing(data, today)
    row = models.FollowUp(decision_id=decision.id or 0, session_id=decision.session_id, **_fields(data))
    row.updated_by = caller.name
    session.add(row)
    session.flush()
    session.add(
        audit_record(caller, "create", "follow_up", str(row.id), region_code=row.owner_region_code, after=snapshot(row))
    )
    return row


def _fields(data: FollowUpInput) -> dict[str, Any]:
    return {name: getattr(data, name) for name in HOST_FIELDS}


def get_follow_up(session: Session, follow_up_id: int) -> models.FollowUp:
    """The follow-up ``follow_up_id``.

    Raises:
        NotFound: no such follow-up.
    """
    row = session.get(models.FollowUp, follow_up_id)
    if row is None:
        raise NotFound(f"No follow-up with id {follow_up_id}.")
    return row


def update_follow_up(
    session: Session, caller: Caller, follow_up_id: int, changes: dict[str, Any], *, today: date | None = None
) -> models.FollowUp:
    """Change a follow-up: its owner region may move the status and give evidence or a reason; the
    session's host may change everything. A no-op change writes nothing.

    Raises:
        Unauthenticated: no token.
        PermissionDenied: neither the owner region nor the host, or the owner changing more than status/evidence.
        NotFound: no such follow-up.
        BadInput: the result breaks the rules (done without evidence, dropped without reason...).
    """
    require_reader(caller)
    row = get_follow_up(session, follow_up_id)
    host = get_session(session, row.session_id).host_code
    unknown = set(changes) - HOST_FIELDS
    if unknown:
        raise BadInput(f"Unknown follow-up field(s): {', '.join(sorted(unknown))}.")
    if not may_host(caller, host):
        if not owns(caller, row):
            raise PermissionDenied(
                f"Follow-up {follow_up_id} belongs to {row.owner_region_code}; "
                f"token for {caller.region_code or caller.role} may not change it."
            )
        if set(changes) - OWNER_FIELDS:
            raise PermissionDenied("An owner region changes only status, evidence, reason and closing date.")
    current = FollowUpInput(**{name: getattr(row, name) for name in HOST_FIELDS})
    wanted = _closing(replace(current, **changes), today or utcnow().date())
    problems = validate(wanted, invited=invited_of(session, row.session_id))
    if problems:
        raise BadInput("; ".join(problems))
    after = _fields(wanted)
    if after == _fields(current):
        return row
    before = snapshot(row)
    for name, value in after.items():
        setattr(row, name, value)
    row.updated_at, row.updated_by = utcnow(), caller.name
    session.add(row)
    session.flush()
    session.add(
        audit_record(
            caller,
            "update",
            "follow_up",
            str(row.id),
            region_code=row.owner_region_code,
            before=before,
            after=snapshot(row),
        )
    )
    return row


def follow_ups(
    session: Session,
    caller: Caller,
    *,
    region_codes: Iterable[str] | None = None,
    session_id: int | None = None,
    held_by: date | None = None,
) -> list[models.FollowUp]:
    """The follow-ups ``caller`` may read, by deadline: of some owner regions, of one session, or of
    the sessions held by a date."""
    query = (
        select(models.FollowUp)
        .where(visible_follow_ups(caller))
        .order_by(models.FollowUp.due_on, models.FollowUp.owner_region_code, models.FollowUp.id)
    )
    if region_codes is not None:
        query = query.where(col(models.FollowUp.owner_region_code).in_(list(region_codes)))
    if session_id is not None:
        query = query.where(models.FollowUp.session_id == session_id)
    if held_by is not None:
        held = select(models.AssistanceSession.id).where(col(models.AssistanceSession.held_on) <= held_by)
        query = query.where(col(models.FollowUp.session_id).in_(held))
    return list(session.exec(query).all())


def escalate_overdue(session: Session, caller: Caller, *, on: date, grace_days: int) -> list[models.FollowUp]:
    """Mark the follow-ups the caller hosts that are more than ``grace_days`` overdue on ``on`` as
    escalated to the host (once; audited). Returns the newly escalated ones.

    Raises:
        Unauthenticated, PermissionDenied: not a province or ministry token.
    """
    require_host(caller, caller.region_code if caller.role == "province" else None)
    if grace_days < 0:
        raise BadInput("grace_days must be 0 or more.")
    host = models.AssistanceSession.host_code
    hosted = select(models.AssistanceSession.id).where(
        host == caller.region_code if caller.role == "province" else col(host).is_(None)
    )
    rows = session.exec(
        select(models.FollowUp).where(
            col(models.FollowUp.session_id).in_(hosted),
            col(models.FollowUp.status).in_(OPEN_FOLLOW_UP_STATUSES),
            col(models.FollowUp.escalated_on).is_(None),
        )
    ).all()
    escalated = [row for row in rows if days_late(row, on) > grace_days]
    for row in escalated:
        row.escalated_on = on
        session.add(row)
        session.add(
            audit_record(
                caller,
                "escalate",
                "follow_up",
                str(row.id),
                region_code=row.owner_region_code,
                before={"escalated_on": None},
                after={"escalated_on": on.isoformat(), "days_late": days_late(row, on)},
            )
        )
    session.flush()
    return escalated


def needs_escalation(follow_up: models.FollowUp, on: date, grace_days: int) -> bool:
    """Overdue by more than the grace period on ``on`` (whether or not it was already marked)."""
    return days_late(follow_up, on) > grace_days


def require_session_host(session: Session, caller: Caller, session_id: int) -> models.AssistanceSession:
    """The session, when ``caller`` hosts it.

    Raises:
        NotFound: no such session.
        PermissionDenied: not its host.
    """
    row = get_session(session, session_id)
    require_host(caller, row.host_code)
    return row
