"""Budget aggregates with group-by, computed in SQL over the same filtered statement as the list.

Grouping by service or urusan keeps only the lines linked (approved) to an SPM service and follows
``hub.analytics.attribution``: a service group counts each of its lines in full (linked) and its share
(attributed); an urusan group counts each line once, however many of its services the line serves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import func, select

from hub.analytics import attribution
from hub.analytics.attribution import ServiceAmounts
from hub.analytics.scheme import Reader
from hub.core.errors import BadInput
from hub.listing import DATASETS
from hub.listing.filters import BudgetLineFilter

# character length of a sub kegiatan code prefix of n segments: 1 / 1.02 / 1.02.02 / 1.02.02.2 / ...
PREFIX_LENGTHS = {1: 1, 2: 4, 3: 7, 4: 9, 5: 12, 6: 17}


class BudgetGroup(Enum):
    """Keys budget lines can be grouped by."""

    REGION = "region_code"
    YEAR = "fiscal_year"
    URUSAN = "field_code"
    SERVICE = "service_code"
    SUB_ACTIVITY_PREFIX = "sub_activity_prefix"
    FUNDING_SOURCE = "funding_source_code"


@dataclass(frozen=True)
class GroupRow:
    """One group: its key values, line count, sums and the exact average planned amount; grouped by
    service or urusan, also the attributed amounts (``planned`` and ``realised`` are then linked)."""

    key: dict[str, Any]
    count: int
    planned: Decimal
    realised: Decimal | None
    attributed: ServiceAmounts | None = None

    @property
    def planned_avg(self) -> Decimal | None:
        """Sum / count in Decimal (SQL AVG would be a float on SQLite)."""
        return (self.planned / self.count).quantize(Decimal("0.01")) if self.count else None


async def budget_groups(
    db: Reader, flt: BudgetLineFilter, group_by: Sequence[BudgetGroup], *, segments: int = 3
) -> list[GroupRow]:
    """Groups of the lines matching ``flt``, ordered by their keys.

    Raises:
        BadInput: no group key, or a prefix depth outside 1..6.
    """
    if not group_by:
        raise BadInput("Give at least one groupBy key.")
    if segments not in PREFIX_LENGTHS:
        raise BadInput("subActivitySegments must be between 1 and 6.")
    lines = DATASETS["budget-lines"].build(flt).subquery("lines")
    rule, share = attribution.load_rule(), None
    keys: dict[str, Any] = {}
    if BudgetGroup.SERVICE in group_by or BudgetGroup.URUSAN in group_by:
        share = attribution.shares(rule, statuses=("approved",), per_field=BudgetGroup.SERVICE not in group_by)
        if BudgetGroup.URUSAN in group_by:
            keys["field_code"] = share.c.field_code
        if BudgetGroup.SERVICE in group_by:
            keys["service_code"] = share.c.service_code
    for group in group_by:
        if group is BudgetGroup.SUB_ACTIVITY_PREFIX:
            keys["sub_activity_prefix"] = func.substr(lines.c.sub_activity_code, 1, PREFIX_LENGTHS[segments])
        elif group.value not in keys:
            keys[group.value] = lines.c[group.value]
    labelled = [column.label(name) for name, column in keys.items()]
    if share is not None:
        found = attribution.collect(await db.all(attribution.sums(lines, share, labelled)), keys=len(keys), rule=rule)
        return [
            GroupRow(
                key=dict(zip(keys, key, strict=True)),
                count=amounts.line_count,
                planned=amounts.linked_planned,
                realised=amounts.linked_realised,
                attributed=amounts,
            )
            for key, amounts in found.items()
        ]
    rows = await db.all(
        select(*labelled, func.count(lines.c.id), func.sum(lines.c.planned_amount), func.sum(lines.c.realised_amount))
        .group_by(*labelled)
        .order_by(*(column.asc().nulls_first() for column in labelled))  # NULLs first on both databases
    )
    return [
        GroupRow(
            key=dict(zip(keys, row[: len(keys)], strict=True)),
            count=row[-3],
            planned=row[-2] if row[-2] is not None else Decimal("0.00"),
            realised=row[-1],
        )
        for row in rows
    ]
