"""Penghitungan kebutuhan: entitled recipients of each age-defined service, counted in SQL from
population by single year of age and the catalogue's recipient age bands (bands are data).

A kabupaten/kota is counted from its own population rows; a province from the rows of all its
kabupaten/kota, against the province's services. The region's reported target is the latest
quarter's ``targeted`` of the year (e-SPM reports are cumulative and repeat the annual target;
the latest quarter carries any revision). It is compared only at region level.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, exists, func
from sqlmodel import col, select

from hub.analytics.plan import Plan
from hub.core.errors import BadInput, NotFound
from hub.core.text import normalise_name
from hub.models import AchievementReport, PopulationCount, RecipientAgeBand, Region, SpmService

GROUPINGS = ("region", "district", "village")


@dataclass
class NeedRow:
    """Entitled recipients of one service in one area, and how the region's target compares."""

    region_code: str
    year: int
    service_code: str
    service_name: str
    bands: str
    district: str | None
    village: str | None
    male: int
    female: int
    entitled: int
    targeted: int | None = None
    target_quarter: int | None = None
    difference: int | None = None  # targeted - entitled
    difference_pct: float | None = None  # relative to entitled
    status: str = "not_compared"  # ok | over_target | under_target | no_target | not_compared

    @property
    def flagged(self) -> bool:
        """True when the target differs from the entitled count beyond the tolerance."""
        return self.status in {"over_target", "under_target"}


def region_level_plan(region_code: str) -> Plan[str]:
    """The region's government level (PROV or KAB).

    Raises:
        NotFound: no such region.
    """
    found = yield select(Region.government_level).where(Region.code == region_code)
    if not found:
        raise NotFound(f"No region with kode wilayah {region_code!r}")
    return str(found[0])


def population_filter(region_code: str, level: str) -> Any:
    """Rows of a kabupaten/kota, or of every kabupaten/kota of a province."""
    if level == "PROV":
        return col(PopulationCount.region_code).like(f"{region_code}.%")
    return col(PopulationCount.region_code) == region_code


def latest_targets_plan(region_code: str, year: int) -> Plan[dict[str, tuple[int, int]]]:
    """service code -> (annual target, quarter it was read from): the latest quarter reported."""
    rows = yield (
        select(AchievementReport.service_code, AchievementReport.quarter, AchievementReport.targeted)
        .where(AchievementReport.region_code == region_code, AchievementReport.year == year)
        .order_by(col(AchievementReport.quarter))
    )
    return {service: (targeted, quarter) for service, quarter, targeted in rows}


def need_plan(
    region_code: str,
    year: int,
    *,
    tolerance_pct: float,
    by: str = "region",
    district: str | None = None,
    village: str | None = None,
) -> Plan[list[NeedRow]]:
    """Entitled recipients per age-defined service (grouped ``by`` region, district or village).

    Raises:
        NotFound: unknown region, or no population loaded for it and the year.
        BadInput: unknown grouping or a negative tolerance.
    """
    if by not in GROUPINGS:
        raise BadInput(f"by must be one of {', '.join(GROUPINGS)}, not {by!r}")
    if tolerance_pct < 0:
        raise BadInput("the tolerance is a percentage and cannot be negative")
    level = yield from region_level_plan(region_code)
    area = [population_filter(region_code, level), PopulationCount.year == year]
    if district:
        area.append(PopulationCount.district == normalise_name(district))
    if village:
        area.append(PopulationCount.village == normalise_name(village))
    loaded = yield select(func.count()).select_from(PopulationCount).where(*area)
    if not loaded or not loaded[0]:
        raise NotFound(
            f"No population loaded for region {region_code}, year {year}"
            + (f", {district or ''} {village or ''}".rstrip() if district or village else "")
        )
    bands = yield (
        select(SpmService.code, SpmService.name, RecipientAgeBand.label)
        .join(RecipientAgeBand, col(RecipientAgeBand.service_code) == col(SpmService.code))
        .where(SpmService.level == level)
        .order_by(col(SpmService.ordinal), col(RecipientAgeBand.age_min))
    )
    names: dict[str, tuple[str, list[str]]] = {}
    for code, name, label in bands:
        names.setdefault(code, (name, []))[1].append(label)
    counts = yield _count_statement(area, level, by)
    targets = (yield from latest_targets_plan(region_code, year)) if by == "region" else {}
    rows = []
    for code, place_district, place_village, male, female, total in counts:
        row = NeedRow(
            region_code=region_code,
            year=year,
            service_code=code,
            service_name=names[code][0],
            bands="; ".join(names[code][1]),
            district=place_district,
            village=place_village,
            male=int(male or 0),
            female=int(female or 0),
            entitled=int(total or 0),
        )
        rows.append(compare(row, targets.get(code), tolerance_pct) if by == "region" else row)
    if by == "region":  # a service whose ages nobody has still gets its (zero) row
        rows += [
            compare(
                NeedRow(
                    region_code=region_code,
                    year=year,
                    service_code=code,
                    service_name=name,
                    bands="; ".join(labels),
                    district=None,
                    village=None,
                    male=0,
                    female=0,
                    entitled=0,
                ),
                targets.get(code),
                tolerance_pct,
            )
            for code, (name, labels) in names.items()
            if code not in {r.service_code for r in rows}
        ]
    order = {code: index for index, code in enumerate(names)}
    return sorted(rows, key=lambda r: (r.district or "", r.village or "", order[r.service_code]))


def _count_statement(area: list[Any], level: str, by: str) -> Any:
    """SUM(count) of the population whose age lies in one of the service's bands (BETWEEN)."""
    covered = exists().where(
        col(RecipientAgeBand.service_code) == col(SpmService.code),
        col(PopulationCount.age).between(col(RecipientAgeBand.age_min), col(RecipientAgeBand.age_max)),
    )
    district = col(PopulationCount.district) if by in {"district", "village"} else None
    village = col(PopulationCount.village) if by == "village" else None
    places = [c for c in (district, village) if c is not None]
    return (
        select(
            col(SpmService.code),
            district,
            village,
            func.sum(case((col(PopulationCount.sex) == "L", col(PopulationCount.count)), else_=0)),
            func.sum(case((col(PopulationCount.sex) == "P", col(PopulationCount.count)), else_=0)),
            func.sum(col(PopulationCount.count)),
        )
        .select_from(SpmService)
        .join(PopulationCount, and_(*area, covered))
        .where(SpmService.level == level)
        .group_by(SpmService.code, *places)
    )


def compare(row: NeedRow, target: tuple[int, int] | None, tolerance_pct: float) -> NeedRow:
    """``row`` with the target, the difference and a status against ``tolerance_pct``."""
    if target is None:
        return NeedRow(**{**row.__dict__, "status": "no_target"})
    targeted, quarter = target
    difference = targeted - row.entitled
    pct = difference / row.entitled * 100 if row.entitled else None
    if pct is None:
        status = "ok" if difference == 0 else "over_target"
    elif abs(pct) <= tolerance_pct:
        status = "ok"
    else:
        status = "over_target" if difference > 0 else "under_target"
    return NeedRow(
        **{
            **row.__dict__,
            "targeted": targeted,
            "target_quarter": quarter,
            "difference": difference,
            "difference_pct": None if pct is None else round(pct, 2),
            "status": status,
        }
    )
