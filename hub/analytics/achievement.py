"""IP SPM per service, per urusan and per region for a year and quarter (docs/domain.md §3.4).

One statement whatever the number of regions: the reports in scope (with their service's urusan)
joined to their mutu items, in report then item order. The arithmetic then runs once over the rows
in Decimal, because SQLite has no exact division (and ``ipExact`` shows every digit, so the items are
summed in one fixed order on every database). A quarter's value is the cumulative served-to-standard
against the annual target (reports are cumulative to date); with no quarter, each service's latest
quarter of the year counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, and_, func, true
from sqlmodel import select

from hub import models
from hub.analytics.scheme import Reader, Scheme, ServiceScore, mean, score_service
from hub.listing.statements import in_region


class ServiceAchievement(NamedTuple):
    """One service of one region in one period (a named tuple: cheap to build by the ten thousand)."""

    region_code: str
    service_code: str
    field_code: str
    year: int
    quarter: int
    targeted: int
    served: int
    report_id: int
    score: ServiceScore


@dataclass(frozen=True)
class UrusanAchievement:
    """Mean IP of the applicable services of one urusan."""

    field_code: str
    ip: Decimal | None
    services: tuple[ServiceAchievement, ...]


@dataclass(frozen=True)
class RegionAchievement:
    """Mean IP over the urusan of one region, with the urusan and service details."""

    region_code: str
    year: int
    quarter: int | None
    ip: Decimal | None
    urusan: tuple[UrusanAchievement, ...] = field(default_factory=tuple)

    @property
    def services(self) -> list[ServiceAchievement]:
        """Every reported service, urusan by urusan."""
        return [service for urusan in self.urusan for service in urusan.services]


@dataclass(frozen=True)
class Scope:
    """Which reports count: a year, an optional quarter, and optional region / urusan filters."""

    year: int
    quarter: int | None = None
    region_codes: Sequence[str] | None = None
    region_prefix: str | None = None
    level: str | None = None
    field_code: str | None = None
    readable: ColumnElement[bool] | None = None  # the caller's row rule (hub.access.auth.readable); None: all rows


def reports_statement(scope: Scope) -> Select[Any]:
    """Reports in scope with their service's urusan; the latest quarter per service when no quarter."""
    report, service, region = models.AchievementReport, models.SpmService, models.Region
    query = (
        select(
            report.id,
            report.region_code,
            report.service_code,
            service.field_code,
            report.quarter,
            report.targeted,
            report.served,
        )
        .join(service, service.code == report.service_code)
        .where(report.year == scope.year)
    )
    visible = scope.readable if scope.readable is not None else true()
    if scope.quarter is not None:
        query = query.where(report.quarter == scope.quarter)
    else:  # the latest quarter the caller may see
        latest = (
            select(report.region_code, report.service_code, func.max(report.quarter).label("quarter"))
            .where(report.year == scope.year, visible)
            .group_by(report.region_code, report.service_code)
            .subquery()
        )
        query = query.join(
            latest,
            and_(
                latest.c.region_code == report.region_code,
                latest.c.service_code == report.service_code,
                latest.c.quarter == report.quarter,
            ),
        )
    query = query.where(visible)
    if scope.region_codes is not None:
        query = query.where(report.region_code.in_(scope.region_codes))
    if scope.region_prefix is not None:
        query = query.where(in_region(report.region_code, scope.region_prefix))
    if scope.level is not None:
        query = query.join(region, region.code == report.region_code).where(region.government_level == scope.level)
    if scope.field_code is not None:
        query = query.where(service.field_code == scope.field_code)
    return query


async def compute(db: Reader, scheme: Scheme, scope: Scope) -> dict[str, RegionAchievement]:
    """IP SPM of every region with a report in scope, keyed by region code."""
    report, mutu = models.AchievementReport, models.MutuFulfilment
    rows = await db.rows(
        reports_statement(scope)
        .add_columns(mutu.required, mutu.fulfilled)
        .outerjoin(mutu, mutu.report_id == report.id)
        .order_by(report.id, mutu.id)
    )
    services = []
    for _, group in groupby(rows, key=itemgetter(0)):
        members = list(group)
        report_id, region_code, service_code, field_code, quarter, targeted, served, _, _ = members[0]
        items = [(required, fulfilled) for *_, required, fulfilled in members if required is not None]
        services.append(
            ServiceAchievement(
                region_code,
                service_code,
                field_code,
                scope.year,
                quarter,
                targeted,
                served,
                report_id,
                score_service(scheme, targeted=targeted, served=served, items=items),
            )
        )
    return roll_up(services, year=scope.year, quarter=scope.quarter)


def roll_up(services: Iterable[ServiceAchievement], *, year: int, quarter: int | None) -> dict[str, RegionAchievement]:
    """Urusan = mean of its applicable services; region = mean of its urusan (not-applicable excluded)."""
    by_region: dict[str, dict[str, list[ServiceAchievement]]] = defaultdict(lambda: defaultdict(list))
    for service in services:
        by_region[service.region_code][service.field_code].append(service)
    result = {}
    for region_code, fields in by_region.items():
        urusan = tuple(
            UrusanAchievement(
                field_code=code,
                ip=mean(s.score.ip for s in members),
                services=tuple(sorted(members, key=lambda s: s.service_code)),
            )
            for code, members in sorted(fields.items())
        )
        result[region_code] = RegionAchievement(
            region_code=region_code, year=year, quarter=quarter, ip=mean(u.ip for u in urusan), urusan=urusan
        )
    return result
