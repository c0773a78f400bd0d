"""A population row: people of one age and sex in one kelurahan/desa of one kabupaten/kota."""

import pandera.pandas as pa
from pandera.typing import Series

from connectors.contract import Keyed

REGION_CODE = r"^\d{2}\.\d{2}$"


class PopulationContract(Keyed):
    """Dukcapil counts by single year of age (long format)."""

    region_code: Series[str] = pa.Field(str_matches=REGION_CODE, description="region (-o region=)")
    year: Series[int] = pa.Field(ge=1900, le=2100, description="tahun")
    district: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 128}, description="kecamatan")
    village: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 128}, description="kelurahan")
    sex: Series[str] = pa.Field(isin=["L", "P"], description="kelamin (L or P)")
    age: Series[int] = pa.Field(ge=0, le=120, description="umur (years)")
    count: Series[int] = pa.Field(ge=0, description="jumlah")
