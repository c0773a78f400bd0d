"""SELECT statements for every list, built from its filter and ordering. Shared by the GraphQL
connections, the aggregates and the streamed CSV/XLSX exports (and usable from the CLI)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, or_
from sqlmodel import col, select

from hub import models
from hub.core.errors import BadInput
from hub.listing import filters as f

Order = Sequence[tuple[str, bool]]  # (field name, descending)


def in_region(column: Any, prefix: str) -> ColumnElement[bool]:
    """The region ``prefix`` itself or any region below it (``53`` -> ``53``, ``53.02``...)."""
    return or_(column == prefix, column.startswith(prefix + ".", autoescape=True))


Condition = Callable[[Any], ColumnElement[bool]]


def _conditions(pairs: Sequence[tuple[Any, Condition]]) -> list[ColumnElement[bool]]:
    """The condition of every pair whose filter value was given (None means "no filter")."""
    return [condition(value) for value, condition in pairs if value is not None]


def linked_to_service(
    code_column: Any,
    *,
    service_code: str | None = None,
    field_code: str | None = None,
    statuses: Sequence[str] = ("approved",),
) -> ColumnElement[bool]:
    """True when the sub kegiatan ``code_column`` is linked (in ``statuses``) to the service or urusan."""
    link, node, service = models.ServiceLink, models.NomenclatureNode, models.SpmService
    query = (
        select(link.id)
        .join(node, col(node.id) == col(link.node_id))
        .where(col(node.code) == code_column, col(link.status).in_(statuses))
    )
    if service_code is not None:
        query = query.where(link.service_code == service_code)
    if field_code is not None:
        query = query.join(service, service.code == link.service_code).where(service.field_code == field_code)
    return exists(query)


def _prefix(column: Any) -> Condition:
    return lambda value: column.startswith(value, autoescape=True)


def _equals(column: Any) -> Condition:
    return lambda value: column == value


def _within(column: Any) -> Condition:
    return lambda value: in_region(column, value)


def _contains(column: Any) -> Condition:
    return lambda value: column.icontains(value, autoescape=True)


def _in_scope(flt: f.RegionScope, column: Any) -> list[tuple[Any, Condition]]:
    """The region code and prefix of ``flt`` as conditions on the region code ``column``."""
    return [(flt.region_code, _equals(column)), (flt.region_prefix, _within(column))]


def regions(flt: f.RegionFilter) -> Select[Any]:
    r = models.Region
    return select(r).where(
        *_conditions(
            [
                (flt.code_prefix, _within(r.code)),
                (flt.level, _equals(r.government_level)),
                (flt.parent_code, _equals(r.parent_code)),
                (flt.name_contains, _contains(r.name)),
            ]
        )
    )


def services(flt: f.ServiceFilter) -> Select[Any]:
    s = models.SpmService
    return select(s).where(
        *_conditions(
            [
                (flt.level, _equals(s.level)),
                (flt.field_code, _equals(s.field_code)),
                (flt.code_prefix, _prefix(s.code)),
            ]
        )
    )


def nomenclature_nodes(flt: f.NomenclatureNodeFilter) -> Select[Any]:
    n, e = models.NomenclatureNode, models.NomenclatureEdition
    query = select(n)
    if flt.edition_code is not None:
        query = query.join(e, e.id == n.edition_id).where(e.code == flt.edition_code)
    return query.where(
        *_conditions(
            [
                (flt.code_prefix, _prefix(n.code)),
                (flt.level, _equals(n.level)),
                (flt.spm_flag, _equals(n.spm_flag)),
                (flt.government_level, _equals(n.government_level)),
                (flt.name_contains, _contains(n.name)),
            ]
        )
    )


def service_links(flt: f.ServiceLinkFilter) -> Select[Any]:
    link, n, e, s = models.ServiceLink, models.NomenclatureNode, models.NomenclatureEdition, models.SpmService
    query = select(link)
    if flt.code_prefix is not None or flt.edition_code is not None:
        query = query.join(n, n.id == link.node_id)
    if flt.edition_code is not None:
        query = query.join(e, e.id == n.edition_id).where(e.code == flt.edition_code)
    if flt.field_code is not None:
        query = query.join(s, s.code == link.service_code).where(s.field_code == flt.field_code)
    return query.where(
        *_conditions(
            [
                (flt.service_code, _equals(link.service_code)),
                (flt.status, _equals(link.status)),
                (flt.needs_review, _equals(link.needs_review)),
                (flt.code_prefix, _prefix(n.code)),
            ]
        )
    )


def budget_lines(flt: f.BudgetLineFilter) -> Select[Any]:
    b = models.BudgetLine
    query = select(b).where(
        *_conditions(
            [
                *_in_scope(flt, b.region_code),
                (flt.fiscal_year, _equals(b.fiscal_year)),
                (flt.stage, _equals(b.stage)),
                (flt.sub_activity_prefix, _prefix(b.sub_activity_code)),
                (flt.account_prefix, _prefix(b.account_code)),
                (flt.funding_source_prefix, _prefix(b.funding_source_code)),
                (flt.min_planned, lambda value: b.planned_amount >= value),
                (flt.max_planned, lambda value: b.planned_amount <= value),
            ]
        )
    )
    if flt.service_code is not None or flt.field_code is not None:
        query = query.where(
            linked_to_service(b.sub_activity_code, service_code=flt.service_code, field_code=flt.field_code)
        )
    return query


def achievement_reports(flt: f.AchievementReportFilter) -> Select[Any]:
    a, s = models.AchievementReport, models.SpmService
    query = select(a)
    if flt.field_code is not None or flt.level is not None:
        query = query.join(s, col(s.code) == col(a.service_code)).where(
            *_conditions(
                [
                    (flt.field_code, _equals(s.field_code)),
                    (flt.level, _equals(s.level)),
                ]
            )
        )
    return query.where(
        *_conditions(
            [
                *_in_scope(flt, a.region_code),
                (flt.year, _equals(a.year)),
                (flt.quarter, _equals(a.quarter)),
                (flt.service_code, _equals(a.service_code)),
            ]
        )
    )


def rapor_values(flt: f.RaporValueFilter) -> Select[Any]:
    value, indicator = models.RaporValue, models.RaporIndicator
    query = select(value)
    if flt.indicator_code is not None or flt.jenjang is not None or flt.service_code is not None:
        query = query.join(indicator, col(indicator.id) == col(value.indicator_id)).where(
            *_conditions(
                [
                    (flt.indicator_code, _equals(indicator.code)),
                    (flt.jenjang, _equals(indicator.jenjang)),
                    (flt.service_code, _equals(indicator.service_code)),
                ]
            )
        )
    return query.where(
        *_conditions(
            [
                *_in_scope(flt, value.region_code),
                (flt.year, _equals(value.year)),
                (flt.subject_type, _equals(value.subject_type)),
            ]
        )
    )


def ingest_runs(flt: f.IngestRunFilter) -> Select[Any]:
    r = models.IngestRun
    return select(r).where(*_conditions([(flt.connector, _equals(r.connector)), (flt.status, _equals(r.status))]))


@dataclass(frozen=True)
class Dataset:
    """A list: its row model, filter type, statement builder and the columns it may be ordered by."""

    model: Any
    filter_type: type[Any]
    build: Callable[[Any], Select[Any]]
    key: str
    order_fields: tuple[str, ...]

    def statement(self, flt: Any, order: Order = ()) -> Select[Any]:
        """The filtered statement ordered by ``order`` then by the key (stable pages).

        Raises:
            BadInput: an order field this list cannot be sorted by.
        """
        columns = []
        for name, descending in order:
            if name not in self.order_fields:
                raise BadInput(f"Cannot order by {name!r}; use one of {', '.join(self.order_fields)}")
            column = getattr(self.model, name)
            columns.append(column.desc() if descending else column.asc())
        return self.build(flt).order_by(*columns, getattr(self.model, self.key))


DATASETS: dict[str, Dataset] = {
    "regions": Dataset(models.Region, f.RegionFilter, regions, "code", ("code", "name", "population_total")),
    "services": Dataset(models.SpmService, f.ServiceFilter, services, "code", ("code", "ordinal", "field_code")),
    "nomenclature-nodes": Dataset(
        models.NomenclatureNode, f.NomenclatureNodeFilter, nomenclature_nodes, "id", ("code", "level", "name")
    ),
    "service-links": Dataset(
        models.ServiceLink,
        f.ServiceLinkFilter,
        service_links,
        "id",
        ("service_code", "status", "proposed_at", "reviewed_at"),
    ),
    "budget-lines": Dataset(
        models.BudgetLine,
        f.BudgetLineFilter,
        budget_lines,
        "id",
        ("region_code", "fiscal_year", "sub_activity_code", "planned_amount", "realised_amount"),
    ),
    "achievement-reports": Dataset(
        models.AchievementReport,
        f.AchievementReportFilter,
        achievement_reports,
        "id",
        ("region_code", "year", "quarter", "service_code", "targeted", "served"),
    ),
    "rapor-values": Dataset(
        models.RaporValue, f.RaporValueFilter, rapor_values, "id", ("region_code", "year", "score")
    ),
    "ingest-runs": Dataset(models.IngestRun, f.IngestRunFilter, ingest_runs, "id", ("started_at", "connector")),
}
