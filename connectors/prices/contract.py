"""What a row of a Standar Satuan Harga (regional unit-price list) must satisfy."""

from typing import Any

import pandera.pandas as pa
from pandera.typing import Series

from connectors.base import RUPIAH_RULE, is_rupiah
from connectors.contract import Keyed


class PriceContract(Keyed):
    """One priced item: asset-class group, item, specification (often the place), unit, price, accounts."""

    group_code: Series[str] = pa.Field(nullable=True, str_length={"max_value": 32}, description="KODE KELOMPOK BARANG")
    group_name: Series[str] = pa.Field(nullable=True, description="URAIAN KELOMPOK BARANG")
    name: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 512}, description="URAIAN BARANG")
    specification: Series[str] = pa.Field(nullable=True, description="SPESIFIKASI")
    unit: Series[str] = pa.Field(nullable=True, str_length={"max_value": 64}, description="SATUAN")
    price: Series[Any] = pa.Field(description="HARGA SATUAN")
    account_codes: Series[str] = pa.Field(nullable=True, description="KODE REKENING")
    price_key: Series[str]

    @pa.check("price", element_wise=True, error=RUPIAH_RULE + " and not empty")
    def _rupiah(cls, value: Any) -> bool:
        return value is not None and not (isinstance(value, float) and value != value) and is_rupiah(value)
