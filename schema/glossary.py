"""The words of the schema, written once: descriptions for the fields and arguments every domain module
shares (``year``, ``quarter``, ``regionCode``, ``first``/``after``...), and for the fields of types that
are generated or copied from ``hub`` dataclasses (connections, edges, filters, order inputs, analytics
rows), where a ``strawberry.field(description=...)`` has no place to go.

``describe`` fills only what a module left undescribed, at schema build time: an explicit description
always wins, then ``"Type.name"``, then the bare ``name`` (one meaning per name across the schema),
then, for a type, its class docstring. A new module gets the shared words for free; what it still
lacks shows in tests/schema/test_descriptions.py.
"""

from __future__ import annotations

import re

from graphql import (
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
)

YEAR = "Year (tahun anggaran / reporting year), e.g. 2025."
QUARTER = "Quarter (triwulan) 1..4; e-SPM figures are cumulative to the end of it."
REGION_CODE = "Kode wilayah Kemendagri of a province (e.g. 53) or kabupaten/kota (e.g. 53.02)."
REGION_PREFIX = "Kode wilayah prefix: 53 matches Nusa Tenggara Timur and all its kabupaten/kota."
SERVICE_CODE = "Code of a jenis pelayanan dasar (SPM service), URUSAN.LEVEL.NN, e.g. KES.KAB.01."
FIELD_CODE = "SPM urusan (bidang urusan SPM): DIK, KES, PU, PERKIM, TRANTIB or SOS."
FIRST = "Page size: at most this many items (capped by the server's SPM_HUB_MAX_PAGE_SIZE)."
AFTER = "Cursor of the last item already seen (pageInfo.endCursor); the page starts after it."
STAGE = "Budget stage (tahapan APBD), e.g. murni or perubahan; default: each region-year's most final one."
EDITION = "Code of a nomenclature edition, e.g. SIPD-2027."
INCLUDE_PROPOSED = "Count links still proposed (not yet approved) as well."
GOVERNMENT_LEVEL = "Government level of a sub kegiatan: PROV (provinsi) or KABKOT (kabupaten/kota)."
CATEGORY = "Achievement category of the IP SPM (from the scheme's category bands), e.g. Tuntas Utama."
LINK_STATUS = "Review status of a link: proposed, approved or rejected."
SUB_KEGIATAN = "Sub kegiatan code of the nomenclature (e.g. 1.02.02.2.02.0001)."

