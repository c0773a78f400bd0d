"""The budget file layouts the connector recognises, each mapped to the columns of ``BudgetContract``.

A layout names its source columns (matched case- and space-insensitively) and how to derive the
contract's columns from them. Region, year, stage, agency and sub kegiatan that a layout lacks
come from ``-o`` options (see ``extract.OPTION_COLUMNS``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from connectors.budget.contract import SEN, to_amount
from connectors.reading import header_key


@dataclass(frozen=True)
class Layout:
    """One file shape: source column -> working column, and the step that derives contract columns."""

    name: str
    columns: dict[str, str]
    derive: Callable[[pd.DataFrame], pd.DataFrame]
    optional: frozenset[str] = frozenset()
    unique: tuple[str, ...] = ()  # a key each row must hold alone (summary-level layouts)


def _amounts(frame: pd.DataFrame) -> pd.DataFrame:
    for column in ("planned_amount", "realised_amount", "stated_amount"):
        if column in frame:
            frame[column] = frame[column].map(to_amount).astype(object)
    return frame


def _rekap5(frame: pd.DataFrame) -> pd.DataFrame:
    """SIPD "Rekap 5": a row without rekening, sumber dana and PAGU is a sub kegiatan listed with no
    allocation; it loads as a line of Rp 0 without account, so the sub kegiatan stays visible."""
    frame = _amounts(frame)
    kinds = frame.pop("package_kind") if "package_kind" in frame else [None] * len(frame)
    frame["package_name"] = [
        f"{kind}: {name}" if kind and name else name for kind, name in zip(kinds, frame["package_name"], strict=True)
    ]
    unallocated = frame["planned_amount"].isna() & frame["account_code"].isna() & frame["funding_source_code"].isna()
    frame["planned_amount"] = frame["planned_amount"].mask(unallocated, Decimal(0))
    return frame


def _volume(value: Any) -> Decimal | None:
    """``12`` or ``"40;2"`` (volume per dimension, e.g. lembar;bulan) -> their product."""
    product = Decimal(1)
    for part in str(value).split(";") if isinstance(value, str) else [value]:
        amount = to_amount(part)
        if not isinstance(amount, Decimal):
            return None
        product *= amount
    return product


def _rincian(frame: pd.DataFrame) -> pd.DataFrame:
    """DPA rincian: JUMLAH = HARGA SAT. KOMPONEN x VOLUME, rounded to the sen (half up)."""
    frame = _amounts(frame)
    planned: list[Any] = []
    for price, volume in zip(frame.pop("price"), frame.pop("volume"), strict=True):
        price_amount, volume_amount = to_amount(price), _volume(volume)
        if isinstance(price_amount, Decimal) and volume_amount is not None:
            planned.append((price_amount * volume_amount).quantize(SEN, ROUND_HALF_UP))
        else:
            planned.append(None if price is None else f"{price} x {volume}")
    frame["planned_amount"] = pd.Series(planned, index=frame.index, dtype=object)
    groups = frame.pop("group_name") if "group_name" in frame else [None] * len(frame)
    units = frame.pop("unit") if "unit" in frame else [None] * len(frame)
    frame["package_name"] = [
        " / ".join(str(p) for p in (group, name) if p) + (f" ({unit})" if unit else "") or None
        for group, name, unit in zip(groups, frame.pop("component"), units, strict=True)
    ]
    return frame


LAYOUTS: tuple[Layout, ...] = (
    Layout(
        "sipd_rekap5",
        {
            "TAHUN": "fiscal_year",
            "KODE SUB UNIT": "agency_code",
            "NAMA SUB UNIT": "agency_name",
            "KODE SUB KEGIATAN": "sub_activity_code",
            "KODE SUMBER DANA": "funding_source_code",
            "KODE REKENING": "account_code",
            "PAKET/KELOMPOK": "package_kind",
            "NAMA PAKET/KELOMPOK": "package_name",
            "PAGU": "planned_amount",
        },
        _rekap5,
        optional=frozenset({"package_kind"}),
    ),
    Layout(
        "sipd_pagu_sub_kegiatan",
        {
            "kode_skpd": "agency_code",
            "nama_skpd": "agency_name",
            "kode_sub_giat": "sub_activity_code",
            "pagu_sub_giat": "planned_amount",
        },
        _amounts,
        unique=("agency_code", "sub_activity_code"),
    ),
    Layout(
        "dpa_sub_kegiatan",
        {
            "KODE SUB KEGIATAN": "sub_activity_code",
            "SUMBER DANA": "funding_source_code",
            "JUMLAH PAGU": "planned_amount",
        },
        _amounts,
        unique=("sub_activity_code", "funding_source_code"),
    ),
    Layout(
        "dpa_rincian",
        {
            "KODE AKUN": "account_code",
            "KELOMPOK": "group_name",
            "NAMA KOMPONEN": "component",
            "HARGA SAT. KOMPONEN": "price",
            "SATUAN": "unit",
            "VOLUME": "volume",
            "JUMLAH": "stated_amount",
            "KODE SUMBER DANA": "funding_source_code",
        },
        _rincian,
        optional=frozenset({"group_name", "unit", "stated_amount"}),
    ),
    Layout(
        "hub_csv",
        {
            "region_code": "region_code",
            "fiscal_year": "fiscal_year",
            "stage": "stage",
            "agency_code": "agency_code",
            "agency_name": "agency_name",
            "sub_activity_code": "sub_activity_code",
            "account_code": "account_code",
            "funding_source_code": "funding_source_code",
            "package_name": "package_name",
            "planned_amount": "planned_amount",
            "realised_amount": "realised_amount",
        },
        _amounts,
        optional=frozenset(
            {
                "stage",
                "agency_code",
                "agency_name",
                "account_code",
                "funding_source_code",
                "package_name",
                "realised_amount",
            }
        ),
    ),
)


def pick_layout(header: list[str]) -> Layout | None:
    """The layout whose columns the header holds most of (ties: the first listed); None if none match."""
    present = {header_key(name) for name in header}
    best, best_score = None, 0
    for layout in LAYOUTS:
        score = sum(header_key(source) in present for source in layout.columns)
        if score > best_score:
            best, best_score = layout, score
    return best
