"""Service links (SPM service <-> nomenclature node) with their review trail, and the planning-office
mutations: propose, approve, reject (with a note) and bulk import from an uploaded CSV/XLSX."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry.file_uploads import Upload

from hub.workbench import review as linking
from schema import ingest, lazy
from schema.errors import OperationError, errors_as_data
from schema.info import Info
from schema.lazy import IngestRunType, NodeType, SpmServiceType
from schema.loaders import existing
from schema.pagination import list_field
from schema.rows import FromRow
from schema.uploads import import_links


@strawberry.type
class LinkEvent:
    """One step of a link's review trail."""

    action: str
    status_from: str | None
    status_to: str
    actor: str
    at: datetime
    note: str | None


@strawberry.type
class ServiceLink(FromRow):
    """ "This nomenclature node serves this SPM service", with its review status."""

    id: int
    service_code: str
    node_id: int
    status: str = strawberry.field(description="proposed, approved or rejected.")
    origin: str
    score: Decimal | None
    reason: str | None
    proposed_by: str
    proposed_at: datetime
    reviewed_by: str | None
    reviewed_at: datetime | None
    note: str | None
    needs_review: bool

    @strawberry.field
    async def service(self, info: Info) -> SpmServiceType:
        return lazy.SpmService.from_model(existing(await info.context.loaders.service.load(self.service_code)))

    @strawberry.field
    async def node(self, info: Info) -> NodeType:
        return lazy.NomenclatureNode.from_model(existing(await info.context.loaders.node.load(self.node_id)))

    @strawberry.field(description="The review trail, oldest first.")
    async def events(self, info: Info) -> list[LinkEvent]:
        rows = await info.context.loaders.events_by_link.load(self.id)
        return [
            LinkEvent(
                action=e.action, status_from=e.status_from, status_to=e.status_to, actor=e.actor, at=e.at, note=e.note
            )
            for e in rows
        ]


@strawberry.type
class LinkQuery:
    """Link root fields."""

    service_links = list_field(
        "service-links", ServiceLink, order="Link", description="Service links, filtered and paginated."
    )


@strawberry.type
class BulkImportResult:
    """What a bulk link import did (its ingest run has the full report)."""

    run_id: int
    status: str
    rows_read: int
    rows_loaded: int

    @strawberry.field
    async def run(self, info: Info) -> IngestRunType | None:
        return await ingest.load_run(info, self.run_id)


LinkResult = Annotated[ServiceLink | OperationError, strawberry.union("LinkResult")]
BulkImportLinksResult = Annotated[BulkImportResult | OperationError, strawberry.union("BulkImportLinksResult")]


@strawberry.type
class LinkMutation:
    """Planning-office link workflow. Errors come back as ``OperationError`` with a code."""

    @strawberry.mutation(description="Propose that a nomenclature node serves an SPM service (region or ministry).")
    @errors_as_data
    async def propose_link(self, info: Info, service_code: str, node_id: int, reason: str | None = None) -> LinkResult:
        async with info.context.db.writing() as session:
            link = await linking.propose(
                session, info.context.caller, service_code=service_code, node_id=node_id, reason=reason
            )
        return ServiceLink.from_model(link)

    @strawberry.mutation(description="Approve a proposed link (ministry).")
    @errors_as_data
    async def approve_link(self, info: Info, id: int, note: str | None = None) -> LinkResult:
        return await _review(info, id, approve=True, note=note)

    @strawberry.mutation(description="Reject a proposed link with a note saying why (ministry).")
    @errors_as_data
    async def reject_link(self, info: Info, id: int, note: str) -> LinkResult:
        return await _review(info, id, approve=False, note=note)

    @strawberry.mutation(
        description="Import links from an uploaded CSV/XLSX with columns service_code, "
        "sub_activity_code, edition, status, note. All rows or none."
    )
    @errors_as_data
    async def bulk_import_links(self, info: Info, file: Upload, dry_run: bool = False) -> BulkImportLinksResult:
        summary = await import_links(info, file, dry_run=dry_run)
        return BulkImportResult(
            run_id=summary.run_id, status=summary.status, rows_read=summary.rows_read, rows_loaded=summary.rows_loaded
        )


async def _review(info: Info, link_id: int, *, approve: bool, note: str | None) -> ServiceLink:
    async with info.context.db.writing() as session:
        link = await linking.review(session, info.context.caller, link_id, approve=approve, note=note)
    return ServiceLink.from_model(link)
