"""e-SPM quarterly achievement reports (Permendagri 59/2021 Ps. 24): recipients and mutu per service."""

from connectors.achievement.contract import MutuContract, ReportContract
from connectors.achievement.extract import AchievementConnector

__all__ = ["AchievementConnector", "MutuContract", "ReportContract"]
