"""A mapping row: "sub kegiatan X of edition E serves SPM service Y", with its review status."""

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from connectors.base import SERVICE_CODE
from connectors.contract import Keyed
from hub.core.vocabulary import GOVERNMENT_LEVELS, LINK_STATUSES, SERVICE_LEVELS

SUB_ACTIVITY_CODE = r"^\d\.\d{2}\.\d{2}\.\d\.\d{2}\.\d{4}$"
# the level column in either vocabulary, the services' (PROV, KAB) or the nomenclature's (PROV, KABKOT),
# to the government level of the nomenclature node
LEVEL_WORDS = {**{service: level for level, service in SERVICE_LEVELS.items()}, **{g: g for g in GOVERNMENT_LEVELS}}


class LinkContract(Keyed):
    """ServiceLink rows as planning offices keep them (CSV, XLSX or the hub's mapping workbook)."""

    link_id: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, description="link_id")
    edition: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 64}, description="edition")
    level: Series[str] = pa.Field(isin=sorted(LEVEL_WORDS), nullable=True, description="level")
    sub_activity_code: Series[str] = pa.Field(
        str_matches=SUB_ACTIVITY_CODE, description="sub_activity_code (sub kegiatan, e.g. 1.01.02.2.01.0001)"
    )
    service_code: Series[str] = pa.Field(str_matches=SERVICE_CODE, description="service_code (e.g. DIK.KAB.02)")
    status: Series[str] = pa.Field(isin=list(LINK_STATUSES), description="status (proposed, approved or rejected)")
    note: Series[str] = pa.Field(nullable=True, description="note")
