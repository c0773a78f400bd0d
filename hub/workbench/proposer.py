"""Propose which jenis pelayanan dasar (JPD) each SPM-flagged sub kegiatan serves.

Candidates are the services of the same urusan (the sub kegiatan's bidang code equals the field's
``sipd_urusan_code``) and the same government level (PROV, or KAB for KABKOT). Each candidate is
scored by the phrases it shares with the sub kegiatan's name, indicator and performance (and, at
half weight, its kegiatan's name); a phrase counts more when fewer candidates use it (inverse
document frequency), and an approved link of the same code in another edition adds a strong
vote. Every candidate within ``KEEP_RATIO`` of the best is proposed, so a sub kegiatan can serve
several services.
Proposals are stored as ``proposed`` links; nothing is approved here.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from hub.core.vocabulary import SERVICE_LEVELS
from hub.models import LinkEvent, NomenclatureNode, ServiceLink, SpmField, SpmService
from hub.reference import REFERENCE_DIR
from hub.workbench.text import STOP_WORDS, normalise

KEYWORDS_TOML = REFERENCE_DIR / "service_keywords.toml"
KEEP_RATIO = 0.75
MAX_PROPOSALS = 5
APPROVED_BONUS = 3.0
CONTEXT_WEIGHT = 0.5  # a phrase only in the kegiatan name counts half: the sub kegiatan's own words decide
ACTOR = "proposer"


@dataclass(frozen=True)
class Candidate:
    """A service with the phrases that name it."""

    code: str
    name: str
    phrases: frozenset[str]


@dataclass(frozen=True)
class Target:
    """What the proposer reads of a sub kegiatan."""

    node_id: int
    code: str
    government_level: str | None
    own: str  # the sub kegiatan's name, indicator and performance, normalised
    context: str  # its kegiatan's name, normalised


@dataclass
class Proposal:
    """One proposed (service, sub kegiatan) pair, best first within a sub kegiatan."""

    node_id: int
    service_code: str
    score: float
    reason: str


@dataclass
class ProposalRun:
    """What ``propose_for_edition`` did."""

    nodes: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_reviewed: int = 0
    without_candidates: list[str] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)


def load_candidates(session: Session) -> dict[tuple[str, str], list[Candidate]]:
    """Services by (SIPD urusan code, level) with their phrases (name, recipient, shipped keywords)."""
    with KEYWORDS_TOML.open("rb") as handle:
        keywords: dict[str, list[str]] = tomllib.load(handle)["keywords"]
    rows = session.execute(
        select(SpmService, SpmField.sipd_urusan_code).join(SpmField, col(SpmField.code) == SpmService.field_code)
    ).all()
    out: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    for service, urusan in rows:
        words = {
            w
            for w in re.findall(r"[a-z0-9]+", normalise(f"{service.name} {service.recipient_definition}"))
            if len(w) > 2 and w not in STOP_WORDS
        }
        phrases = frozenset(words | {normalise(k) for k in keywords.get(service.code, [])})
        out[(urusan, service.level)].append(Candidate(service.code, service.name, phrases))
    return out


def contains(text: str, phrase: str) -> bool:
    """Whole-word (or whole-phrase) match in normalised text."""
    return re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", text) is not None


def rank(target: Target, candidates: list[Candidate], approved: set[str]) -> list[Proposal]:
    """Score every candidate for one sub kegiatan; returns the ones to propose, best first."""
    df: dict[str, int] = defaultdict(int)
    for candidate in candidates:
        for phrase in candidate.phrases:
            df[phrase] += 1
    scored = []
    for candidate in candidates:
        weights = {
            p: 1.0 if contains(target.own, p) else CONTEXT_WEIGHT
            for p in candidate.phrases
            if contains(target.own, p) or contains(target.context, p)
        }
        shared = sorted(weights)
        raw = sum(math.log(1 + len(candidates) / df[p]) * (1 + p.count(" ")) * w for p, w in weights.items())
        if candidate.code in approved:
            raw += APPROVED_BONUS
        scored.append((raw, candidate, shared))
    scored.sort(key=lambda item: (-item[0], item[1].code))
    best = scored[0][0] if scored else 0.0
    out: list[Proposal] = []
    for raw, candidate, shared in scored[:MAX_PROPOSALS]:
        if out and (raw <= 0 or raw < KEEP_RATIO * best):
            break
        score = 0.3 + 0.7 * raw / (raw + 2.0)
        out.append(
            Proposal(
                target.node_id,
                candidate.code,
                round(score, 4),
                _reason(target, candidate, shared, candidate.code in approved, len(candidates)),
            )
        )
    return out


def _reason(target: Target, candidate: Candidate, shared: list[str], approved: bool, n: int) -> str:
    parts = [
        f"same urusan {target.code[:4]} and level {target.government_level} (kegiatan digit "
        f"{target.code.split('.')[3]}); {n} candidate service(s)"
    ]
    parts.append(f"shared words: {', '.join(shared)}" if shared else "no shared words with the service")
    if approved:
        parts.append("an approved link of the same code exists in another edition")
    return f"{candidate.code} ({candidate.name}): " + "; ".join(parts)


def targets(session: Session, edition_id: int) -> list[Target]:
    """The SPM-flagged sub kegiatan of an edition with the text the proposer reads."""
    kegiatan = aliased(NomenclatureNode)
    node = NomenclatureNode
    rows = session.execute(
        select(
            node.id,
            node.code,
            node.government_level,
            node.name,
            kegiatan.name,
            node.indicator,
            node.performance,
        )
        .outerjoin(kegiatan, kegiatan.id == node.parent_id)
        .where(node.edition_id == edition_id, node.level == 5, col(node.spm_flag).is_(True))
        .order_by(node.code, node.government_level)
    ).all()
    return [
        Target(r[0], r[1], r[2], normalise(" | ".join(t for t in (r[3], r[5], r[6]) if t)), normalise(r[4]))
        for r in rows
    ]


def approved_elsewhere(session: Session, edition_id: int) -> dict[tuple[str | None, str], set[str]]:
    """Approved services per (government level, code) in other editions."""
    rows = session.execute(
        select(NomenclatureNode.government_level, NomenclatureNode.code, ServiceLink.service_code)
        .join(ServiceLink, col(ServiceLink.node_id) == NomenclatureNode.id)
        .where(ServiceLink.status == "approved", NomenclatureNode.edition_id != edition_id)
    ).all()
    out: dict[tuple[str | None, str], set[str]] = defaultdict(set)
    for gov, code, service in rows:
        out[(gov, code)].add(service)
    return out


def propose_for_edition(session: Session, edition_id: int, *, actor: str = ACTOR) -> ProposalRun:
    """Compute and store proposals for every SPM sub kegiatan of an edition (idempotent)."""
    run = ProposalRun()
    candidates = load_candidates(session)
    approved = approved_elsewhere(session, edition_id)
    for target in targets(session, edition_id):
        run.nodes += 1
        pool = candidates.get((target.code[:4], SERVICE_LEVELS.get(target.government_level or "", "")), [])
        if not pool:
            run.without_candidates.append(target.code)
            continue
        run.proposals += rank(target, pool, approved.get((target.government_level, target.code), set()))
    _store(session, run, actor)
    return run


def _store(session: Session, run: ProposalRun, actor: str) -> None:
    existing = {
        (link.service_code, link.node_id): link
        for link in session.execute(
            select(ServiceLink).where(col(ServiceLink.node_id).in_({p.node_id for p in run.proposals}))
        ).scalars()
    }
    for proposal in run.proposals:
        link = existing.get((proposal.service_code, proposal.node_id))
        score = Decimal(str(proposal.score))
        if link is None:
            link = ServiceLink(
                service_code=proposal.service_code,
                node_id=proposal.node_id,
                status="proposed",
                origin="proposer",
                score=score,
                reason=proposal.reason,
                proposed_by=actor,
            )
            session.add(link)
            session.flush()
            assert link.id is not None
            session.add(
                LinkEvent(
                    link_id=link.id,
                    action="proposed",
                    status_to="proposed",
                    actor=actor,
                    note=f"score {score}",
                )
            )
            run.created += 1
        elif link.status != "proposed" or link.origin != "proposer":
            run.kept_reviewed += 1  # a person's decision (or import) is never overwritten
        elif link.score != score or link.reason != proposal.reason:
            link.score, link.reason = score, proposal.reason
            session.add(link)
            run.updated += 1
        else:
            run.unchanged += 1
    session.flush()
