"""How good the link proposals are, measured against the reviewed answer set shipped with the hub
(``hub/reference/link_answers.csv``: government level, code, the correct services, a reason, and a
``split`` of tune/holdout so the proposer is never tuned on what it is scored on).

A row whose services are ``NONE`` is a sub kegiatan reviewed as serving no jenis pelayanan dasar:
abstaining on it is right, and every proposal for it counts against precision."""

from __future__ import annotations

import csv
import hashlib
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from hub.reference import REFERENCE_DIR

ANSWERS_CSV = REFERENCE_DIR / "link_answers.csv"
NONE = "NONE"  # the services of a sub kegiatan that serves no jenis pelayanan dasar
Key = tuple[str, str]


def split_of(government_level: str, code: str) -> str:
    """The fixed part of a row: ``holdout`` for 2 in 5 by a hash of level and code, else ``tune``."""
    digest = int(hashlib.sha1(f"{government_level}|{code}".encode()).hexdigest(), 16)
    return "holdout" if digest % 5 < 2 else "tune"


@dataclass(frozen=True)
class Answer:
    """One reviewed sub kegiatan: the services it serves (empty: it serves none)."""

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
    missing: int  # items with services the proposer made no proposal for
    none_items: int = 0  # items reviewed as serving no service
    none_abstained: int = 0  # of those, the ones the proposer rightly proposed nothing for


def read_answers(path: Path = ANSWERS_CSV) -> list[Answer]:
    """The reviewed answer set."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Answer(
                row["government_level"],
                row["code"],
                frozenset(row["services"].split()) - {NONE},
                row["reason"],
                row["split"],
            )
            for row in csv.DictReader(handle)
        ]


def score(answers: Iterable[Answer], ranked: dict[Key, list[str]]) -> Scores:
    """Compare ranked proposals (best first, per (government level, code)) with the answers."""
    items = hits1 = hits3 = proposed1 = proposed3 = relevant = missing = none_items = none_abstained = 0
    for answer in answers:
        items += 1
        relevant += len(answer.services)
        found = ranked.get((answer.government_level, answer.code), [])
        if not answer.services:
            none_items += 1
            none_abstained += not found
        elif not found:
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
        none_items,
        none_abstained,
    )


def calibrate(answers: Sequence[Answer], best: dict[Key, tuple[float, str]]) -> float:
    """The abstention score that decides the most ``answers`` right: below it the proposer proposes
    nothing. ``best`` holds each item's top proposal (score, service) made without abstaining.

    An item counts as right when the proposer abstains on a NONE row, or proposes and its top
    service is one of the row's services. Of equally good thresholds the lowest wins (abstain least).
    """
    tops = [(best.get((a.government_level, a.code)), a.services) for a in answers]
    scores = sorted({top[0] for top, _ in tops if top})
    candidates = [0.0] + [round((low + high) / 2, 5) for low, high in itertools.pairwise(scores)]

    def right(threshold: float) -> int:
        count = 0
        for top, services in tops:
            proposes = top is not None and top[0] >= threshold
            count += (not services and not proposes) or (proposes and top[1] in services)  # type: ignore[index]
        return count

    return max(candidates, key=lambda t: (right(t), -t))


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0
