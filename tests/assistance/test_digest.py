"""The overdue lists, the cluster digest, escalation and "did it help" counts for a fixed date
(Wednesday 2025-10-08; week 2025-10-06..12) against a fixture counted by hand.

F1..F12 (owner, deadline, state):
  Timor session 2025-09-10: F1 53.01 09-30 open; F2 53.01 10-10 open; F3 53.02 10-03 done 10-07;
    F4 53.02 09-20 in progress; F5 53.03 09-25 open (53.03 left Timor on 10-01); F6 53.01 10-01 dropped
    09-28; F7 53.02 10-12 done 10-05; F8 53.01 10-20 open.
  Sumba session 2025-09-15: F9 53.11 10-01 open; F10 53.12 10-08 open; F11 53.11 10-06 done 10-08.
  Timor session 2025-10-15 (after the date): F12 53.01 10-07 open.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from hub.assistance import clusters, digest, followups, impact, sessions
from hub.assistance.followups import FollowUpInput
from tests.assistance.conftest import MINISTRY, PROVINCE

ON = date(2025, 10, 8)
ROWS = {
    "timor-1": [
        ("F1", "53.01", "09-30", "open", None),
        ("F2", "53.01", "10-10", "open", None),
        ("F3", "53.02", "10-03", "done", "10-07"),
        ("F4", "53.02", "09-20", "in_progress", None),
        ("F5", "53.03", "09-25", "open", None),
        ("F6", "53.01", "10-01", "dropped", "09-28"),
        ("F7", "53.02", "10-12", "done", "10-05"),
        ("F8", "53.01", "10-20", "open", None),
    ],
    "sumba": [
        ("F9", "53.11", "10-01", "open", None),
        ("F10", "53.12", "10-08", "open", None),
        ("F11", "53.11", "10-06", "done", "10-08"),
    ],
    "timor-2": [("F12", "53.01", "10-07", "open", None)],
}
HELD = {"timor-1": ("Timor", "09-10"), "sumba": ("Sumba", "09-15"), "timor-2": ("Timor", "10-15")}


def _day(text: str) -> date:
    return date.fromisoformat(f"2025-{text}")


@pytest.fixture
def store(reference_db: Engine, ntt_clusters: dict[str, int]) -> dict[str, int]:
    with Session(reference_db) as session:
        for key, rows in ROWS.items():
            name, held = HELD[key]
            meeting = sessions.plan_session(
                session,
                PROVINCE,
                sessions.SessionPlan("asistensi", key, _day(held), "onsite", cluster_id=ntt_clusters[name]),
            )
            items = [
                FollowUpInput(
                    action=label,
                    owner_region_code=region,
                    owner_opd="Dinas Kesehatan",
                    owner_role="Operator e-SPM",
                    due_on=_day(due),
                    status=status,
                    closed_on=_day(closed) if closed else None,
                    evidence="BA-01" if status == "done" else None,
                    reason="digabung" if status == "dropped" else None,
                )
                for label, region, due, status, closed in rows
            ]
            followups.record_decision(session, PROVINCE, meeting.id or 0, 1, "Kesepakatan", items, today=_day(held))
        clusters.end_member(session, PROVINCE, ntt_clusters["Timor"], "53.03", until=date(2025, 10, 1))
        session.commit()
    return ntt_clusters


def _actions(lines: list[digest.FollowUpLine]) -> list[str]:
    return [line.action for line in lines]


def test_cluster_digests_match_the_hand_count(reference_db: Engine, store: dict[str, int]) -> None:
    with Session(reference_db) as session:
        timor = digest.cluster_digest(session, PROVINCE, store["Timor"], ON)
        sumba = digest.cluster_digest(session, MINISTRY, store["Sumba"], ON)
        region = digest.region_digest(session, PROVINCE, "53.03", ON)
    assert (timor.week_start, timor.week_end) == (date(2025, 10, 6), date(2025, 10, 12))
    assert (_actions(timor.due), _actions(timor.overdue), _actions(timor.done)) == (["F2"], ["F4", "F1"], ["F3"])
    assert (_actions(sumba.due), _actions(sumba.overdue), _actions(sumba.done)) == (["F10"], ["F9"], ["F11"])
    assert (_actions(region.due), _actions(region.overdue), _actions(region.done)) == ([], ["F5"], [])
    assert [line.status for line in timor.overdue] == ["overdue", "overdue"]
    assert [line.days_late for line in timor.overdue] == [18, 8]


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("region", {"53.01": ["F1"], "53.02": ["F4"], "53.03": ["F5"], "53.11": ["F9"]}),
        ("cluster", {"Timor": ["F4", "F1"], "Sumba": ["F9"], "(tanpa klaster)": ["F5"]}),
        ("province", {"Nusa Tenggara Timur": ["F4", "F5", "F1", "F9"]}),
        ("owner", {"Dinas Kesehatan (Operator e-SPM), Kabupaten Kupang": ["F1"]}),
    ],
)
def test_overdue_lists_match_the_hand_count(
    reference_db: Engine, store: dict[str, int], by: str, expected: dict[str, list[str]]
) -> None:
    with Session(reference_db) as session:
        groups = digest.overdue_groups(session, PROVINCE, ON, by)
    found = {group.label if by != "region" else group.key: _actions(group.follow_ups) for group in groups}
    if by == "owner":
        found = {key: value for key, value in found.items() if key in expected}
    assert found == expected


def test_region_token_sees_only_its_own_overdue(reference_db: Engine, store: dict[str, int]) -> None:
    from hub.access.caller import Caller

    with Session(reference_db) as session:
        groups = digest.overdue_groups(session, Caller(role="region", region_code="53.02", name="tts"), ON, "region")
    assert [(group.key, _actions(group.follow_ups)) for group in groups] == [("53.02", ["F4"])]


def test_escalation_beyond_the_grace_goes_to_the_host_once(reference_db: Engine, store: dict[str, int]) -> None:
    with Session(reference_db) as session:
        assert [row.action for row in followups.escalate_overdue(session, PROVINCE, on=ON, grace_days=14)] == ["F4"]
        assert followups.escalate_overdue(session, PROVINCE, on=ON, grace_days=14) == []
        later = followups.escalate_overdue(session, PROVINCE, on=ON, grace_days=7)
        assert sorted(row.action for row in later) == ["F1", "F5"]
        assert followups.escalate_overdue(session, MINISTRY, on=ON, grace_days=0) == []  # hosts none of them


def test_did_it_help_counts(reference_db: Engine, store: dict[str, int]) -> None:
    with Session(reference_db) as session:
        counts, effects = impact.impact(session, PROVINCE, ["53.01", "53.02"], ON)
    assert counts == impact.FollowUpCounts(opened=7, done_on_time=1, done_late=1, overdue=2, dropped=1)
    first = [effect for effect in effects if effect.held_on == date(2025, 9, 10)]
    assert [(e.region_code, e.before.quarter, e.after.quarter) for e in first] == [("53.01", 2, 3), ("53.02", 2, 3)]
