"""The IP SPM arithmetic (docs/domain.md §3), driven by a stored ``AchievementScheme``: weights, mutu
method, zero-target rule and category bands are data, never constants here. Everything is Decimal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple, Protocol

from sqlmodel import col, select

from hub import models
from hub.core.errors import NotFound

ZERO, ONE, HUNDRED = Decimal(0), Decimal(1), Decimal(100)
MUTU_METHODS = ("MEAN_OF_RATIOS", "RATIO_OF_SUMS", "BINARY")
ZERO_TARGET_RULES = ("NOT_APPLICABLE", "COUNT_AS_FULL")


@dataclass(frozen=True)
class Scheme:
    """One achievement scheme with its bands sorted from the highest threshold down."""

    code: str
    weight_recipients: Decimal
    weight_mutu: Decimal
    mutu_method: str
    zero_target_rule: str
    display_decimals: int
    bands: tuple[tuple[Decimal, str], ...]

    @classmethod
    def from_rows(cls, scheme: models.AchievementScheme, bands: Iterable[models.CategoryBand]) -> Scheme:
        """Build from the stored rows (``bands`` of this scheme, any order)."""
        if scheme.mutu_method not in MUTU_METHODS or scheme.zero_target_rule not in ZERO_TARGET_RULES:
            raise NotFound(
                f"Scheme {scheme.code}: unknown mutu method {scheme.mutu_method!r} "
                f"or zero-target rule {scheme.zero_target_rule!r}"
            )
        ordered = sorted(((Decimal(b.min_ip), b.label) for b in bands), reverse=True)
        return cls(
            code=scheme.code,
            weight_recipients=Decimal(scheme.weight_recipients),
            weight_mutu=Decimal(scheme.weight_mutu),
            mutu_method=scheme.mutu_method,
            zero_target_rule=scheme.zero_target_rule,
            display_decimals=scheme.display_decimals,
            bands=tuple(ordered),
        )

    def category(self, ip: Decimal | None) -> str | None:
        """The kategori capaian of an (unrounded) IP: the band with the highest ``min_ip`` <= IP."""
        if ip is None:
            return None
        return next((label for threshold, label in self.bands if ip >= threshold), None)

    def display(self, value: Decimal | None) -> Decimal | None:
        """Rounded half-up to the scheme's display decimals (rounding only on display, §3.6)."""
        if value is None:
            return None
        return value.quantize(Decimal(1).scaleb(-self.display_decimals), rounding=ROUND_HALF_UP)


class ServiceScore(NamedTuple):
    """IP SPM of one service in one period. ``ip`` is None when the service is not applicable.

    A named tuple: a national ranking scores some 15,000 reports and a frozen dataclass costs about
    three times as much to build."""

    recipients_pct: Decimal | None
    mutu_pct: Decimal | None
    ip: Decimal | None
    applicable: bool
    mutu_reported: bool


def recipients_pct(served: int, targeted: int) -> Decimal:
    """P% = min(served / target, 1) x 100, for a positive target."""
    return min(Decimal(served) / Decimal(targeted), ONE) * HUNDRED


def mutu_pct(items: Sequence[tuple[Decimal, Decimal]], method: str) -> Decimal | None:
    """M% over (required, fulfilled) items by ``method``; None when there are no items.

    Items with nothing required are met by definition (ratio 1).
    """
    if not items:
        return None
    if method == "RATIO_OF_SUMS":
        required = sum((r for r, _ in items), ZERO)
        fulfilled = sum((min(f, r) for r, f in items), ZERO)
        return HUNDRED if required == 0 else fulfilled / required * HUNDRED
    if method == "BINARY":
        ratios = [ONE if f >= r else ZERO for r, f in items]
    else:
        ratios = [ONE if r == 0 else min(f / r, ONE) for r, f in items]
    return sum(ratios, ZERO) / len(ratios) * HUNDRED


def score_service(
    scheme: Scheme, *, targeted: int, served: int, items: Sequence[tuple[Decimal, Decimal]]
) -> ServiceScore:
    """IP = w_p x P% + w_m x M%. A zero target follows the scheme's rule; a report without mutu
    items scores M% = 0 (nothing demonstrated) and says so in ``mutu_reported``."""
    if targeted == 0:
        if scheme.zero_target_rule == "COUNT_AS_FULL":
            return ServiceScore(HUNDRED, HUNDRED, HUNDRED, True, bool(items))
        return ServiceScore(None, None, None, False, bool(items))
    p = recipients_pct(served, targeted)
    m = mutu_pct(items, scheme.mutu_method)
    ip = scheme.weight_recipients * p + scheme.weight_mutu * (m if m is not None else ZERO)
    return ServiceScore(p, m, ip, True, m is not None)


def mean(values: Iterable[Decimal | None]) -> Decimal | None:
    """Unweighted mean of the present values (None values are not applicable and excluded)."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    return sum(present, ZERO) / len(present)


class Reader(Protocol):
    """What the analytics need from a database handle: ``hub.db.request.RequestDB`` is one."""

    async def all(self, statement: Any) -> Sequence[Any]:
        """Every result of ``statement``."""
        ...

    async def rows(self, statement: Any) -> Sequence[Any]:
        """Every row of a column select, without ORM processing (for large results)."""
        ...


async def load_scheme(db: Reader, year: int) -> Scheme:
    """The scheme in force in ``year``: the latest ``valid_from`` on or before 31 December.

    Raises:
        NotFound: no scheme is loaded for that year (run ``spm-hub catalogue load``), or the year is
            not a calendar year at all (0, negative, past 9999).
    """
    if not date.min.year <= year <= date.max.year:
        raise NotFound(f"No achievement scheme is valid in {year}: not a calendar year.")
    scheme_rows = await db.all(
        select(models.AchievementScheme)
        .where(col(models.AchievementScheme.valid_from) <= date(year, 12, 31))
        .order_by(col(models.AchievementScheme.valid_from).desc())
        .limit(1)
    )
    if not scheme_rows:
        raise NotFound(f"No achievement scheme is valid in {year}; load the SPM catalogue first.")
    scheme = scheme_rows[0]
    bands = await db.all(select(models.CategoryBand).where(models.CategoryBand.scheme_code == scheme.code))
    return Scheme.from_rows(scheme, bands)
