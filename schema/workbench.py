"""Mapping workbench over GraphQL: edition changes, the edition diff, and link proposals."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Annotated, TypeVar, cast

import strawberry
from sqlmodel import Session, col, select

from hub import models
from hub.access.auth import require_role
from hub.ingest.writers.nomenclature import edition_by_code
from hub.workbench.carry import compare_spm_flags
from hub.workbench.crosswalk import CHANGES, diff, sub_kegiatan
from hub.workbench.proposer import propose_for_edition
from schema.errors import OperationError, errors_as_data
from schema.info import Info


@strawberry.type
class NomenclatureChange:
    """One sub kegiatan code that changed between an edition and the one before it."""

    government_level: str | None
    code: str
    change: str
    previous_code: str | None
    old_name: str | None
    new_name: str | None


@strawberry.type
class ChangeCount:
    change: str
    count: int


@strawberry.type
class SpmFlagCount:
    """SPM flags per bidang urusan: SPM only in the older, only in the newer edition, or in both."""

    bidang: str
    only_from: int
    only_to: int
    both: int


@strawberry.type
class EditionDiff:
    """Counts of changes between two editions and how their SPM flags differ."""

    changes: list[ChangeCount]
    spm_only_from: list[str]
    spm_only_to: list[str]
    spm_both: int
    spm_by_bidang: list[SpmFlagCount]


@strawberry.type
class ProposalSummary:
    """What a proposal run stored."""

    nodes: int
    created: int
    updated: int
    unchanged: int
    kept_reviewed: int


@strawberry.type
class WorkbenchQuery:
    """Workbench root fields."""

    @strawberry.field(description="Changes recorded for an edition against its previous one (optionally one kind).")
    async def nomenclature_changes(
        self, info: Info, edition: str, change: str | None = None, limit: int = 200
    ) -> list[NomenclatureChange]:
        query = (
            select(models.NomenclatureChange)
            .join(
                models.NomenclatureEdition,
                col(models.NomenclatureEdition.id) == models.NomenclatureChange.edition_id,
            )
            .where(models.NomenclatureEdition.code == edition)
            .order_by(models.NomenclatureChange.change, models.NomenclatureChange.code)
            .limit(min(limit, 5000))
        )
        if change:
            query = query.where(models.NomenclatureChange.change == change)
        rows = await info.context.db.all(query)
        return [
            NomenclatureChange(
                government_level=r.government_level,
                code=r.code,
                change=r.change,
                previous_code=r.previous_code,
                old_name=r.old_name,
                new_name=r.new_name,
            )
            for r in rows
        ]

    @strawberry.field(name="editionDiff", description="Sub kegiatan changes and SPM flag differences between editions.")
    async def edition_diff(self, info: Info, from_edition: str, to_edition: str) -> EditionDiff:
        def compute(session: Session) -> EditionDiff:
            old, new = edition_by_code(session, from_edition), edition_by_code(session, to_edition)
            counts = Counter(
                c.change
                for c in diff(
                    sub_kegiatan(session, old.id or 0),
                    sub_kegiatan(session, new.id or 0),
                )
            )
            spm = compare_spm_flags(session, old, new)
            return EditionDiff(
                changes=[ChangeCount(change=kind, count=counts.get(kind, 0)) for kind in CHANGES],
                spm_only_from=[code for _, code in spm.only_first],
                spm_only_to=[code for _, code in spm.only_second],
                spm_both=spm.both,
                spm_by_bidang=[
                    SpmFlagCount(bidang=b, only_from=v[0], only_to=v[1], both=v[2]) for b, v in spm.by_urusan.items()
                ],
            )

        return await _sync(info, compute)


ProposeLinksForEditionResult = Annotated[
    ProposalSummary | OperationError, strawberry.union("ProposeLinksForEditionResult")
]


@strawberry.type
class WorkbenchMutation:
    """Workbench mutations (ministry only). Errors come back as ``OperationError`` with a code."""

    @strawberry.mutation(description="Propose services for every SPM sub kegiatan of an edition (never approves).")
    @errors_as_data
    async def propose_links_for_edition(self, info: Info, edition: str) -> ProposeLinksForEditionResult:
        require_role(info.context.caller, "ministry")
        actor = info.context.caller.name

        def run(session: Session) -> ProposalSummary:
            found = propose_for_edition(session, edition_by_code(session, edition).id or 0, actor=actor)
            return ProposalSummary(
                nodes=found.nodes,
                created=found.created,
                updated=found.updated,
                unchanged=found.unchanged,
                kept_reviewed=found.kept_reviewed,
            )

        return await _sync(info, run)


T = TypeVar("T")


async def _sync(info: Info, work: Callable[[Session], T]) -> T:
    """Run sync workbench code on the request's session (serialised; commits on success). The session
    ``run_sync`` hands over is sqlmodel's (the async session's ``sync_session_class``)."""
    async with info.context.db.writing() as session:
        return await session.run_sync(lambda sync: work(cast(Session, sync)))
