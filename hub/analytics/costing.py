"""Stage 2 of applying SPM (penghitungan kebutuhan): the cost of meeting the standard.

Per region, year and service: the entitled recipients (population by age, else the reported annual
target: ``hub.analytics.spending``), times what each must receive (the item list in force:
``hub.listing.items``), priced at the matched row of the region's Standar Satuan Harga (the latest
edition up to the year; approved and proposed matches count, each item says which), gives the cost of
full fulfilment. Next to it, the budget attributed to the service (``hub.analytics.attribution``) and
the funding gap, with the items that drive the cost first and the items with no price listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal

from sqlmodel import col, select

from hub import models
from hub.analytics.attribution import SEN
from hub.analytics.plan import Plan
from hub.analytics.spending import budget_plan
from hub.listing.items import in_force, lists_statement


@dataclass
class ItemCost:
    """One item's need and cost for a service's recipients (``cost`` None: no price matched)."""

    item_code: str
    kind: str
    name: str
    unit: str | None
    quantity: Decimal  # per recipient per year
    needed: Decimal  # quantity x recipients
    match_status: str  # approved | proposed | unmatched
    price_key: str | None = None
    price_name: str | None = None
    price_specification: str | None = None  # often the place the price holds for
    price_unit: str | None = None
    unit_price: Decimal | None = None
    cost: Decimal | None = None
    share_pct: Decimal | None = None  # of the service's full-fulfilment cost


@dataclass
class ServiceCost:
    """The cost of full fulfilment of one service next to its attributed budget."""

    region_code: str
    year: int
    service_code: str
    service_name: str
    recipients: int | None
    recipients_source: str
    list_version: int | None
    list_owner: str | None  # the region that owns the list, None for the national list
    price_year: int | None
    full_cost: Decimal | None  # priced items only; None without recipients or a list
    attributed_planned: Decimal
    funding_gap: Decimal | None  # full cost - attributed budget (negative: more budget than the priced need)
    items: Sequence[ItemCost] = field(default_factory=list)  # by cost, highest first; unpriced last
    unmatched: list[str] = field(default_factory=list)


def cost_plan(region_code: str, year: int, *, service_code: str | None = None) -> Plan[list[ServiceCost]]:
    """The cost of full fulfilment of every service (or one) of the region's level.

    Raises:
        NotFound: unknown region.
    """
    budgets = yield from budget_plan(region_code, year)
    if service_code is not None:
        budgets = [row for row in budgets if row.service_code == service_code]
    chosen = in_force((yield lists_statement(region_code)))
    ids = [list_id for list_id, _version, _owner in chosen.values()]
    items: Sequence[models.RecipientItem] = []
    if ids:
        items = yield select(models.RecipientItem).where(col(models.RecipientItem.list_id).in_(ids))
    editions = yield (
        select(models.PriceEdition.id, models.PriceEdition.year)
        .where(models.PriceEdition.region_code == region_code, models.PriceEdition.year <= year)
        .order_by(col(models.PriceEdition.year).desc())
        .limit(1)
    )
    prices: dict[str, tuple[str, models.UnitPrice]] = {}
    if editions:
        match, price = models.PriceMatch, models.UnitPrice
        rows = yield (
            select(match.item_code, match.status, price)
            .join(price, (price.edition_id == match.edition_id) & (price.price_key == match.price_key))
            .where(match.edition_id == editions[0][0], match.status != "rejected")
        )
        prices = {code: (status, row) for code, status, row in rows}
    by_list: dict[int, list[models.RecipientItem]] = {}
    for item in items:
        by_list.setdefault(item.list_id, []).append(item)
    out = []
    for budget in budgets:
        found = chosen.get(budget.service_code)
        listed = by_list.get(found[0], []) if found else []
        costs = [_item_cost(item, budget.recipients, prices.get(item.item_code)) for item in listed]
        priced = [c.cost for c in costs if c.cost is not None]
        full = sum(priced, Decimal(0)).quantize(SEN) if budget.recipients is not None and found else None
        for cost in costs:
            if cost.cost is not None and full:
                cost.share_pct = (cost.cost / full * 100).quantize(Decimal("0.01"), ROUND_HALF_EVEN)
        costs.sort(key=lambda c: (c.cost is None, -(c.cost or 0), c.item_code))
        out.append(
            ServiceCost(
                region_code=region_code,
                year=year,
                service_code=budget.service_code,
                service_name=budget.service_name,
                recipients=budget.recipients,
                recipients_source=budget.recipients_source,
                list_version=found[1] if found else None,
                list_owner=found[2] if found else None,
                price_year=editions[0][1] if editions else None,
                full_cost=full,
                attributed_planned=budget.attributed_planned,
                funding_gap=None if full is None else full - budget.attributed_planned,
                items=costs,
                unmatched=[c.item_code for c in costs if c.cost is None],
            )
        )
    return out


def _item_cost(
    item: models.RecipientItem, recipients: int | None, price: tuple[str, models.UnitPrice] | None
) -> ItemCost:
    needed = item.quantity * (recipients or 0)
    cost = ItemCost(item.item_code, item.kind, item.name, item.unit, item.quantity, needed, "unmatched")
    if price is not None:
        status, row = price
        cost.match_status, cost.price_key, cost.price_name = status, row.price_key, row.name
        cost.price_specification, cost.price_unit, cost.unit_price = row.specification, row.unit, row.price
        if recipients is not None:
            cost.cost = (needed * row.price).quantize(SEN, ROUND_HALF_EVEN)
    return cost