# By bare name: one meaning everywhere it appears (field, input field or argument). Names whose meaning
# depends on the type (status, kind, code, score...) are deliberately absent: they need a "Type.name" entry.
BY_NAME: dict[str, str] = {
    "year": YEAR,
    "fiscalYear": "Fiscal year (tahun anggaran).",
    "quarter": QUARTER,
    "throughQuarter": "Last quarter counted: reports are expected for quarters 1..throughQuarter.",
    "regionCode": REGION_CODE,
    "regionPrefix": REGION_PREFIX,
    "provinceCode": "Kode wilayah of a province: rank only its kabupaten/kota (or the province itself).",
    "parentCode": "Kode wilayah of the parent province (null for a province).",
    "serviceCode": SERVICE_CODE,
    "serviceName": "Name of the jenis pelayanan dasar.",
    "fieldCode": FIELD_CODE,
    "first": FIRST,
    "after": AFTER,
    "cursor": "Opaque cursor of this item: pass it as `after` to continue after it.",
    "edges": "The items of this page with their cursors.",
    "pageInfo": "Where this page sits in the list, and the cursor to continue from.",
    "totalCount": "How many items match the filter (all pages).",
    "hasNextPage": "More items follow this page.",
    "hasPreviousPage": "Items precede this page.",
    "startCursor": "Cursor of the first item of this page.",
    "endCursor": "Cursor of the last item of this page: pass it as `after` for the next page.",
    "filter": "Only the items matching every field given.",
    "orderBy": "Sort keys, first key first; the default order is stable.",
    "direction": "Ascending or descending.",
    "stage": STAGE,
    "edition": EDITION,
    "editionCode": EDITION,
    "includeProposed": INCLUDE_PROPOSED,
    "governmentLevel": GOVERNMENT_LEVEL,
    "codePrefix": "Code prefix: matches the code itself and every code below it.",
    "subActivityPrefix": "Sub kegiatan code prefix (e.g. 1.02 = kesehatan, 1.02.02.2.02 = one kegiatan).",
    "subActivityCode": SUB_KEGIATAN,
    "nameContains": "Case-insensitive part of the name.",
    "category": CATEGORY,
    "ip": "IP SPM (indeks pencapaian), 0..100, rounded to the scheme's display decimals.",
    "ipExact": "IP SPM before rounding (for sums and checks).",
    "schemeCode": "The IP SPM scheme used (weights, mutu method, category bands), from the catalogue.",
    "targeted": "Recipients targeted for the year (sasaran), as reported.",
    "served": "Recipients served to standard so far (cumulative to the quarter).",
    "recipientsPct": "P%: served / targeted x 100.",
    "mutuPct": "M%: mutu (quality) items fulfilled / required x 100.",
    "mutuReported": "The report carries mutu (quality) figures.",
    "problems": "Permasalahan: the problems the region reported.",
    "solutions": "Solusi: the remedies the region reported.",
    "published": "Released by the ministry; the public sees only published reports.",
    "budgetAllocated": "Budget allocated to the service as reported in e-SPM (rupiah).",
    "budgetRealised": "Budget realised for the service as reported in e-SPM (rupiah).",
    "planned": "Planned amount (pagu), exact rupiah.",
    "realised": "Realised amount (realisasi), exact rupiah; null when none is loaded.",
    "plannedAmount": "Planned amount (pagu anggaran), exact rupiah.",
    "realisedAmount": "Realised amount (realisasi), exact rupiah; null when not loaded.",
    "fundingSourceCode": "Funding source code (sumber dana), e.g. 1.2.01.01.01.0001 (DAU).",
    "fundingSourceName": "Name of the funding source (sumber dana).",
    "accountCode": "Expenditure account code (kode rekening belanja).",
    "accountPrefix": "Expenditure account code prefix (e.g. 5.1.02 = belanja barang dan jasa).",
    "fundingSourcePrefix": "Funding source code prefix (e.g. 1.2.01 = DAU).",
    "id": "Database id (stable for the life of the record).",
    "name": "Name, as in the source.",
    "legalRef": "The regulation this comes from (e.g. PP 2/2018 Ps. 5).",
    "technicalStandard": "The ministerial technical standard (standar teknis) of the urusan.",
    "note": "Free-text note of the reviewer.",
    "reason": "Why: the evidence behind a proposal, in words.",
    "actor": "Who did it: the token or CLI user name.",
    "at": "When it happened (UTC).",
    "region": "The region (province or kabupaten/kota).",
    "service": "The jenis pelayanan dasar (SPM service).",
    "field": "The SPM urusan.",
    "node": "The item.",
    "nodes": "The items of this page (shortcut for edges { node }).",
    "key": "Values of the group-by keys of this group.",
    "unit": "Unit of measure (satuan), as in the source.",
    "indicator": "Performance indicator (indikator kinerja), as in the source.",
    "jenjang": "School level (jenjang): SD, SMP, SMA, SMK, SLB...",
    "connector": "Source connector that read the file (e.g. budget, achievement).",
    "change": "Kind of change: added, removed, renamed, recoded, split or merged.",
    "district": "Kecamatan (district) name; null on a region total.",
    "village": "Kelurahan/desa (village) name; null above village level.",
    "needsReview": "Carried from an older edition whose code or name changed: needs a person's review.",
    "limit": "At most this many items.",
    "dryRun": "Validate and report only; change nothing.",
    "file": "The uploaded file (multipart request, GraphQL multipart request spec).",
    "groupBy": "Keys to group by (one group per distinct combination).",
    "subActivitySegments": "How many code segments of the sub kegiatan form the subActivityPrefix key (1..6).",
    "tolerancePct": "Allowed difference between target and entitled count in % (default: settings).",
    "by": "Grouping: region, district (kecamatan) or village (kelurahan/desa).",
    "since": "Only events at or after this time.",
    "until": "Only events before this time.",
    "entity": "Kind of record written (e.g. service_link, ingest).",
    "entityKey": "Which record: its id or key.",
    "report": "The figures of one quarter for one service.",
    "fromEdition": "Code of the older edition.",
    "toEdition": "Code of the newer edition.",
    "tier": "Tier of a nomenclature code: URUSAN, BIDANG, PROGRAM, KEGIATAN or SUB_KEGIATAN.",
    "nodeId": "Database id of the nomenclature node (sub kegiatan).",
}

