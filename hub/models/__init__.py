"""Every table module, imported so ``SQLModel.metadata`` is complete for Alembic."""

from hub.core.vocabulary import LINK_STATUSES
from hub.models.achievement import AchievementReport, MutuFulfilment
from hub.models.assistance import (
    AssistanceSession,
    Cluster,
    ClusterMember,
    Decision,
    FollowUp,
    ReadinessCheck,
    SessionParticipant,
    SessionRegion,
)
from hub.models.budget import Account, BudgetLine, FundingSource
from hub.models.catalogue import (
    AchievementScheme,
    CategoryBand,
    MutuStandard,
    RecipientAgeBand,
    SpmField,
    SpmService,
)
from hub.models.costing import ItemList, PriceEdition, PriceMatch, RecipientItem, UnitPrice
from hub.models.cycle import (
    ActionPlan,
    PlanAction,
    ProblemKind,
    ProblemReport,
    ProblemReportKind,
    QuarterSubmission,
    ReportingDeadline,
    StageRecord,
    TeamDecree,
    TeamMember,
)
from hub.models.education import RaporIndicator, RaporValue, School
from hub.models.ingest import IngestRun, QuarantinedRow
from hub.models.links import LinkEvent, ServiceLink
from hub.models.nomenclature import LEVELS, NomenclatureChange, NomenclatureEdition, NomenclatureNode
from hub.models.population import PopulationCount
from hub.models.region import Region
from hub.models.security import ApiToken, AuditEvent

__all__ = [
    "LEVELS",
    "LINK_STATUSES",
    "Account",
    "AchievementReport",
    "AchievementScheme",
    "ActionPlan",
    "ApiToken",
    "AssistanceSession",
    "AuditEvent",
    "BudgetLine",
    "CategoryBand",
    "Cluster",
    "ClusterMember",
    "Decision",
    "FollowUp",
    "FundingSource",
    "IngestRun",
    "ItemList",
    "LinkEvent",
    "MutuFulfilment",
    "MutuStandard",
    "NomenclatureChange",
    "NomenclatureEdition",
    "NomenclatureNode",
    "PlanAction",
    "PopulationCount",
    "PriceEdition",
    "PriceMatch",
    "ProblemKind",
    "ProblemReport",
    "ProblemReportKind",
    "QuarantinedRow",
    "QuarterSubmission",
    "RaporIndicator",
    "RaporValue",
    "ReadinessCheck",
    "RecipientAgeBand",
    "RecipientItem",
    "Region",
    "ReportingDeadline",
    "School",
    "ServiceLink",
    "SessionParticipant",
    "SessionRegion",
    "SpmField",
    "SpmService",
    "StageRecord",
    "TeamDecree",
    "TeamMember",
    "UnitPrice",
]
