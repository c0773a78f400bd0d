"""Dataloaders, made fresh for every request: every relation in the schema goes through one of
these, so a page of N objects costs a constant number of statements, never N.

Keys of the computed loaders are small frozen dataclasses: a region and the parameters of the
computation (year, quarter, ...); keys with equal parameters are answered together by one batched
computation over all their regions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import astuple, dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select as sa_select
from sqlmodel import select
from strawberry.dataloader import DataLoader

from hub import models
from hub.access.auth import readable
from hub.access.caller import Caller
from hub.analytics import achievement, budget, readiness
from hub.analytics.scheme import Scheme, load_scheme
from hub.db.request import RequestDB

T = TypeVar("T")


def existing(row: T | None) -> T:
    """A row that a foreign key guarantees (a report's region, a link's service): its absence is a
    broken store, not a client error, so it fails loudly instead of answering null."""
    if row is None:
        raise LookupError("A row that a foreign key guarantees is missing from the store.")
    return row


def one(db: RequestDB, column: Any) -> Callable[[list[Any]], Awaitable[list[Any]]]:
    """Load rows by a unique ``column`` (None for unknown keys)."""

    async def load(keys: list[Any]) -> list[Any]:
        rows = await db.all(select(column.class_).where(column.in_(keys)))
        found = {getattr(row, column.key): row for row in rows}
        return [found.get(key) for key in keys]

    return load


def many(db: RequestDB, column: Any, *order: Any) -> Callable[[list[Any]], Awaitable[list[list[Any]]]]:
    """Load lists of rows grouped by ``column`` (an empty list for keys without rows)."""

    async def load(keys: list[Any]) -> list[list[Any]]:
        rows = await db.all(select(column.class_).where(column.in_(keys)).order_by(*order))
        grouped: dict[Any, list[Any]] = defaultdict(list)
        for row in rows:
            grouped[getattr(row, column.key)].append(row)
        return [grouped[key] for key in keys]

    return load


@dataclass(frozen=True)
class RegionKey:
    """A region; subclasses add the parameters of a per-region computation."""

    region_code: str

    @property
    def params(self) -> tuple[Any, ...]:
        """Everything but the region: keys with equal params are computed in one batch."""
        return astuple(self)[1:]


@dataclass(frozen=True)
class AchievementKey(RegionKey):
    """IP SPM of a region for a year, up to a quarter (None: the latest), optionally of one urusan."""

    year: int
    quarter: int | None = None
    field_code: str | None = None


@dataclass(frozen=True)
class BudgetKey(RegionKey):
    """A region's budget of a year, at a stage (None: the most advanced) and with proposed links or not."""

    year: int
    stage: str | None = None
    include_proposed: bool = False


@dataclass(frozen=True)
class ReadinessKey(RegionKey):
    """A region's data readiness for a year, through a quarter."""

    year: int
    through_quarter: int = 4


@dataclass(frozen=True)
class LinesByCodeKey:
    """The budget lines of one sub kegiatan in one region, year and stage."""

    sub_activity_code: str
    region_code: str
    year: int
    stage: str | None = None


K = TypeVar("K", bound=RegionKey)
V = TypeVar("V")


def per_region(
    batch: Callable[[K, list[str]], Awaitable[dict[str, V]]], default: V | None = None
) -> Callable[[list[K]], Awaitable[list[V | None]]]:
    """One ``batch(key, region_codes)`` call per distinct parameter set (``key`` is the first of its set)."""

    async def load(keys: list[K]) -> list[V | None]:
        groups: dict[tuple[Any, ...], tuple[K, list[str]]] = {}
        for key in keys:
            groups.setdefault(key.params, (key, []))[1].append(key.region_code)
        results = {params: await batch(sample, codes) for params, (sample, codes) in groups.items()}
        return [results[key.params].get(key.region_code, default) for key in keys]

    return load


@dataclass
class Loaders:
    """Every loader of one request."""

    region: DataLoader[str, models.Region | None]
    regions_by_parent: DataLoader[str, list[models.Region]]
    spm_field: DataLoader[str, models.SpmField | None]
    service: DataLoader[str, models.SpmService | None]
    services_by_level: DataLoader[str, list[models.SpmService]]
    services_by_field: DataLoader[str, list[models.SpmService]]
    mutu_standards_by_service: DataLoader[str, list[models.MutuStandard]]
    age_bands_by_service: DataLoader[str, list[models.RecipientAgeBand]]
    edition: DataLoader[int, models.NomenclatureEdition | None]
    node: DataLoader[int, models.NomenclatureNode | None]
    children_by_node: DataLoader[int, list[models.NomenclatureNode]]
    links_by_service: DataLoader[str, list[models.ServiceLink]]
    links_by_node: DataLoader[int, list[models.ServiceLink]]
    events_by_link: DataLoader[int, list[models.LinkEvent]]
    run: DataLoader[int, models.IngestRun | None]
    mutu_by_report: DataLoader[int, list[models.MutuFulfilment]]
    report: DataLoader[int, models.AchievementReport | None]
    indicator: DataLoader[int, models.RaporIndicator | None]
    indicators_by_service: DataLoader[str, list[models.RaporIndicator]]
    values_by_indicator: DataLoader[int, list[models.RaporValue]]
    scheme: DataLoader[int, Scheme]
    achievement: DataLoader[AchievementKey, achievement.RegionAchievement | None]
    coverage: DataLoader[BudgetKey, dict[str, budget.ServiceBudget]]
    unbudgeted: DataLoader[BudgetKey, list[str]]
    budget_lines: DataLoader[BudgetKey, dict[str, list[models.BudgetLine]]]
    readiness: DataLoader[ReadinessKey, readiness.Readiness | None]
    lines_by_code: DataLoader[LinesByCodeKey, list[models.BudgetLine]]
    shared: dict[Hashable, Any] = field(default_factory=dict)
    """Values built once per request and reused by many parents (e.g. a service's GraphQL objects,
    the same on every region of a page)."""


