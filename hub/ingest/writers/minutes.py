"""Store the minutes of an assistance session: decisions by number, follow-ups created, or (rows with an
``ID``, as the hub exports them) updated where they differ. All rows or none: a row that breaks a
follow-up rule (owner not invited, unknown owner role, done without evidence...) fails the run.

The entry points (``importMinutes``, ``spm-hub assistance import-minutes``) check that the caller hosts
the session; the writer then acts as that host under the run's actor name, so every change is audited.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd
from sqlmodel import Session, select

from hub import models
from hub.access.auth import audit_record
from hub.access.caller import Caller, Role
from hub.assistance.followups import (
    HOST_FIELDS,
    FollowUpInput,
    create_follow_up,
    get_follow_up,
    update_follow_up,
    validate,
)
from hub.assistance.sessions import get_session, invited_of
from hub.core.errors import BadInput, HubError, RowIssue, ValidationFailed
from hub.models.clock import utcnow


class MinutesWriter:
    """Writer for the ``minutes`` source (see module docstring); needs option ``session``."""

    def __init__(self, options: Mapping[str, str]) -> None:
        self.options = options

    @property
    def session_id(self) -> int:
        """The session the minutes belong to (option ``session``).

        Raises:
            BadInput: the option is missing or not an id.
        """
        value = self.options.get("session", "")
        if not value.isdigit():
            raise BadInput("Minutes belong to one session: pass session=<id> (see `spm-hub assistance sessions`).")
        return int(value)

    def write(self, session: Session, frame: pd.DataFrame, run: models.IngestRun) -> int:
        meeting = get_session(session, self.session_id)
        host = Caller(
            role=Role.PROVINCE if meeting.host_code else Role.MINISTRY,
            region_code=meeting.host_code,
            name=run.actor or "import",
        )
        invited = invited_of(session, self.session_id)
        rows = frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
        issues: list[RowIssue] = []
        changed = 0
        today = utcnow().date()
        for row in rows:
            data = _input(row)
            problems = validate(data, invited=invited)
            if problems:
                issues.extend(_issue(row, problem) for problem in problems)
                continue
            decision = _decision(session, host, self.session_id, int(row["decision_number"]), row["decision"])
            if row["follow_up_id"] is None:
                create_follow_up(session, host, decision, data, today=today)
                changed += 1
                continue
            try:
                changed += self._update(session, host, int(row["follow_up_id"]), decision, data, today)
            except HubError as error:
                issues.append(_issue(row, f"ID: {error.message}"))
        if issues:
            raise ValidationFailed(
                f"{len(issues)} minutes row(s) break the follow-up rules; nothing was loaded.", issues
            )
        session.flush()
        return changed

    def _update(
        self,
        session: Session,
        host: Caller,
        follow_up_id: int,
        decision: models.Decision,
        data: FollowUpInput,
        today: date,
    ) -> int:
        stored = get_follow_up(session, follow_up_id)
        if stored.session_id != self.session_id:
            raise BadInput(
                f"follow-up {follow_up_id} belongs to session {stored.session_id}; do not edit the ID column"
            )
        changes = {name: getattr(data, name) for name in HOST_FIELDS if getattr(data, name) != getattr(stored, name)}
        if stored.decision_id != decision.id:
            stored.decision_id = decision.id or 0
            session.add(stored)
        if not changes:
            return 0
        update_follow_up(session, host, follow_up_id, changes, today=today)
        return 1

    def finish(self, session: Session, run: models.IngestRun) -> None:
        del session, run


def _input(row: dict[str, Any]) -> FollowUpInput:
    closed = row.get("closed_on")
    return FollowUpInput(
        action=row["action"],
        owner_region_code=row["owner_region_code"],
        owner_opd=row["owner_opd"],
        owner_role=row["owner_role"],
        due_on=date.fromisoformat(row["due_on"]),
        contact_name=row.get("contact_name"),
        status=row["status"],
        reason=row.get("reason"),
        evidence=row.get("evidence"),
        closed_on=date.fromisoformat(closed) if closed else None,
        concerns=row.get("concerns"),
        concerns_ref=row.get("concerns_ref"),
    )


def _decision(session: Session, host: Caller, session_id: int, number: int, text: str) -> models.Decision:
    decision = session.exec(
        select(models.Decision).where(models.Decision.session_id == session_id, models.Decision.number == number)
    ).first()
    if decision is None:
        decision = models.Decision(session_id=session_id, number=number, text=text)
        session.add(decision)
        session.flush()
        session.add(
            audit_record(
                host, "create", "decision", str(decision.id), region_code=host.region_code, after={"text": text}
            )
        )
    elif decision.text != text:
        session.add(
            audit_record(
                host,
                "update",
                "decision",
                str(decision.id),
                region_code=host.region_code,
                before={"text": decision.text},
                after={"text": text},
            )
        )
        decision.text = text
        session.add(decision)
    return decision


def _issue(row: dict[str, Any], problem: str) -> RowIssue:
    column, _, rule = problem.partition(": ")
    return RowIssue(row=row.get("source_row"), column=column, value=None, rule=rule or problem)
