"""Stage 2 costing over GraphQL: the cost of full fulfilment per service next to its attributed budget,
the item lists in force, the reviewable item <-> SSH price matches (with the unmatched), and the
planning office's mutations (its own item list, proposing and reviewing matches)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry
from sqlmodel import Session, col, select

from hub import models
from hub.access.auth import TOKEN_ROLES, covers, require_role
from hub.analytics import costing as calc
from hub.analytics.plan import run_async
from hub.core.errors import PermissionDenied
from hub.workbench import pricing
from schema.errors import OperationError, errors_as_data
from schema.info import Info
from schema.workbench import write_sync


@strawberry.type(description=calc.ItemCost.__doc__)
class ItemCost(calc.ItemCost):
    """An item's cost."""


@strawberry.type(description=calc.ServiceCost.__doc__)
class ServiceCost(calc.ServiceCost):
    """A service's cost of full fulfilment."""

    items: list[ItemCost]


@strawberry.type
class PriceMatch:
    """An item of the lists in force and the SSH row it is priced at (``status`` unmatched: none)."""

    item_code: str
    item_name: str
    service_code: str
    status: str
    price_key: str | None
    price_name: str | None
    specification: str | None
    unit: str | None
    price: Decimal | None
    score: Decimal | None


@strawberry.input(description=pricing.ItemInput.__doc__)
class ItemInput(pricing.ItemInput):
    """One item of a planning office's own list: what each recipient receives in a year."""


def _require_read(info: Info, region_code: str) -> None:
    caller = info.context.caller
    require_role(caller, *TOKEN_ROLES)
    if not covers(caller, region_code):
        raise PermissionDenied(f"Token for region {caller.region_code} may not read the costing of {region_code}.")


def _matches(session: Session, region_code: str, year: int) -> list[PriceMatch]:
    edition = pricing.edition_of(session, region_code, year)
    level = session.exec(select(models.Region.government_level).where(models.Region.code == region_code)).one()
    services = session.exec(
        select(models.SpmService.code).where(models.SpmService.level == level).order_by(col(models.SpmService.ordinal))
    ).all()
    stored = {
        m.item_code: m
        for m in session.exec(select(models.PriceMatch).where(models.PriceMatch.edition_id == edition.id))
    }
    prices = {
        p.price_key: p
        for p in session.exec(
            select(models.UnitPrice).where(
                models.UnitPrice.edition_id == edition.id,
                col(models.UnitPrice.price_key).in_([m.price_key for m in stored.values()]),
            )
        )
    }
    out = []
    for service in services:
        found = pricing.item_list(session, service, region_code)
        for item in pricing.items_of(session, found.id) if found and found.id else []:
            match = stored.get(item.item_code)
            price = prices.get(match.price_key) if match else None
            out.append(
                PriceMatch(
                    item_code=item.item_code,
                    item_name=item.name,
                    service_code=service,
                    status=match.status if match else "unmatched",
                    price_key=match.price_key if match else None,
                    price_name=price.name if price else None,
                    specification=price.specification if price else None,
                    unit=price.unit if price else None,
                    price=price.price if price else None,
                    score=match.score if match else None,
                )
            )
    return out


@strawberry.type
class CostingQuery:
    """Costing root fields."""

    @strawberry.field(
        description="Cost of full fulfilment per service (recipients x items x SSH prices), attributed budget, "
        "funding gap and the items that drive it."
    )
    async def service_costs(
        self, info: Info, region_code: str, year: int, service_code: str | None = None
    ) -> list[ServiceCost]:
        _require_read(info, region_code)
        rows = await run_async(info.context.db, calc.cost_plan(region_code, year, service_code=service_code))
        return [ServiceCost(**{**vars(r), "items": [ItemCost(**vars(i)) for i in r.items]}) for r in rows]

    @strawberry.field(description="Every item of the lists in force and its SSH price match (unmatched ones too).")
    async def price_matches(self, info: Info, region_code: str, year: int) -> list[PriceMatch]:
        _require_read(info, region_code)
        return await info.context.db.read_sync(lambda s: _matches(s, region_code, year))


@strawberry.type
class PriceMatchProposal:
    """What the matcher did."""

    changed: int = strawberry.field(description="Matches proposed or repointed now.")


@strawberry.type
class PriceMatchReview:
    """An item's reviewed price match."""

    item_code: str
    status: str
    price_key: str


@strawberry.type
class ItemListVersion:
    """A planning office's saved item list."""

    region_code: str
    service_code: str
    version: int


ProposePriceMatchesResult = Annotated[
    PriceMatchProposal | OperationError, strawberry.union("ProposePriceMatchesResult")
]
ReviewPriceMatchResult = Annotated[PriceMatchReview | OperationError, strawberry.union("ReviewPriceMatchResult")]
SaveItemListResult = Annotated[ItemListVersion | OperationError, strawberry.union("SaveItemListResult")]


@strawberry.type
class CostingMutation:
    """Costing mutations (a region's own planning office, or the ministry); errors as ``OperationError``."""

    @strawberry.mutation(description="Propose SSH prices for the items without a reviewed match.")
    @errors_as_data
    async def propose_price_matches(self, info: Info, region_code: str, year: int) -> ProposePriceMatchesResult:
        caller = info.context.caller
        changed = await write_sync(info, lambda s: pricing.propose_matches(s, caller, region_code, year))
        return PriceMatchProposal(changed=changed)

    @strawberry.mutation(description="Approve or reject an item's SSH price, or point it at another row (priceKey).")
    @errors_as_data
    async def review_price_match(
        self,
        info: Info,
        region_code: str,
        year: int,
        item_code: str,
        status: str,
        price_key: str | None = None,
        note: str | None = None,
    ) -> ReviewPriceMatchResult:
        caller = info.context.caller
        match = await write_sync(
            info, lambda s: pricing.review_match(s, caller, region_code, year, item_code, status, price_key, note)
        )
        return PriceMatchReview(item_code=match.item_code, status=match.status, price_key=match.price_key)

    @strawberry.mutation(description="Save a new version of the region's own item list for a service.")
    @errors_as_data
    async def save_item_list(
        self, info: Info, region_code: str, service_code: str, items: list[ItemInput], source: str | None = None
    ) -> SaveItemListResult:
        caller = info.context.caller
        given: list[pricing.ItemInput] = list(items)
        made = await write_sync(
            info, lambda s: pricing.save_item_list(s, caller, region_code, service_code, given, source)
        )
        return ItemListVersion(region_code=region_code, service_code=service_code, version=made.version)
