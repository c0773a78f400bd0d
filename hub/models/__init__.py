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
    "LinkEvent",
    "MutuFulfilment",
    "MutuStandard",
    "NomenclatureChange",
    "NomenclatureEdition",
    "NomenclatureNode",
    "PopulationCount",
    "QuarantinedRow",
    "RaporIndicator",
    "RaporValue",
    "ReadinessCheck",
    "RecipientAgeBand",
    "Region",
    "School",
    "ServiceLink",
    "SessionParticipant",
    "SessionRegion",
    "SpmField",
    "SpmService",
]
