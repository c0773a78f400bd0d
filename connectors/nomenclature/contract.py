"""A nomenclature node row (urusan, bidang, program, kegiatan or sub kegiatan) and the code formats."""

import re

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from connectors.contract import Extracted, Keyed
from hub.core.vocabulary import GOVERNMENT_LEVELS

# One pattern per level (1 urusan .. 5 sub kegiatan); `X.XX` is SIPD's placeholder for the support
# programs every agency shares.
LEVEL_PATTERNS = (
    r"[1-9X]",
    r"[1-9X]\.(?:\d{2}|XX)",
    r"[1-9X]\.(?:\d{2}|XX)\.\d{2}",
    r"[1-9X]\.(?:\d{2}|XX)\.\d{2}\.\d\.\d{2}",
    r"[1-9X]\.(?:\d{2}|XX)\.\d{2}\.\d\.\d{2}\.\d{4}",
)
LEVEL_EXAMPLES = ("1", "1.01", "1.01.02", "1.01.02.2.01", "1.01.02.2.01.0001")
ANY_CODE = "^(?:" + "|".join(LEVEL_PATTERNS) + ")$"
LEVEL_RES = tuple(re.compile(f"^{pattern}$") for pattern in LEVEL_PATTERNS)
SUB_KEGIATAN_CODE = re.compile(r"[1-9X]\.(?:\d{2}|XX)\.\d{2}\.\d\.\d{2}\.\d{4}")


class NomenclatureContract(Keyed):
    """One node of the hierarchy as the connector emits it (ancestors once, then each sub kegiatan)."""

    code: Series[str] = pa.Field(str_matches=ANY_CODE, description="code")
    name: Series[str] = pa.Field(str_length={"min_value": 1}, description="name")
    level: Series[int] = pa.Field(ge=1, le=5, description="level")
    parent_code: Series[str] = pa.Field(nullable=True, description="parent code")
    government_level: Series[str] = pa.Field(isin=list(GOVERNMENT_LEVELS), nullable=True, description="JENIS PEMDA")
    performance: Series[str] = pa.Field(nullable=True, description="KINERJA")
    indicator: Series[str] = pa.Field(nullable=True, description="INDIKATOR")
    unit: Series[str] = pa.Field(nullable=True, str_length={"max_value": 128}, description="SATUAN")
    spm: Series[str] = pa.Field(isin=["SPM", "NON-SPM"], nullable=True, description="SPM")
    kind: Series[str] = pa.Field(nullable=True, str_length={"max_value": 32}, description="JENIS")
    predecessor_code: Series[str] = pa.Field(
        nullable=True, str_matches=SUB_KEGIATAN_CODE.pattern, description="SUBKEGIATAN SEBELUMNYA"
    )
    tags: Series[str] = pa.Field(nullable=True, str_length={"max_value": 512}, description="TAG")
    name_derived: Series[bool] = pa.Field(description="name derived (not in the source)")
    duplicate_of: Series[pd.Int64Dtype] = pa.Field(nullable=True, description="first row of the same code")


class SpmTaggingContract(Extracted):
    """A sub kegiatan tagged SPM in SIPD (``kode``, ``bidang``)."""

    code: Series[str] = pa.Field(str_matches=f"^{LEVEL_PATTERNS[4]}$", unique=True, description="kode")
    field_label: Series[str] = pa.Field(nullable=True, description="bidang")