def make_loaders(db: RequestDB, caller: Caller) -> Loaders:
    """Fresh loaders (and caches) for one request; achievement counts only the reports ``caller``
    may read (``hub.access.auth.readable``: ministry all, a region its own, everyone published ones)."""
    m = models
    reports = readable(caller, m.AchievementReport.region_code, m.AchievementReport.published)

    async def schemes(years: list[int]) -> list[Scheme]:
        return [await load_scheme(db, year) for year in years]

    async def achievements(key: AchievementKey, codes: list[str]) -> dict[str, Any]:
        scheme = await loaders.scheme.load(key.year)
        scope = achievement.Scope(
            year=key.year, quarter=key.quarter, field_code=key.field_code, region_codes=codes, readable=reports
        )
        return await achievement.compute(db, scheme, scope)

    async def coverages(key: BudgetKey, codes: list[str]) -> dict[str, Any]:
        sums = await budget.coverage(
            db, year=key.year, region_codes=codes, stage=key.stage, include_proposed=key.include_proposed
        )
        grouped: dict[str, dict[str, budget.ServiceBudget]] = defaultdict(dict)
        for (region_code, service_code), value in sums.items():
            grouped[region_code][service_code] = value
        return grouped

    async def unbudgeted(key: BudgetKey, codes: list[str]) -> dict[str, Any]:
        return await budget.unbudgeted(
            db, year=key.year, region_codes=codes, stage=key.stage, include_proposed=key.include_proposed
        )

    async def lines(key: BudgetKey, codes: list[str]) -> dict[str, Any]:
        rows = await db.all(
            budget.lines_statement(
                year=key.year, region_codes=codes, stage=key.stage, include_proposed=key.include_proposed
            )
        )
        grouped: dict[str, dict[str, list[models.BudgetLine]]] = defaultdict(lambda: defaultdict(list))
        for row in rows:
            line = budget.as_line(row)
            grouped[line.region_code][row.service_code].append(line)
        return grouped

    async def readinesses(key: ReadinessKey, codes: list[str]) -> dict[str, Any]:
        return await readiness.readiness(db, year=key.year, region_codes=codes, through_quarter=key.through_quarter)

    async def lines_by_code(keys: list[LinesByCodeKey]) -> list[list[models.BudgetLine]]:
        groups: dict[tuple[int, str | None], list[tuple[str, str]]] = defaultdict(list)
        for key in keys:
            groups[(key.year, key.stage)].append((key.sub_activity_code, key.region_code))
        found: dict[LinesByCodeKey, list[models.BudgetLine]] = defaultdict(list)
        for (year, stage), pairs in groups.items():
            lines = budget.effective_lines(year, region_codes=sorted({r for _, r in pairs}), stage=stage)
            rows = await db.all(
                sa_select(lines)
                .where(lines.c.sub_activity_code.in_(sorted({c for c, _ in pairs})))
                .order_by(lines.c.id)
            )
            for row in rows:
                line = budget.as_line(row)
                found[LinesByCodeKey(line.sub_activity_code, line.region_code, year, stage)].append(line)
        return [found[key] for key in keys]

    loaders = Loaders(
        region=DataLoader(one(db, m.Region.code)),
        regions_by_parent=DataLoader(many(db, m.Region.parent_code, m.Region.code)),
        spm_field=DataLoader(one(db, m.SpmField.code)),
        service=DataLoader(one(db, m.SpmService.code)),
        services_by_level=DataLoader(many(db, m.SpmService.level, m.SpmService.ordinal)),
        services_by_field=DataLoader(many(db, m.SpmService.field_code, m.SpmService.ordinal)),
        mutu_standards_by_service=DataLoader(many(db, m.MutuStandard.service_code, m.MutuStandard.code)),
        age_bands_by_service=DataLoader(many(db, m.RecipientAgeBand.service_code, m.RecipientAgeBand.age_min)),
        edition=DataLoader(one(db, m.NomenclatureEdition.id)),
        node=DataLoader(one(db, m.NomenclatureNode.id)),
        children_by_node=DataLoader(many(db, m.NomenclatureNode.parent_id, m.NomenclatureNode.code)),
        links_by_service=DataLoader(many(db, m.ServiceLink.service_code, m.ServiceLink.id)),
        links_by_node=DataLoader(many(db, m.ServiceLink.node_id, m.ServiceLink.id)),
        events_by_link=DataLoader(many(db, m.LinkEvent.link_id, m.LinkEvent.at, m.LinkEvent.id)),
        run=DataLoader(one(db, m.IngestRun.id)),
        mutu_by_report=DataLoader(many(db, m.MutuFulfilment.report_id, m.MutuFulfilment.item_code)),
        report=DataLoader(one(db, m.AchievementReport.id)),
        indicator=DataLoader(one(db, m.RaporIndicator.id)),
        indicators_by_service=DataLoader(many(db, m.RaporIndicator.service_code, m.RaporIndicator.code)),
        values_by_indicator=DataLoader(
            many(db, m.RaporValue.indicator_id, m.RaporValue.year, m.RaporValue.subject_code)
        ),
        scheme=DataLoader(schemes),
        achievement=DataLoader(per_region(achievements)),
        coverage=DataLoader(per_region(coverages, default={})),
        unbudgeted=DataLoader(per_region(unbudgeted, default=[])),
        budget_lines=DataLoader(per_region(lines, default={})),
        readiness=DataLoader(per_region(readinesses)),
        lines_by_code=DataLoader(lines_by_code),
    )
    return loaders
