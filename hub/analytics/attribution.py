"""Which budget lines reach which SPM service, and how much of each line a service is credited with.

The one rule behind every budget figure per service: coverage, unbudgeted services, budget aggregates
and budget per recipient. A line reaches a service when its sub kegiatan code is the code of a node
linked to the service (counting statuses; any edition, the same code counted once, unless one edition
is named) and the service is of the government level of the line's region. Two amounts follow:

- **linked**: the full amount of every such line. A line linked to three services counts in full in
  each, so linked amounts answer "where is money that touches this service" and do not add up across
  services.
- **attributed**: each line's amount times the service's share of it. A line's shares add up to 1, so
  attributed amounts add up across services, urusan and regions to every linked line counted once.

The shares are a domain assumption read from ``hub/reference/budget_attribution.toml`` (default: an
equal split), and every result names the rule it used. Counts and sums are SQL aggregates grouped by
share; only the division of each group's sum by the share's denominator happens here, in Decimal, so
SQLite and PostgreSQL give the same sen.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, Subquery, and_, case, cast, func, literal_column, select
from sqlalchemy.sql.elements import KeyedColumnElement
from sqlmodel import col

from hub import models
from hub.reference import REFERENCE_DIR

ATTRIBUTION_TOML = REFERENCE_DIR / "budget_attribution.toml"
RULES = ("EQUAL_SPLIT", "SERVICE_WEIGHTS")
SEN = Decimal("0.01")


@dataclass(frozen=True)
class Rule:
    """An attribution rule: its code and, for SERVICE_WEIGHTS, the services that do not weigh 1."""

    code: str
    weights: tuple[tuple[str, int], ...] = ()

    def weight(self, service_code: ColumnElement[Any]) -> ColumnElement[int]:
        """The SQL weight of the service in ``service_code``."""
        if self.code == "EQUAL_SPLIT" or not self.weights:
            return literal_column("1", Integer)
        return case(
            {code: literal_column(str(weight), Integer) for code, weight in self.weights},
            value=service_code,
            else_=literal_column("1", Integer),
        )


@cache
def load_rule(path: Path = ATTRIBUTION_TOML) -> Rule:
    """The rule named in the reference file.

    Raises:
        ValueError: an unknown rule or a weight that is not a positive integer.
    """
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    code, weights = data.get("rule"), data.get("weights", {})
    if code not in RULES:
        raise ValueError(f"{path.name}: rule must be one of {', '.join(RULES)}, not {code!r}")
    bad = {service: weight for service, weight in weights.items() if not isinstance(weight, int) or weight < 1}
    if bad:
        raise ValueError(f"{path.name}: weights must be positive integers: {bad}")
    return Rule(code, tuple(sorted(weights.items())))


def shares(rule: Rule, *, statuses: Sequence[str], edition: str | None = None, per_field: bool = False) -> Subquery:
    """Who is credited with a line of sub kegiatan ``code`` in a region of government ``level``.

    One row per (service_code, field_code, level, code) with the service's ``weight`` and the
    ``total_weight`` of every service of that level linked to the code; the share is their ratio.
    ``per_field`` gives one row per urusan instead (service_code is dropped, weights are summed), so
    a line serving two services of one urusan is counted once for it.
    """
    link, node, service, edition_row = (
        models.ServiceLink,
        models.NomenclatureNode,
        models.SpmService,
        models.NomenclatureEdition,
    )
    pairs = (
        select(col(link.service_code), col(service.field_code), col(service.level), col(node.code))
        .distinct()
        .join(node, col(node.id) == col(link.node_id))
        .join(service, col(service.code) == col(link.service_code))
        .where(col(link.status).in_(statuses))
    )
    if edition is not None:
        pairs = pairs.join(edition_row, col(edition_row.id) == col(node.edition_id)).where(
            col(edition_row.code) == edition
        )
    linked = pairs.subquery("linked_pairs")
    weight = rule.weight(linked.c.service_code)
    weighted = select(
        linked.c.service_code,
        linked.c.field_code,
        linked.c.level,
        linked.c.code,
        weight.label("weight"),
        func.sum(weight).over(partition_by=(linked.c.code, linked.c.level)).label("total_weight"),
    )
    if not per_field:
        return weighted.subquery("shares")
    each = weighted.subquery("service_shares")
    return (
        select(
            each.c.field_code, each.c.level, each.c.code, func.sum(each.c.weight).label("weight"), each.c.total_weight
        )
        .group_by(each.c.field_code, each.c.level, each.c.code, each.c.total_weight)
        .subquery("shares")
    )


def reached(query: Select[Any], lines: Subquery, share: Subquery) -> Select[Any]:
    """``query`` joined from ``lines`` to the ``share`` rows each line reaches (through its region's level)."""
    region = models.Region
    return query.join_from(lines, region, region.code == lines.c.region_code).join(
        share, and_(share.c.code == lines.c.sub_activity_code, share.c.level == region.government_level)
    )


def sums(lines: Subquery, share: Subquery, keys: Sequence[KeyedColumnElement[Any]]) -> Select[Any]:
    """Line count, sub kegiatan count and sums of ``lines`` per ``keys`` and share, ordered by ``keys``.

    Each line counts once per share row it reaches; fold the rows with ``collect``. Summed per sub
    kegiatan first, so counting sub kegiatan needs no COUNT(DISTINCT) (a sort) over every line.
    """
    per_code = reached(
        select(
            *keys,
            share.c.weight,
            share.c.total_weight,
            func.count(lines.c.id).label("lines"),
            func.sum(lines.c.planned_amount).label("planned"),
            func.sum(lines.c.realised_amount).label("realised"),
        ),
        lines,
        share,
    )
    inner = per_code.group_by(*keys, share.c.weight, share.c.total_weight, lines.c.sub_activity_code).subquery(
        "per_code"
    )
    outer_keys = [inner.c[key.key] for key in keys]
    return (
        select(
            *outer_keys,
            inner.c.weight,
            inner.c.total_weight,
            cast(func.sum(inner.c.lines), Integer),
            func.count(),
            func.sum(inner.c.planned),
            func.sum(inner.c.realised),
        )
        .group_by(*outer_keys, inner.c.weight, inner.c.total_weight)
        .order_by(*(key.asc().nulls_first() for key in outer_keys))  # as SQLite orders NULLs, on PostgreSQL too
    )


@dataclass
class ServiceAmounts:
    """What the budget lines linked to a service (or urusan) add up to, in full and as attributed.

    ``linked_*`` count each line in full (not additive across services); ``attributed_*`` count each
    line's share under ``attribution_rule`` (additive). Realised amounts are null when no counted line
    has one. A shared line is one whose share is less than 1.
    """

    line_count: int
    shared_line_count: int
    sub_activity_count: int
    linked_planned: Decimal
    linked_realised: Decimal | None
    attributed_planned: Decimal
    attributed_realised: Decimal | None
    attribution_rule: str

    @classmethod
    def empty(cls, rule: Rule) -> ServiceAmounts:
        """No line at all."""
        return cls(0, 0, 0, Decimal("0.00"), None, Decimal("0.00"), None, rule.code)


def collect(rows: Iterable[Sequence[Any]], *, keys: int, rule: Rule) -> dict[tuple[Any, ...], ServiceAmounts]:
    """Fold the rows of ``sums`` (one per key and share) into one ServiceAmounts per key, in row order.

    Shares are exact; attributed amounts are rounded to the sen (half-even) once, at the end.
    """
    found: dict[tuple[Any, ...], ServiceAmounts] = {}
    for row in rows:
        key, (weight, total, count, sub_activities, planned, realised) = tuple(row[:keys]), row[keys:]
        amounts = found.setdefault(key, ServiceAmounts.empty(rule))
        amounts.line_count += count
        amounts.shared_line_count += count if weight != total else 0
        amounts.sub_activity_count += sub_activities
        amounts.linked_planned += planned
        amounts.attributed_planned += planned * weight / total
        if realised is not None:
            amounts.linked_realised = (amounts.linked_realised or 0) + realised
            amounts.attributed_realised = (amounts.attributed_realised or 0) + realised * weight / total
    for amounts in found.values():
        amounts.attributed_planned = amounts.attributed_planned.quantize(SEN, ROUND_HALF_EVEN)
        if amounts.attributed_realised is not None:
            amounts.attributed_realised = amounts.attributed_realised.quantize(SEN, ROUND_HALF_EVEN)
    return found
