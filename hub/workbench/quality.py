"""How good the link proposals are, measured against the reviewed answer set shipped with the hub
(``hub/reference/link_answers.csv``: government level, code, the correct services, a reason, and a
``split`` of tune/holdout so the proposer is never tuned on what it is scored on)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from hub.reference import REFERENCE_DIR

ANSWERS_CSV = REFERENCE_DIR / "link_answers.csv"
Key = tuple[str, str]


@dataclass(frozen=True)
class Answer:
    """One reviewed sub kegiatan: the services it serves."""

    government_level: str
    code: str
    services: frozenset[str]
    reason: str
    split: str


@dataclass(frozen=True)
class Scores:
    """Micro-averaged precision and recall of the ranked proposals at k = 1 and k = 3."""

    items: int
    top1_precision: float
    top1_recall: float
    top3_precision: float
    top3_recall: float
    missing: int  # answer-set items the proposer made no proposal for


def read_answers(path: Path = ANSWERS_CSV) -> list[Answer]:
    """The reviewed answer set."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Answer(
                row["government_level"],
                row["code"],
                frozenset(row["services"].split()),
                row["reason"],
                row["split"],
            )
            for row in csv.DictReader(handle)
        ]


def score(answers: Iterable[Answer], ranked: dict[Key, list[str]]) -> Scores:
    """Compare ranked proposals (best first, per (government level, code)) with the answers."""
    items = hits1 = hits3 = proposed1 = proposed3 = relevant = missing = 0
    for answer in answers:
        items += 1
        relevant += len(answer.services)
        found = ranked.get((answer.government_level, answer.code), [])
        if not found:
            missing += 1
        top1, top3 = found[:1], found[:3]
        proposed1, proposed3 = proposed1 + len(top1), proposed3 + len(top3)
        hits1 += len(set(top1) & answer.services)
        hits3 += len(set(top3) & answer.services)
    return Scores(
        items,
        _ratio(hits1, proposed1),
        _ratio(hits1, relevant),
        _ratio(hits3, proposed3),
        _ratio(hits3, relevant),
        missing,
    )


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0
