"""A minutes row: one follow-up of one numbered decision, with its owner, deadline and status."""

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from connectors.base import REGION_CODE
from connectors.contract import Extracted
from hub.core.vocabulary import FOLLOW_UP_CONCERNS, FOLLOW_UP_STATUSES

ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


class MinutesContract(Extracted):
    """Rows of the minutes sheet, after the connector turned Bahasa words and dates into codes."""

    follow_up_id: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, description="ID")
    decision_number: Series[pd.Int64Dtype] = pa.Field(ge=1, description="No. Keputusan")
    decision: Series[str] = pa.Field(str_length={"min_value": 1}, description="Keputusan")
    action: Series[str] = pa.Field(str_length={"min_value": 1}, description="Tindak Lanjut")
    owner_region_code: Series[str] = pa.Field(str_matches=REGION_CODE, description="Kode Wilayah (e.g. 53.01)")
    owner_opd: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 128}, description="OPD")
    owner_role: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 64}, description="Peran")
    contact_name: Series[str] = pa.Field(nullable=True, str_length={"max_value": 128}, description="Narahubung")
    due_on: Series[str] = pa.Field(str_matches=ISO_DATE, description="Batas Waktu (a date)")
    status: Series[str] = pa.Field(isin=list(FOLLOW_UP_STATUSES), description="Status")
    reason: Series[str] = pa.Field(nullable=True, description="Alasan Dibatalkan")
    evidence: Series[str] = pa.Field(nullable=True, description="Bukti Penyelesaian")
    closed_on: Series[str] = pa.Field(nullable=True, str_matches=ISO_DATE, description="Tanggal Selesai (a date)")
    concerns: Series[str] = pa.Field(nullable=True, isin=list(FOLLOW_UP_CONCERNS), description="Terkait")
    concerns_ref: Series[str] = pa.Field(nullable=True, str_length={"max_value": 64}, description="Kode Terkait")
