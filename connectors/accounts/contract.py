"""A chart row: a dotted code, its name and its depth."""

import pandera.pandas as pa
from pandera.typing import Series

from connectors.contract import Extracted

CHART_CODE = r"^\d(\.\d)?(\.\d{2}){0,3}(\.\d{4})?$"


class ChartContract(Extracted):
    """Kode rekening / kode sumber dana rows."""

    code: Series[str] = pa.Field(str_matches=CHART_CODE, description="code")  # repeats: see keys.drop_exact_repeats
    name: Series[str] = pa.Field(str_length={"min_value": 1}, description="name (Uraian)")
    level: Series[int] = pa.Field(ge=1, le=6, description="level")
