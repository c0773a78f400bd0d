"""A mapping row: "sub kegiatan X of edition E serves SPM service Y", with a review status."""

import pandera.pandas as pa
from pandera.typing import Series

SUB_ACTIVITY_CODE = r"^\d(\.\d{2}){2}\.\d\.\d{2}\.\d{4}$"


class MappingContract(pa.DataFrameModel):
    """Columns: service_code, sub_activity_code, edition, status, note."""

    service_code: Series[str] = pa.Field(str_matches=r"^[A-Z]+\.(PROV|KAB)\.\d{2}$", description="service_code")
    sub_activity_code: Series[str] = pa.Field(str_matches=SUB_ACTIVITY_CODE, description="sub_activity_code")
    edition: Series[str] = pa.Field(str_length={"min_value": 1}, description="edition")
    status: Series[str] = pa.Field(isin=["proposed", "approved", "rejected"], description="status")
    note: Series[str] = pa.Field(nullable=True, description="note")

    class Config:
        coerce = True
        strict = "filter"
        unique = ["service_code", "sub_activity_code", "edition"]  # noqa: RUF012 (pandera reads a list)
