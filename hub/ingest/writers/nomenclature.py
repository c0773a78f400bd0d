"""Store nomenclature editions: nodes are upserted by (edition, government level, code), never
deleted and re-inserted, because service links and budget checks point at node ids."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from typing import Any

import pandas as pd
from sqlalchemy import and_, bindparam, insert, select, update
from sqlmodel import Session, col

from connectors.nomenclature.extract import is_placeholder, placeholder
from hub.core.errors import NotFound
from hub.ingest.writers.base import records
from hub.models import IngestRun, NomenclatureEdition, NomenclatureNode, ServiceLink
from hub.reference import REFERENCE_DIR

URUSAN_CSV = REFERENCE_DIR / "nomenclature_urusan.csv"
FACTS = ("name", "level", "performance", "indicator", "unit", "spm_flag", "kind", "predecessor_code", "tags")
NodeKey = tuple[str | None, str]


def urusan_names() -> dict[str, str]:
    """Names of the urusan-level codes (1..9, X), shipped as data (evidence in the file)."""
    with URUSAN_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


def edition_by_code(session: Session, code: str) -> NomenclatureEdition:
    """The edition with this code.

    Raises:
        NotFound: no such edition is loaded.
    """
    edition = session.execute(select(NomenclatureEdition).where(NomenclatureEdition.code == code)).scalars().first()
    if edition is None:
        known = session.execute(select(NomenclatureEdition.code)).scalars().all()
        raise NotFound(f"No nomenclature edition {code!r}; loaded: {', '.join(known) or 'none'}")
    return edition


class NomenclatureWriter:
    """One edition per run: creates or updates the edition, upserts its nodes level by level so each
    child finds its parent's id, and at the end records what changed against the previous edition."""

    def __init__(self, options: Mapping[str, str]) -> None:
        self.options = options
        self.edition: NomenclatureEdition | None = None
        self.ids: dict[NodeKey, int] = {}
        self.stored: dict[NodeKey, dict[str, Any]] = {}
        self.seen: set[NodeKey] = set()
        self.urusan = urusan_names()

    def _open(self, session: Session, run: IngestRun) -> NomenclatureEdition:
        code = self.options["edition"]
        edition = session.execute(select(NomenclatureEdition).where(NomenclatureEdition.code == code)).scalars().first()
        if edition is None:
            edition = NomenclatureEdition(code=code, name=self.options.get("name") or code)
            latest = (
                session.execute(select(NomenclatureEdition).order_by(col(NomenclatureEdition.id).desc()))
                .scalars()
                .first()
            )
            edition.previous_id = latest.id if latest else None
        if self.options.get("name"):
            edition.name = self.options["name"]
        if self.options.get("fiscal_year"):
            edition.fiscal_year = int(self.options["fiscal_year"])
        if self.options.get("previous"):
            edition.previous_id = edition_by_code(session, self.options["previous"]).id
        edition.run_id = run.id
        session.add(edition)
        session.flush()
        for node in session.execute(
            select(NomenclatureNode.__table__).where(NomenclatureNode.edition_id == edition.id)
        ).mappings():
            key = (node["government_level"], node["code"])
            self.ids[key] = node["id"]
            self.stored[key] = dict(node)
        return edition

    def write(self, session: Session, frame: pd.DataFrame, run: IngestRun) -> int:
        if self.edition is None:
            self.edition = self._open(session, run)
        rows = records(
            frame.drop(columns=["spm", "name_derived", "duplicate_of"], errors="ignore"),
            NomenclatureNode.__table__,
        )
        extra = (
            frame[["spm", "name_derived", "parent_code"]]
            .astype(object)
            .where(frame[["spm", "name_derived", "parent_code"]].notna(), None)
        )
        for row, (spm, derived, parent_code) in zip(rows, extra.itertuples(index=False), strict=True):
            row["spm_flag"] = None if spm is None else spm == "SPM"
            row["_derived"], row["_parent"] = bool(derived), parent_code
        for level in range(1, 6):
            self._write_level(session, [r for r in rows if r["level"] == level], run)
        return len(rows)

    def _write_level(self, session: Session, rows: list[dict[str, Any]], run: IngestRun) -> None:
        assert self.edition is not None
        inserts, updates = [], []
        for row in rows:
            key: NodeKey = (row["government_level"], row["code"])
            self.seen.add(key)
            parent = row.pop("_parent")
            row["parent_id"] = (
                self.ids.get((row["government_level"] if row["level"] == 5 else None, parent)) if parent else None
            )
            row.update(edition_id=self.edition.id, run_id=run.id)
            current = self.stored.get(key)
            if row.pop("_derived"):
                keep = current is not None and not is_placeholder(current["name"])
                row["name"] = current["name"] if keep else self._derived_name(session, row)  # type: ignore[index]
            if row["spm_flag"] is None and current is not None:
                row["spm_flag"] = current["spm_flag"]
            if current is None:
                inserts.append(row)
            elif any(current[c] != row[c] for c in (*FACTS, "parent_id")):
                updates.append({**row, "_id": current["id"]})
        if inserts:
            table = NomenclatureNode.__table__
            result = session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), inserts)
            for row, node_id in zip(inserts, result.scalars().all(), strict=True):
                key = (row["government_level"], row["code"])
                self.ids[key] = node_id
                self.stored[key] = {**row, "id": node_id}
        if updates:
            table = NomenclatureNode.__table__
            values: dict[str, Any] = {c: bindparam(c) for c in (*FACTS, "parent_id", "run_id")}
            session.connection().execute(
                update(table).where(table.c.id == bindparam("_id")).values(**values),
                [{k: u[k] for k in (*values, "_id")} for u in updates],
            )

    def _derived_name(self, session: Session, row: dict[str, Any]) -> str:
        """An ancestor the source does not name: the urusan list, else the newest edition naming the code."""
        if row["level"] == 1 and row["code"] in self.urusan:
            return self.urusan[row["code"]]
        found = (
            session.execute(
                select(NomenclatureNode.name)
                .where(
                    and_(
                        NomenclatureNode.code == row["code"],
                        NomenclatureNode.edition_id != row["edition_id"],
                        NomenclatureNode.government_level == row["government_level"]
                        if row["level"] >= 4
                        else col(NomenclatureNode.government_level).is_(None),
                    )
                )
                .order_by(col(NomenclatureNode.edition_id).desc())
            )
            .scalars()
            .all()
        )
        return next((name for name in found if not is_placeholder(name)), placeholder(row["code"]))

    def finish(self, session: Session, run: IngestRun) -> None:
        from hub.workbench.crosswalk import record_changes

        if self.edition is None:
            return
        if not run.options.get("allow_partial"):
            self._drop_stale(session)
        record_changes(session, self.edition)

    def _drop_stale(self, session: Session) -> None:
        """Codes a corrected file no longer holds go, unless a service link points at them."""
        stale = [self.stored[key]["id"] for key in set(self.stored) - self.seen]
        if not stale:
            return
        linked = set(session.execute(select(ServiceLink.node_id).where(col(ServiceLink.node_id).in_(stale))).scalars())
        parents = set(
            session.execute(
                select(NomenclatureNode.parent_id).where(col(NomenclatureNode.parent_id).in_(stale))
            ).scalars()
        )
        table = NomenclatureNode.__table__
        removable = [node_id for node_id in stale if node_id not in linked and node_id not in parents]
        for start in range(0, len(removable), 500):
            session.execute(table.delete().where(table.c.id.in_(removable[start : start + 500])))


class SpmTaggingWriter:
    """Sets the SPM flag of one edition's sub kegiatan from a tagging list: listed -> SPM, others -> not."""

    def __init__(self, options: Mapping[str, str]) -> None:
        self.options = options
        self.codes: set[str] = set()

    def write(self, session: Session, frame: pd.DataFrame, run: IngestRun) -> int:
        del session, run
        self.codes |= set(frame["code"])
        return len(frame)

    def finish(self, session: Session, run: IngestRun) -> None:
        edition = edition_by_code(session, self.options["edition"])
        table = NomenclatureNode.__table__
        in_edition = and_(table.c.edition_id == edition.id, table.c.level == 5)
        session.execute(update(table).where(in_edition).values(spm_flag=table.c.code.in_(sorted(self.codes))))
        del run
