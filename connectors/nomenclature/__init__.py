"""SIPD planning and budgeting nomenclature (urusan > bidang > program > kegiatan > sub kegiatan) and
SIPD's SPM tagging of sub kegiatan."""

from connectors.nomenclature.contract import NomenclatureContract, SpmTaggingContract
from connectors.nomenclature.extract import NomenclatureConnector, SpmTaggingConnector

__all__ = ["NomenclatureConnector", "NomenclatureContract", "SpmTaggingConnector", "SpmTaggingContract"]
