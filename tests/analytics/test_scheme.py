"""The IP SPM arithmetic reproduces DOMAIN.md §3.6 digit for digit, with the shipped scheme's data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hub import models, reference
from hub.analytics.achievement import ServiceAchievement, roll_up
from hub.analytics.scheme import Scheme, ServiceScore, mean, mutu_pct, score_service

# DOMAIN.md §3.6: KES.KAB.01 in Kab. Timor Tengah Selatan, TA 2024
TARGETED, SERVED = 9_000, 7_650
MUTU = [
    (Decimal(9_000), Decimal(9_000)),
    (Decimal(810_000), Decimal(648_000)),
    (Decimal(9_000), Decimal(8_100)),
    (Decimal(300), Decimal(270)),
]


def shipped_scheme(**overrides: str) -> Scheme:
    data = reference.read_catalogue()["schemes"][0]
    row = models.AchievementScheme(
        code=data["code"],
        valid_from=date(2022, 1, 1),
        description="",
        display_decimals=data["display_decimals"],
        weight_recipients=Decimal(data["weight_recipients"]),
        weight_mutu=Decimal(data["weight_mutu"]),
        mutu_method=overrides.get("mutu_method", data["mutu_method"]),
        zero_target_rule=overrides.get("zero_target_rule", data["zero_target_rule"]),
    )
    bands = [
        models.CategoryBand(scheme_code=row.code, label=b["label"], min_ip=Decimal(b["min_ip"]), rank=b["rank"])
        for b in data["bands"]
    ]
    return Scheme.from_rows(row, bands)


def test_worked_example_service() -> None:
    scheme = shipped_scheme()
    score = score_service(scheme, targeted=TARGETED, served=SERVED, items=MUTU)
    assert scheme.display(score.recipients_pct) == Decimal("85.00")
    assert scheme.display(score.mutu_pct) == Decimal("90.00")
    assert scheme.display(score.ip) == Decimal("86.00")
    assert scheme.category(score.ip) == "Tuntas Madya"


def test_worked_example_region_roll_up() -> None:
    scheme = shipped_scheme()
    urusan = {"DIK": "78.40", "KES": "86.10", "PU": "64.25", "PERKIM": "100.00", "TRANTIB": "91.30", "SOS": "70.00"}
    services = [
        ServiceAchievement(
            "53.02",
            f"{code}.KAB.01",
            code,
            2024,
            4,
            1,
            1,
            index,
            ServiceScore(None, None, Decimal(ip), applicable=True, mutu_reported=True),
        )
        for index, (code, ip) in enumerate(urusan.items())
    ]
    region = roll_up(services, year=2024, quarter=None)["53.02"]
    assert region.ip == Decimal("81.675")
    assert scheme.display(region.ip) == Decimal("81.68")
    assert scheme.category(region.ip) == "Tuntas Madya"


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        ("MEAN_OF_RATIOS", Decimal(90)),
        # (9000 + 648000 + 8100 + 270) / (9000 + 810000 + 9000 + 300)
        ("RATIO_OF_SUMS", Decimal(665_370) / Decimal(828_300) * 100),
        ("BINARY", Decimal(25)),
    ],
)
def test_mutu_methods(method: str, expected: Decimal) -> None:
    assert mutu_pct(MUTU, method) == expected


def test_zero_target_rules() -> None:
    excluded = score_service(shipped_scheme(), targeted=0, served=0, items=MUTU)
    assert (excluded.applicable, excluded.ip) == (False, None)
    full = score_service(shipped_scheme(zero_target_rule="COUNT_AS_FULL"), targeted=0, served=0, items=[])
    assert full.ip == Decimal(100)
    assert mean([Decimal(80), None, Decimal(90)]) == Decimal(85)


def test_band_edges_and_recipient_cap() -> None:
    scheme = shipped_scheme()
    assert scheme.category(Decimal(100)) == "Tuntas Paripurna"
    assert scheme.category(Decimal("99.999")) == "Tuntas Utama"
    assert scheme.category(Decimal("59.99")) == "Belum Tuntas"
    capped = score_service(scheme, targeted=10, served=10, items=[(Decimal(1), Decimal(5))])
    assert capped.ip == Decimal(100)
    no_mutu = score_service(scheme, targeted=10, served=5, items=[])
    assert (no_mutu.mutu_pct, no_mutu.ip, no_mutu.mutu_reported) == (None, Decimal(40), False)
