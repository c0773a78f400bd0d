"""Carry approved links from one nomenclature edition to the next, and compare SPM flags.

A link moves to the node with the same government level and code when it exists; when the name
is unchanged it stays ``approved``, otherwise it becomes a ``proposed`` link with
``needs_review=True``. A code recoded, split or merged (see ``crosswalk.diff``) carries the link to
each successor as ``proposed`` with ``needs_review``. Links of removed codes are listed, not carried.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlmodel import Session, col

from hub.models import LinkEvent, NomenclatureEdition, ServiceLink
from hub.workbench.crosswalk import Key, SubKegiatan, common_levels, diff, sub_kegiatan
from hub.workbench.text import normalise


@dataclass(frozen=True)
class Carried:
    """One approved link and where it went."""

    service_code: str
    from_code: str
    to_code: str | None
    government_level: str | None
    outcome: str  # approved | needs_review | not_carried | already_linked
    reason: str


@dataclass
class CarryReport:
    """What ``carry_links`` did, by outcome."""

    items: list[Carried] = field(default_factory=list)

    @property
    def counts(self) -> Counter[str]:
        return Counter(item.outcome for item in self.items)

    @property
    def needs_review(self) -> list[Carried]:
        return [item for item in self.items if item.outcome == "needs_review"]


def successors(old: dict[Key, SubKegiatan], new: dict[Key, SubKegiatan]) -> dict[Key, list[tuple[Key, str]]]:
    """For each old key: the new keys it continues as, with the kind of change."""
    out: dict[Key, list[tuple[Key, str]]] = defaultdict(list)
    for key in old:
        if key in new:
            same = normalise(old[key].name) == normalise(new[key].name)
            out[key].append((key, "unchanged" if same else "renamed"))
    for change in diff(old, new):
        if change.change in ("recoded", "split", "merged") and change.previous_code:
            for code in change.previous_code.split(","):
                out[(change.government_level, code)].append(((change.government_level, change.code), change.change))
    return out


def carry_links(
    session: Session, source: NomenclatureEdition, target: NomenclatureEdition, *, actor: str = "crosswalk"
) -> CarryReport:
    """Carry the approved links of ``source`` into ``target`` (idempotent)."""
    assert source.id is not None and target.id is not None
    old, new = sub_kegiatan(session, source.id), sub_kegiatan(session, target.id)
    by_id = {node.id: node for node in old.values()}
    links = (
        session.execute(
            select(ServiceLink).where(ServiceLink.status == "approved", col(ServiceLink.node_id).in_(list(by_id)))
        )
        .scalars()
        .all()
    )
    moves = successors(old, new)
    levels = common_levels(old, new)
    existing = {
        (link.service_code, link.node_id): link
        for link in session.execute(
            select(ServiceLink).where(col(ServiceLink.node_id).in_([n.id for n in new.values()]))
        ).scalars()
    }
    report = CarryReport()
    for link in links:
        node = by_id[link.node_id]
        if node.government_level not in levels:
            continue
        targets = moves.get(node.key, [])
        if not targets:
            report.items.append(
                Carried(
                    link.service_code,
                    node.code,
                    None,
                    node.government_level,
                    "not_carried",
                    f"{node.code} was removed in {target.code}",
                )
            )
        for key, change in targets:
            report.items.append(_carry(session, link, node, new[key], change, existing, source, actor))
    session.flush()
    return report


def _carry(
    session: Session,
    link: ServiceLink,
    node: SubKegiatan,
    to: SubKegiatan,
    change: str,
    existing: dict[tuple[str, int], ServiceLink],
    source: NomenclatureEdition,
    actor: str,
) -> Carried:
    exact = change == "unchanged"
    reason = (
        f"carried from {source.code} {node.code} (approved, same code and name)"
        if exact
        else f"carried from {source.code} {node.code} ({change}: '{node.name}' -> '{to.name}'); review again"
    )
    current = existing.get((link.service_code, to.id))
    outcome = "approved" if exact else "needs_review"
    if current is not None and (current.status != "proposed" or current.origin == "crosswalk"):
        return Carried(
            link.service_code,
            node.code,
            to.code,
            to.government_level,
            "already_linked",
            f"{to.code} already has a {current.status} link to {link.service_code}",
        )
    if current is None:
        current = ServiceLink(service_code=link.service_code, node_id=to.id, proposed_by=actor, status="proposed")
    before = current.status if current.id else None
    current.origin, current.reason, current.needs_review = "crosswalk", reason, not exact
    current.score = link.score
    if exact:
        current.status, current.reviewed_by, current.reviewed_at = (
            "approved",
            link.reviewed_by,
            link.reviewed_at,
        )
    session.add(current)
    session.flush()
    existing[(link.service_code, to.id)] = current
    assert current.id is not None
    session.add(
        LinkEvent(
            link_id=current.id,
            action="carried",
            status_from=before,
            status_to=current.status,
            actor=actor,
            note=reason,
        )
    )
    return Carried(link.service_code, node.code, to.code, to.government_level, outcome, reason)


@dataclass(frozen=True)
class SpmFlagDifference:
    """SPM flags of two editions compared over the sub kegiatan codes of their common levels."""

    only_first: list[Key]  # SPM in the first edition, not SPM (or absent) in the second
    only_second: list[Key]
    both: int
    absent_from_second: list[Key]  # SPM in the first and no such code in the second
    by_urusan: dict[str, tuple[int, int, int]]  # bidang code -> (only first, only second, both)


def compare_spm_flags(session: Session, first: NomenclatureEdition, second: NomenclatureEdition) -> SpmFlagDifference:
    """Which sub kegiatan are SPM in one edition and not in the other, with counts per bidang urusan."""
    assert first.id is not None and second.id is not None
    a, b = sub_kegiatan(session, first.id), sub_kegiatan(session, second.id)
    levels = common_levels(a, b)
    spm_a = {k for k, n in a.items() if n.spm_flag and k[0] in levels}
    spm_b = {k for k, n in b.items() if n.spm_flag and k[0] in levels}
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for keys, slot in ((spm_a - spm_b, 0), (spm_b - spm_a, 1), (spm_a & spm_b, 2)):
        for key in keys:
            counts[key[1][:4]][slot] += 1
    return SpmFlagDifference(
        sorted(spm_a - spm_b, key=_sort),
        sorted(spm_b - spm_a, key=_sort),
        len(spm_a & spm_b),
        sorted((k for k in spm_a - spm_b if k not in b), key=_sort),
        {k: (v[0], v[1], v[2]) for k, v in sorted(counts.items())},
    )


def _sort(key: Key) -> tuple[str, str]:
    return (key[0] or "", key[1])
