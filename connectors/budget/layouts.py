"""The derive steps of the budget layouts (``layouts/*.toml``): how a layout's working columns become
the columns of ``BudgetContract`` (exact amounts, Rekap 5 packages, DPA price x volume).

A layout file names its source columns and one of these steps; region, year, stage, agency and
sub kegiatan that a layout lacks come from ``-o`` options (see ``extract.OPTION_COLUMNS``).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from connectors.budget.contract import SEN, to_amount
from connectors.layouts import Layout
from hub.core.errors import BadInput


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


# The steps a budget layout file names in ``[settings] derive``: code, because they compute.
DERIVE: dict[str, Callable[[pd.DataFrame], pd.DataFrame]] = {
    "amounts": _amounts,
    "rekap5": _rekap5,
    "rincian": _rincian,
}


def derive_step(layout: Layout) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """The derive step a budget layout names (``amounts`` when it names none).

    Raises:
        BadInput: the layout names an unknown step.
    """
    name = str(layout.settings.get("derive", "amounts"))
    if name not in DERIVE:
        raise BadInput(f"layout {layout.name}: unknown derive step {name!r}; use one of {sorted(DERIVE)}")
    return DERIVE[name]