# By "*Suffix.name": fields of the generated list types (``RegionOrder``, ``BudgetLineEdge``...).
BY_KIND: dict[str, str] = {
    "*Order.field": "The column to sort by.",
    "*Order.direction": "Ascending or descending.",
    "*Edge.node": "The item at this position of the list.",
}

# By "Type.name": where a name needs a type-specific sentence.
BY_FIELD: dict[str, str] = {
    "Region.code": "Kode wilayah Kemendagri (e.g. 53 NTT, 53.02 Kab. Kupang).",
    "Region.name": "Official name (Kepmendagri 300.2.2-2138/2025).",
    "Region.kind": "provinsi, kabupaten or kota.",
    "Region.bpsCode": "BPS region code, where a crosswalk is loaded (NTT only today).",
    "Region.populationTotal": "Population total of the Kepmendagri decree (jumlah penduduk).",
    "Region.parent": "The province of a kabupaten/kota (null for a province).",
    "RegionFilter.level": "PROV (provinces) or KAB (kabupaten/kota).",
    "RegionFilter.codePrefix": REGION_PREFIX,
    "RegionFilter.parentCode": "Only the kabupaten/kota of this province.",
    "SpmField.code": FIELD_CODE,
    "SpmField.name": "Name of the urusan (e.g. Kesehatan).",
    "SpmService.code": SERVICE_CODE,
    "SpmService.level": "PROV (provinsi) or KAB (kabupaten/kota): the government that must deliver it.",
    "SpmService.name": "Name of the jenis pelayanan dasar (PP 2/2018).",
    "SpmService.fieldCode": FIELD_CODE,
    "CategoryBand.label": "Name of the category (kategori capaian), e.g. Tuntas Utama.",
    "CategoryBand.minIp": "Lowest IP SPM of the category (inclusive).",
    "AchievementScheme.code": "Code of the scheme version.",
    "AchievementScheme.validFrom": "First day the scheme applies to.",
    "AchievementScheme.description": "What the scheme is and where it comes from.",
    "AchievementScheme.weightRecipients": "Weight of P% (recipients served) in the IP, e.g. 0.80.",
    "AchievementScheme.weightMutu": "Weight of M% (mutu fulfilled) in the IP, e.g. 0.20.",
    "AchievementScheme.mutuMethod": "How M% is computed from the mutu items.",
    "AchievementScheme.zeroTargetRule": "What a service with a zero target counts as.",
    "AchievementScheme.displayDecimals": "Decimals the IP is rounded to for display.",
    "Query.spmServices.level": "PROV or KAB: only services of this government level.",
    "Query.spmServices.codePrefix": "Service code prefix, e.g. KES or KES.KAB.",
    "Query.spmService.code": SERVICE_CODE,
    "Query.region.code": "Kode wilayah, e.g. 53.02.",
    "Query.node.id": "A globalId (Relay-style base64 of 'Type:key').",
    "Query.nomenclatureNode.id": "Database id of the node.",
    "Query.ranking.after": "Cursor of the last region already seen (its RankedRegion.cursor).",
    "Query.ranking.first": "How many regions: at most the server's page size (SPM_HUB_MAX_PAGE_SIZE); "
    "without it, every region.",
    "Query.ranking.level": "KAB (kabupaten/kota, default) or PROV (provinces).",
    "Query.ranking.fieldCode": "Rank by the IP of one urusan only (DIK, KES, PU, PERKIM, TRANTIB, SOS).",
    "Query.nomenclatureChanges.edition": "Code of the newer edition whose recorded changes are listed.",
    "Query.nomenclatureChanges.change": "Only changes of this kind (added, removed, renamed, recoded, split, merged).",
    "Query.auditEvents.action": "Only events of this action (e.g. link.approved, ingest).",
    "Query.auditEvents.actor": "Only events of this actor.",
    "Query.auditEvents.first": "Page size (at most the server's page size cap).",
    "Mutation.proposeLink.reason": "Why this sub kegiatan serves the service (shown to the reviewer).",
    "Mutation.approveLink.id": "Database id of the proposed link.",
    "Mutation.approveLink.note": "Optional note of the reviewer.",
    "Mutation.rejectLink.id": "Database id of the proposed link.",
    "Mutation.rejectLink.note": "Why the link is rejected (required).",
    "Mutation.proposeLinksForEdition.edition": "Code of the edition whose SPM sub kegiatan get proposals.",
    "Mutation.publishAchievementReports.regionCode": "Kode wilayah whose verified reports are published.",
    "SpmService.links.status": LINK_STATUS,
    "NomenclatureNode.links.status": LINK_STATUS,
    "RegionService.links.status": LINK_STATUS,
    "NomenclatureNode.code": "Code in the edition: urusan 1, bidang 1.02, program 1.02.02, kegiatan 1.02.02.2.02, "
    "sub kegiatan 1.02.02.2.02.0001.",
    "NomenclatureNode.name": "Name in the edition (nomenklatur).",
    "NomenclatureNode.level": "Depth 1..5: urusan, bidang, program, kegiatan, sub kegiatan.",
    "NomenclatureNode.predecessorCode": "The code this one replaced (SUBKEGIATAN SEBELUMNYA), when the source says.",
    "NomenclatureNode.edition": "The edition this node belongs to.",
    "NomenclatureNode.budgetLines.regionCode": "Kode wilayah whose budget lines on this code are listed.",
    "NomenclatureNodeFilter.level": "Depth 1..5: urusan, bidang, program, kegiatan, sub kegiatan.",
    "NomenclatureNodeFilter.spmFlag": "Only nodes SIPD flags SPM (true) or NON-SPM (false).",
    "NomenclatureEdition.code": "Edition code, e.g. SIPD-2027.",
    "NomenclatureEdition.name": "Edition name, e.g. SIPD pemutakhiran 2027.",
    "NomenclatureEdition.createdAt": "When the edition was first loaded.",
    "NomenclatureChange.code": "The sub kegiatan code in the newer edition (or the removed one).",
    "NomenclatureChange.previousCode": "The code(s) in the older edition it came from (several for a merge).",
    "NomenclatureChange.oldName": "Name in the older edition.",
    "NomenclatureChange.newName": "Name in the newer edition.",
    "ChangeCount.count": "How many sub kegiatan changed this way.",
    "EditionDiff.changes": "Counts per kind of change.",
    "EditionDiff.spmOnlyFrom": "Sub kegiatan flagged SPM only in the older edition.",
    "EditionDiff.spmOnlyTo": "Sub kegiatan flagged SPM only in the newer edition.",
    "EditionDiff.spmBoth": "Sub kegiatan flagged SPM in both editions.",
    "EditionDiff.spmByBidang": "The same comparison per bidang urusan.",
    "SpmFlagCount.bidang": "Bidang urusan code (e.g. 1.02).",
    "SpmFlagCount.onlyFrom": "SPM only in the older edition.",
    "SpmFlagCount.onlyTo": "SPM only in the newer edition.",
    "SpmFlagCount.both": "SPM in both editions.",
    "ServiceLink.status": LINK_STATUS,
    "ServiceLink.nodeId": "Database id of the linked nomenclature node (sub kegiatan).",
    "ServiceLink.origin": "Who created it: manual, proposer, import or crosswalk.",
    "ServiceLink.score": "The proposer's confidence in 0..1 (null when not proposed by it).",
    "ServiceLink.reason": "The proposer's (or proposer person's) evidence, in words.",
    "ServiceLink.proposedBy": "Who proposed it.",
    "ServiceLink.proposedAt": "When it was proposed.",
    "ServiceLink.reviewedBy": "Who approved or rejected it.",
    "ServiceLink.reviewedAt": "When it was approved or rejected.",
    "ServiceLink.node": "The nomenclature node (sub kegiatan) that serves the service.",
    "ServiceLinkFilter.status": LINK_STATUS,
    "ServiceLinkFilter.codePrefix": "Sub kegiatan code prefix.",
    "LinkEvent.action": "proposed, approved, rejected, reopened, reassigned, imported, noted or carried.",
    "LinkEvent.statusFrom": "Status before the step (null for a creation).",
    "LinkEvent.statusTo": "Status after the step.",
    "LinkEvent.note": "What changed and why.",
    "ProposalSummary.nodes": "SPM sub kegiatan considered.",
    "ProposalSummary.created": "New proposed links.",
    "ProposalSummary.updated": "The proposer's own unreviewed links whose score or reason changed.",
    "ProposalSummary.unchanged": "Proposals already stored as they are.",
    "ProposalSummary.keptReviewed": "Proposals not stored because a person decided that pairing (reviewed, "
    "rejected, imported or moved away from).",
    "BulkImportResult.runId": "Id of the ingest run that holds the full report.",
    "BulkImportResult.status": "Outcome of the run (loaded, dry_run, unchanged...).",
    "BulkImportResult.rowsRead": "Rows read from the file.",
    "BulkImportResult.rowsLoaded": "Rows that created or changed a link.",
    "BulkImportResult.run": "The ingest run.",
    "PublishedReports.count": "Reports published by this call.",
    "IngestRun.source": "The file name or URL loaded.",
    "IngestRun.fileHash": "SHA-256 of the file (null for a pull from an API).",
    "IngestRun.startedAt": "When the run started.",
    "IngestRun.finishedAt": "When it finished (null while running).",
    "IngestRun.rowsRead": "Rows read from the source.",
    "IngestRun.rowsLoaded": "Rows written to the store.",
    "IngestRun.rowsRejected": "Rows refused by validation.",
    "IngestRun.rowsFlagged": "Rows loaded with a warning.",
    "IngestRun.status": "running, loaded, partial, failed, dry_run or unchanged.",
    "IngestRun.errorCode": "The error code of a failed run.",
    "IngestRun.message": "Why the run failed or what it did.",
    "IngestRun.actor": "Who started the run.",
    "IngestRunFilter.connector": "Only runs of this source connector.",
    "IngestRunFilter.status": "Only runs with this outcome.",
    "AuditEvent.id": "Database id of the audit event.",
    "AuditEvent.action": "What was done (e.g. link.approved, ingest, token.created).",
    "AuditEvent.regionCode": "The region the write concerns, when one.",
    "AuditEvent.before": "The record before the write (null for a creation).",
    "AuditEvent.after": "The record after the write (null for a deletion).",
    "AuditEventConnection.nodes": "The audit events of this page, newest first.",
    "AuditEventConnection.pageInfo": "Whether older events follow, and the cursor to them.",
    "AuditPageInfo.hasNextPage": "Older events follow.",
    "AuditPageInfo.endCursor": "Pass as `after` for the next (older) page.",
    "AchievementReport.id": "Database id of the report.",
    "AchievementReport.mutuItems": "Required and fulfilled quantity of each mutu item.",
    "AchievementReport.service": "The jenis pelayanan dasar reported on.",
    "AchievementReport.region": "The reporting region.",
    "AchievementReportFilter.level": "PROV or KAB: only services of this government level.",
    "AchievementReportInput.regionCode": "Kode wilayah of the caller's region.",
    "MutuFulfilment.itemCode": "Code of the mutu item in the catalogue.",
    "MutuFulfilment.kind": "barang_jasa (goods/services) or sdm (personnel).",
    "MutuFulfilment.name": "Name of the mutu item.",
    "MutuFulfilment.required": "Quantity required by the standard.",
    "MutuFulfilment.fulfilled": "Quantity fulfilled.",
    "MutuStandard.code": "Code of the mutu item.",
    "MutuStandard.name": "What must be provided (standar mutu barang/jasa or SDM).",
    "RecipientAgeBand.label": "Name of the band (e.g. usia pendidikan dasar).",
    "RecipientAgeBand.ageMin": "Youngest age counted (inclusive).",
    "RecipientAgeBand.ageMax": "Oldest age counted (inclusive).",
    "RecipientAgeBand.evidence": "Evidence grade: V verified, C corroborated, I inferred.",
    "RegionAchievement.quarter": "The quarter asked for (null: each service's latest quarter).",
    "RegionAchievement.region": "The region.",
    "UrusanAchievement.services": "The services of the urusan with a value.",
    "RankedRegion.rank": "Place, 1 = best; equal IPs share a place; null without a value.",
    "RankedRegion.achievement": "The region's IP SPM.",
    "ServiceBudget.planned": "Planned amount on the sub kegiatan linked to the service (counted in full).",
    "ServiceBudget.realised": "Realised amount on those sub kegiatan (null when none).",
    "BudgetLine.id": "Database id of the line.",
    "BudgetLine.lineKey": "Key of the line within its region, year and stage (as built from the source).",
    "BudgetLine.agencyCode": "Code of the spending unit (SKPD / perangkat daerah).",
    "BudgetLine.agencyName": "Name of the spending unit (SKPD / perangkat daerah).",
    "BudgetLine.subActivityKnown": "The sub kegiatan code exists in a loaded nomenclature edition.",
    "BudgetLine.packageName": "Name of the procurement package (paket), when the source has one.",
    "BudgetLine.region": "The region whose budget (APBD) this line belongs to.",
    "BudgetLineFilter.minPlanned": "Only lines with a planned amount of at least this (rupiah).",
    "BudgetLineFilter.maxPlanned": "Only lines with a planned amount of at most this (rupiah).",
    "BudgetLineFilter.serviceCode": "Only lines of sub kegiatan linked (approved) to this service.",
    "BudgetLineFilter.fieldCode": "Only lines of sub kegiatan linked (approved) to a service of this urusan.",
    "BudgetGroup.lineCount": "Budget lines in the group.",
    "BudgetGroup.realisedSum": "Sum of realised amounts (null when no line has one).",
    "BudgetGroup.plannedAvg": "Average planned amount per line.",
    "BudgetGroupKey.regionCode": "Kode wilayah (grouped by region).",
    "BudgetGroupKey.fiscalYear": "Fiscal year (grouped by year).",
    "BudgetGroupKey.fieldCode": "SPM urusan code (grouped by urusan).",
    "BudgetGroupKey.serviceCode": "SPM service code (grouped by service).",
    "BudgetGroupKey.subActivityPrefix": "Sub kegiatan code prefix of subActivitySegments segments.",
    "BudgetGroupKey.fundingSourceCode": "Funding source code, sumber dana (grouped by funding source).",
    "BudgetPerRecipient.recipients": "Entitled recipients: reported target, else counted from population.",
    "BudgetPerRecipient.recipientsSource": "Where recipients come from: target (e-SPM) or population.",
    "BudgetPerRecipient.stage": "The budget stage used (null without budget).",
    "BudgetPerRecipient.plannedPerRecipient": "attributedPlanned / recipients (rupiah).",
    "BudgetPerRecipient.realisedPerRecipient": "attributedRealised / recipients (rupiah).",
    "BudgetPerRecipient.planned": "Old name of attributedPlanned.",
    "BudgetPerRecipient.realised": "Old name of attributedRealised.",
    "BudgetPerRecipient.lines": "Old name of lineCount.",
    "BudgetPerRecipient.sharedLines": "Old name of sharedLineCount.",
    "RecipientNeed.bands": "The age bands counted (e.g. 7-12, 13-15).",
    "RecipientNeed.male": "Entitled males (laki-laki).",
    "RecipientNeed.female": "Entitled females (perempuan).",
    "RecipientNeed.entitled": "Entitled recipients counted from population.",
    "RecipientNeed.targeted": "The region's reported target (sasaran), when reported.",
    "RecipientNeed.targetQuarter": "Quarter of the report the target comes from.",
    "RecipientNeed.difference": "targeted - entitled.",
    "RecipientNeed.differencePct": "The difference in % of the entitled count.",
    "RecipientNeed.status": "ok, over, under or no_target.",
    "Readiness.reports": "Share of expected e-SPM reports present (0..1).",
    "Readiness.budget": "Share of services with budget lines behind them (0..1).",
    "Readiness.mappings": "Share of SPM sub kegiatan with an approved link (0..1).",
    "Readiness.score": "Overall readiness, 0..100.",
    "Readiness.gaps": "What is missing, item by item.",
    "ReadinessGap.dataset": "The dataset with the gap (reports, budget or mappings).",
    "ReadinessGap.problem": "What is missing, in words.",
    "ReadinessGap.serviceCode": "The service concerned, when one.",
    "ReadinessGap.quarter": "The quarter concerned, when one.",
    "RaporIndicator.edition": "Rapor Pendidikan edition of the indicator.",
    "RaporIndicator.code": "Indicator code (e.g. A.1).",
    "RaporIndicator.name": "Indicator name.",
    "RaporIndicator.dimension": "Dimension of Rapor Pendidikan the indicator belongs to.",
    "RaporIndicator.serviceCode": "The SPM pendidikan service the indicator measures, when mapped.",
    "RaporValue.id": "Database id of the value.",
    "RaporValue.subjectType": "region or school: what the value describes.",
    "RaporValue.subjectCode": "Kode wilayah of the region, or NPSN of the school.",
    "RaporValue.regionCode": "Kode wilayah of the region (of the school, for a school value).",
    "RaporValue.score": "The indicator value.",
    "RaporValue.category": "The category Rapor Pendidikan gives the value (e.g. Baik).",
    "RaporValue.indicator": "The indicator.",
    "RaporValueFilter.indicatorCode": "Only values of this indicator code.",
    "RaporValueFilter.subjectType": "region or school.",
    "OperationError.code": "Stable machine-readable reason.",
    "OperationError.message": "What went wrong and what to do, in words.",
    "OperationError.fields": "Field-level (or cell-level) problems.",
    "FieldError.field": "The input field (or file column) at fault.",
    "FieldError.message": "What is wrong with it.",
    "FieldError.row": "Row of the uploaded file, when the problem is in a file.",
    "FieldError.value": "The value given (shortened).",
}


