"""A budget line as the hub stores it: the Pandera contract every budget layout is normalised to,
and the exact-decimal amount parsing that keeps the rupiah total right."""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import pandera.pandas as pa
from pandera.typing import Series

from connectors.base import REGION_CODE, RUPIAH_RULE, is_rupiah
from connectors.contract import Extracted

SUB_ACTIVITY_CODE = r"^(\d\.\d{2}|X\.XX)\.\d{2}\.\d\.\d{2}\.\d{4}$"  # 1.02.02.2.01.0023; X.XX.01... = every urusan
ACCOUNT_CODE = r"^\d\.\d\.\d{2}\.\d{2}\.\d{2}\.\d{4}$"  # sub rincian objek, e.g. 5.2.03.01.01.0010
FUNDING_CODE = r"^\d+(\.\d+)*$"  # SIPD (2.2.01.08.02.0004) and older layouts (1.2.1.01.02)
STAGES = ("pagu_indikatif", "rka", "murni", "dpa", "perubahan", "dppa")
SEN = Decimal("0.01")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def to_amount(value: Any) -> Any:
    """An exact Decimal for an amount cell, or the cell unchanged when it is not a number.

    Text and integers are taken exactly (text with more than 2 decimals is kept as it is and
    rejected by the contract). Binary floats from XLSX/JSON cells are rounded to the sen
    (ROUND_HALF_UP on their shortest decimal form), so ``11847012.01`` stays ``11847012.01``.
    """
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return Decimal(repr(value)).quantize(SEN, ROUND_HALF_UP) if math.isfinite(value) else value
    text = str(value).strip()
    if text == "":
        return None
    if not _NUMBER.match(text):
        return value
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
        return value


class BudgetContract(Extracted):
    """One budget line: where (region, year, stage, agency), what (sub kegiatan, account, funding
    source, package) and how much (exact rupiah)."""

    region_code: Series[str] = pa.Field(str_matches=REGION_CODE, description="region code")
    fiscal_year: Series[int] = pa.Field(ge=2000, le=2100, description="fiscal year (TAHUN)")
    stage: Series[str] = pa.Field(isin=list(STAGES), description="budget stage")
    agency_code: Series[str] = pa.Field(nullable=True, str_length={"max_value": 32}, description="agency code (SKPD)")
    agency_name: Series[str] = pa.Field(nullable=True, str_length={"max_value": 256}, description="agency name")
    sub_activity_code: Series[str] = pa.Field(str_matches=SUB_ACTIVITY_CODE, description="sub kegiatan code")
    account_code: Series[str] = pa.Field(
        nullable=True, str_matches=ACCOUNT_CODE, description="account code (kode rekening)"
    )
    funding_source_code: Series[str] = pa.Field(
        nullable=True, str_matches=FUNDING_CODE, description="funding source code (sumber dana)"
    )
    package_name: Series[str] = pa.Field(nullable=True, description="package (paket/kelompok)")
    planned_amount: Series[object] = pa.Field(description="planned amount (PAGU)")
    realised_amount: Series[object] = pa.Field(nullable=True, description="realised amount")
    line_key: Series[str] = pa.Field(description="line key")

    @pa.check("planned_amount", "realised_amount", element_wise=True, error=RUPIAH_RULE)
    def _amount(cls, value: Any) -> bool:
        return isinstance(value, Decimal) and is_rupiah(value)  # to_amount turned every number into a Decimal
