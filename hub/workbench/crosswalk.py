"""What changed between two nomenclature editions, at sub kegiatan level.

Rules, in order:
1. same (government level, code) in both: ``renamed`` when the names differ (case and spacing ignored);
2. the predecessor column (SUBKEGIATAN SEBELUMNYA): a new code whose predecessor is in the older
   edition is ``recoded`` from it, or ``split`` when the predecessor has several successors (or lives on);
3. name similarity: an old code that vanished without a successor, whose name matches a new code's
   name at least ``SIMILAR`` (same level and kegiatan, or bidang when the name is unique there), is
   ``recoded`` to it; a new code that gets several old codes this way (or besides its predecessor)
   is ``merged``;
4. what is left is ``added`` or ``removed``.
Only government levels present in both editions are compared (a kabupaten's list has no PROV codes).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import delete, select
from sqlmodel import Session, col

from hub.models import NomenclatureChange, NomenclatureEdition, NomenclatureNode
from hub.workbench.text import normalise

SIMILAR = 0.90
CHANGES = ("added", "removed", "renamed", "recoded", "split", "merged")
Key = tuple[str | None, str]


@dataclass(frozen=True)
class SubKegiatan:
    """The fields of a sub kegiatan the crosswalk compares."""

    id: int
    government_level: str | None
    code: str
    name: str
    predecessor_code: str | None
    spm_flag: bool | None

    @property
    def key(self) -> Key:
        return (self.government_level, self.code)


def sub_kegiatan(session: Session, edition_id: int) -> dict[Key, SubKegiatan]:
    """Every sub kegiatan of an edition by (government level, code)."""
    node = NomenclatureNode
    rows = session.execute(
        select(
            col(node.id),
            col(node.government_level),
            col(node.code),
            col(node.name),
            col(node.predecessor_code),
            col(node.spm_flag),
        ).where(col(node.edition_id) == edition_id, col(node.level) == 5)
    ).all()
    return {(r[1], r[2]): SubKegiatan(*r) for r in rows}


def common_levels(old: Iterable[Key], new: Iterable[Key]) -> set[str | None]:
    """Government levels both editions hold."""
    return {gov for gov, _ in old} & {gov for gov, _ in new}


def diff(old: dict[Key, SubKegiatan], new: dict[Key, SubKegiatan]) -> list[NomenclatureChange]:
    """The changes from ``old`` to ``new`` (edition ids left unset)."""
    levels = common_levels(old, new)
    old = {k: v for k, v in old.items() if k[0] in levels}
    new = {k: v for k, v in new.items() if k[0] in levels}
    out = [
        _change(n, "renamed", o) for k, n in new.items() if (o := old.get(k)) and normalise(o.name) != normalise(n.name)
    ]
    sources: dict[Key, list[SubKegiatan]] = defaultdict(list)
    successors: dict[Key, list[Key]] = defaultdict(list)
    for key, node in new.items():
        pred = (key[0], node.predecessor_code) if node.predecessor_code else None
        if key not in old and pred in old and pred != key:
            sources[key].append(old[pred])
            successors[pred].append(key)
    added = [k for k in new if k not in old and k not in sources]
    vanished = [k for k in old if k not in new and k not in successors]
    for key, target in _similar(old, new, vanished, added + list(sources)).items():
        sources[target].append(old[key])
    for key, found in sources.items():
        found_codes = [s.code for s in found]
        if len(found) > 1:
            out.append(
                _change(
                    new[key],
                    "merged",
                    None,
                    previous=",".join(found_codes),
                    old_name="; ".join(s.name for s in found),
                )
            )
            continue
        split = len(successors.get(found[0].key, [])) > 1 or found[0].key in new
        out.append(_change(new[key], "split" if split else "recoded", found[0]))
    matched = {s.key for found in sources.values() for s in found}
    out += [_change(new[k], "added", None) for k in added if k not in sources]
    out += [_change(old[k], "removed", old[k]) for k in vanished if k not in matched]
    return sorted(out, key=lambda c: (CHANGES.index(c.change), c.government_level or "", c.code))


def _similar(
    old: dict[Key, SubKegiatan], new: dict[Key, SubKegiatan], vanished: list[Key], targets: list[Key]
) -> dict[Key, Key]:
    """Vanished old codes whose name closely matches a new code: first within the same kegiatan; across
    the bidang only when the name is unique there (generic names such as "Rehabilitasi Ruang Kelas"
    recur in every kegiatan and would pair at random)."""
    found: dict[Key, Key] = {}
    for width, unique_only in ((12, False), (4, True)):
        groups: dict[tuple[str | None, str], dict[Key, str]] = defaultdict(dict)
        for key in targets:
            groups[(key[0], key[1][:width])][key] = normalise(new[key].name)
        for key in vanished:
            if key in found:
                continue
            choices = groups.get((key[0], key[1][:width]), {})
            name = normalise(old[key].name)
            if unique_only and (
                list(choices.values()).count(name) > 1 or sum(normalise(old[k].name) == name for k in vanished) > 1
            ):
                continue
            best = process.extractOne(name, choices, scorer=fuzz.ratio, score_cutoff=SIMILAR * 100)
            if best is not None:
                found[key] = best[2]
    return found


def _change(
    node: SubKegiatan,
    change: str,
    source: SubKegiatan | None,
    *,
    previous: str | None = None,
    old_name: str | None = None,
) -> NomenclatureChange:
    return NomenclatureChange(  # type: ignore[call-arg]  # the edition ids are set when the changes are stored
        government_level=node.government_level,
        code=node.code,
        change=change,
        previous_code=previous or (source.code if source else None),
        old_name=old_name or (source.name if source else None),
        new_name=None if change == "removed" else node.name,
    )


def record_changes(session: Session, edition: NomenclatureEdition) -> list[NomenclatureChange]:
    """Replace the stored changes of ``edition`` against its previous edition (derived rows)."""
    session.execute(delete(NomenclatureChange).where(NomenclatureChange.edition_id == edition.id))
    if edition.previous_id is None or edition.id is None:
        return []
    changes = diff(sub_kegiatan(session, edition.previous_id), sub_kegiatan(session, edition.id))
    for change in changes:
        change.edition_id, change.previous_edition_id = edition.id, edition.previous_id
    session.add_all(changes)
    session.flush()
    return changes