def describe(schema: GraphQLSchema) -> None:
    """Fill every missing type, field and argument description from this glossary (in place)."""
    for name, graphql_type in schema.type_map.items():
        if name.startswith("__"):
            continue
        if not graphql_type.description:
            graphql_type.description = _type_description(graphql_type)
        if isinstance(graphql_type, (GraphQLObjectType, GraphQLInterfaceType, GraphQLInputObjectType)):
            for field_name, field in graphql_type.fields.items():
                qualified = f"{name}.{field_name}"
                field.description = (
                    field.description
                    or BY_FIELD.get(qualified)
                    or next((v for k, v in BY_KIND.items() if qualified.endswith(k[1:]) and k[1:] != qualified), None)
                    or BY_NAME.get(field_name)
                )
                for arg_name, arg in getattr(field, "args", {}).items():
                    arg.description = (
                        arg.description or BY_FIELD.get(f"{qualified}.{arg_name}") or BY_NAME.get(arg_name)
                    )


_GENERATED = re.compile(r"^(\w+?)(Connection|Edge|OrderField|Order)$")


def _type_description(graphql_type: GraphQLNamedType) -> str | None:
    if isinstance(graphql_type, GraphQLUnionType):
        members = [t.name for t in graphql_type.types if t.name != "OperationError"]
        return f"The outcome of a mutation: {' or '.join(members)}, or an OperationError saying why nothing was done."
    origin = getattr((graphql_type.extensions or {}).get("strawberry-definition"), "origin", None)
    doc = " ".join(((origin.__doc__ if origin else None) or "").split("\n\n")[0].split())
    if doc and origin and not doc.startswith(f"{origin.__name__}("):  # a dataclass's generated repr is no description
        return doc.replace("``", "`")
    found = _GENERATED.match(graphql_type.name)
    if not found:
        return None
    item, kind = found.groups()
    return {
        "Connection": f"A page of {item} items, with its page info and the total count.",
        "Edge": f"One {item} and its cursor.",
        "Order": f"One sort key of a {item} list: a column and a direction.",
        "OrderField": f"The columns a {item} list can be sorted by.",
    }[kind]
