"""Regions ordered by IP SPM, nationally or within a province, optionally for one urusan.

The whole ranking comes from one ``achievement.compute`` call (two statements), never from a query
per region: with an urusan filter the region value is that urusan's IP.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import ColumnElement

from hub.analytics.achievement import RegionAchievement, Scope, compute
from hub.analytics.scheme import Reader, Scheme


@dataclass(frozen=True)
class RankedRegion:
    """A region's place: equal IPs share a rank (1, 2, 2, 4); regions without a value come last."""

    rank: int | None
    region_code: str
    ip: Decimal | None
    achievement: RegionAchievement


async def rank_regions(
    db: Reader,
    scheme: Scheme,
    *,
    year: int,
    quarter: int | None = None,
    level: str = "KAB",
    province_code: str | None = None,
    field_code: str | None = None,
    readable: ColumnElement[bool] | None = None,
) -> list[RankedRegion]:
    """Regions of ``level`` (within ``province_code`` if given) from the highest IP down, counting
    only the reports ``readable`` admits (the caller's row rule)."""
    scope = Scope(
        year=year, quarter=quarter, level=level, field_code=field_code, region_prefix=province_code, readable=readable
    )
    achievements = sorted(
        (await compute(db, scheme, scope)).values(), key=lambda a: (a.ip is None, -(a.ip or Decimal(0)), a.region_code)
    )
    ranked: list[RankedRegion] = []
    for position, achievement in enumerate(achievements, start=1):
        if achievement.ip is None:
            rank = None
        elif ranked and ranked[-1].ip == achievement.ip:
            rank = ranked[-1].rank
        else:
            rank = position
        ranked.append(
            RankedRegion(rank=rank, region_code=achievement.region_code, ip=achievement.ip, achievement=achievement)
        )
    return ranked
