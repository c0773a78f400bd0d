"""What an e-SPM quarterly report row and a mutu item row must satisfy (docs/domain.md sections 3 and 5)."""

from typing import Any

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from connectors.base import REGION_CODE, RUPIAH_RULE, SERVICE_CODE, is_rupiah
from connectors.contract import Keyed

MUTU_KINDS = ("BARANG_JASA", "SDM")


class _Period(Keyed):
    """The key every e-SPM row starts with: region, year, quarter and service."""

    region_code: Series[str] = pa.Field(str_matches=REGION_CODE, description="Kode Wilayah")
    year: Series[int] = pa.Field(ge=2018, le=2100, description="Tahun")
    quarter: Series[int] = pa.Field(ge=1, le=4, description="Triwulan")
    service_code: Series[str] = pa.Field(str_matches=SERVICE_CODE, description="Kode Layanan")


class ReportContract(_Period):
    """Recipients targeted and served to standard (cumulative in the year), budget, problems."""

    targeted: Series[int] = pa.Field(ge=0, description="Jumlah Sasaran")
    served: Series[int] = pa.Field(ge=0, description="Jumlah Terlayani Sesuai Standar")
    budget_allocated: Series[Any] = pa.Field(nullable=True, description="Anggaran Dialokasikan")
    budget_realised: Series[Any] = pa.Field(nullable=True, description="Anggaran Terealisasi")
    problems: Series[str] = pa.Field(nullable=True, description="Permasalahan")
    solutions: Series[str] = pa.Field(nullable=True, description="Solusi")

    @pa.check("budget_allocated", "budget_realised", element_wise=True, error=RUPIAH_RULE)
    def _rupiah(cls, value: Any) -> bool:
        return is_rupiah(value)


class MutuContract(_Period):
    """One mutu item of a reported service: how much was required and how much was fulfilled."""

    item_code: Series[str] = pa.Field(str_matches=r"^[A-Z0-9][A-Z0-9.\-]*$", description="Kode Mutu")
    kind: Series[str] = pa.Field(isin=MUTU_KINDS, description="Jenis Mutu")
    name: Series[str] = pa.Field(nullable=True, description="Nama Mutu")
    required: Series[float] = pa.Field(ge=0, description="Jumlah Harus Dipenuhi")
    fulfilled: Series[float] = pa.Field(ge=0, description="Jumlah Terpenuhi")
    report_row: Series[pd.Int64Dtype] = pa.Field(nullable=True)  # set by the reader: the report it belongs to
