"""Pricing what recipients must receive: the item list in force for a region and service, a planning
office's own versions of it, and the reviewable matches between items and the region's SSH prices.

The matcher proposes, for each item without a reviewed match, an SSH row whose name and specification
hold every word of the item's ``match_terms`` (most of them in the name first; ties: the lower price,
so the estimate is a floor), and never overrides an approved or rejected match. An item no row covers
stays unmatched (personnel, for instance: an SSH prices goods, honoraria are in the SBU).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, col, select

from hub import models
from hub.access.auth import audit_record
from hub.access.caller import Caller
from hub.access.verify import require_cycle_write
from hub.core.errors import BadInput, NotFound
from hub.core.vocabulary import ITEM_KINDS, LINK_STATUSES
from hub.listing.items import in_force, lists_statement

_WORD = re.compile(r"[a-z0-9]+")


def words(text: str | None) -> set[str]:
    """Lower-case words of at least two characters."""
    return {w for w in _WORD.findall((text or "").lower()) if len(w) > 1}


def item_list(session: Session, service_code: str, region_code: str) -> models.ItemList | None:
    """The list in force: the region's latest own version, else the latest national one."""
    chosen = in_force(session.exec(lists_statement(region_code).where(models.ItemList.service_code == service_code)))
    return session.get(models.ItemList, chosen[service_code][0]) if service_code in chosen else None


def items_of(session: Session, list_id: int) -> list[models.RecipientItem]:
    """A list's items in code order."""
    return list(
        session.exec(
            select(models.RecipientItem)
            .where(models.RecipientItem.list_id == list_id)
            .order_by(col(models.RecipientItem.item_code))
        ).all()
    )


@dataclass
class ItemInput:
    """One item of a planning office's own list."""

    item_code: str
    kind: str
    name: str
    quantity: Decimal
    unit: str | None = None
    match_terms: str | None = None


def save_item_list(
    session: Session, caller: Caller, region_code: str, service_code: str, items: list[ItemInput], source: str | None
) -> models.ItemList:
    """A new version of the region's own list for a service (older versions are kept; audited).

    Raises:
        PermissionDenied: not the region's own token (or the ministry).
        NotFound: unknown region or service.
        BadInput: an unknown kind, a negative quantity or a repeated item code.
    """
    require_cycle_write(caller, region_code)
    if session.get(models.Region, region_code) is None or session.get(models.SpmService, service_code) is None:
        raise NotFound(f"Unknown region {region_code!r} or service {service_code!r}.")
    codes = [item.item_code for item in items]
    if len(set(codes)) != len(codes):
        raise BadInput("An item code appears twice in the list.")
    for item in items:
        if item.kind not in ITEM_KINDS or item.quantity < 0:
            raise BadInput(f"Item {item.item_code}: kind must be one of {ITEM_KINDS} and the quantity at least 0.")
    model = models.ItemList
    latest = session.exec(
        select(func.max(model.version)).where(model.service_code == service_code, model.region_code == region_code)
    ).one()
    before = item_list(session, service_code, region_code)
    made = model(
        service_code=service_code,
        region_code=region_code,
        version=(latest or 0) + 1,
        source=source,
        created_by=caller.name,
    )
    session.add(made)
    session.flush()
    session.add_all(models.RecipientItem(list_id=made.id, evidence="I", **vars(item)) for item in items)
    session.add(
        audit_record(
            caller,
            "record",
            "item_list",
            f"{region_code}/{service_code}/v{made.version}",
            region_code=region_code,
            before=None if before is None else {"list_id": before.id, "version": before.version},
            after={"version": made.version, "items": [{**vars(i), "quantity": str(i.quantity)} for i in items]},
        )
    )
    return made


def edition_of(session: Session, region_code: str, year: int) -> models.PriceEdition:
    """The region's SSH edition in force in a year: the latest edition up to that year (as costing uses).

    Raises:
        NotFound: none loaded.
    """
    model = models.PriceEdition
    edition = session.exec(
        select(model)
        .where(model.region_code == region_code, model.year <= year)
        .order_by(col(model.year).desc())
        .limit(1)
    ).first()
    if edition is None:
        raise NotFound(f"No Standar Satuan Harga of {region_code} up to {year}; load one (source prices).")
    return edition


def propose_matches(session: Session, caller: Caller, region_code: str, year: int) -> int:
    """Propose a price for every item (of every list in force for the region) without a reviewed match;
    returns how many matches were proposed or changed."""
    require_cycle_write(caller, region_code)
    edition = edition_of(session, region_code, year)
    level = session.exec(select(models.Region.government_level).where(models.Region.code == region_code)).one()
    services = session.exec(select(models.SpmService.code).where(models.SpmService.level == level)).all()
    items: dict[str, models.RecipientItem] = {}
    for service in services:
        found = item_list(session, service, region_code)
        if found is not None and found.id is not None:
            items.update({item.item_code: item for item in items_of(session, found.id)})
    prices = session.exec(
        select(
            models.UnitPrice.price_key, models.UnitPrice.name, models.UnitPrice.specification, models.UnitPrice.price
        ).where(models.UnitPrice.edition_id == edition.id)
    ).all()
    indexed = [(key, words(f"{name} {spec or ''}"), words(name), amount) for key, name, spec, amount in prices]
    existing = {
        match.item_code: match
        for match in session.exec(select(models.PriceMatch).where(models.PriceMatch.edition_id == edition.id))
    }
    changed = 0
    for code, item in sorted(items.items()):
        current = existing.get(code)
        if current is not None and current.status != "proposed":
            continue
        best = _best(words(item.match_terms or item.name), indexed)
        if best is None:
            if current is not None:
                session.delete(current)
                changed += 1
            continue
        key, score = best
        if current is None:
            current = models.PriceMatch(edition_id=edition.id, item_code=code, price_key=key, proposed_by=caller.name)
        elif current.price_key == key:
            continue
        current.price_key, current.score, current.proposed_by = key, score, caller.name
        session.add(current)
        changed += 1
    return changed


def _best(terms: set[str], indexed: list[tuple[str, set[str], set[str], Decimal]]) -> tuple[str, Decimal] | None:
    """The price row whose name and specification hold every one of ``terms``: the most of them in the
    name first, then the lowest price. None when no row holds them all."""
    if not terms:
        return None
    ranked = [
        (-len(terms & name_words), price, key) for key, text_words, name_words, price in indexed if terms <= text_words
    ]
    if not ranked:
        return None
    in_name, _price, key = min(ranked)
    return key, (Decimal(1 - in_name) / (1 + len(terms))).quantize(Decimal("0.0001"))


def review_match(
    session: Session,
    caller: Caller,
    region_code: str,
    year: int,
    item_code: str,
    status: str,
    price_key: str | None = None,
    note: str | None = None,
) -> models.PriceMatch:
    """Approve or reject an item's price (optionally pointing it at another SSH row); audited.

    Raises:
        PermissionDenied: not the region's own token (or the ministry).
        NotFound: no edition, no such price row, or no match to review.
        BadInput: an unknown status.
    """
    require_cycle_write(caller, region_code)
    if status not in LINK_STATUSES:
        raise BadInput(f"status must be one of {', '.join(LINK_STATUSES)}")
    edition = edition_of(session, region_code, year)
    match = session.exec(
        select(models.PriceMatch).where(
            models.PriceMatch.edition_id == edition.id, models.PriceMatch.item_code == item_code
        )
    ).first()
    if match is None and price_key is None:
        raise NotFound(f"No price proposed for {item_code}; name the SSH row (priceKey) to match it to.")
    if price_key is not None:
        exists = session.exec(
            select(models.UnitPrice.id).where(
                models.UnitPrice.edition_id == edition.id, models.UnitPrice.price_key == price_key
            )
        ).first()
        if exists is None:
            raise NotFound(f"No SSH row {price_key!r} in the {year} edition of {region_code}.")
    before = None if match is None else {"price_key": match.price_key, "status": match.status}
    match = match or models.PriceMatch(
        edition_id=edition.id,
        item_code=item_code,
        price_key=price_key or "",
        proposed_by=caller.name,
    )
    match.price_key, match.status, match.note, match.reviewed_by = (
        price_key or match.price_key,
        status,
        note,
        caller.name,
    )
    session.add(match)
    session.add(
        audit_record(
            caller,
            status if status != "proposed" else "reopen",
            "price_match",
            f"{region_code}/{year}/{item_code}",
            region_code=region_code,
            before=before,
            after={"price_key": match.price_key, "status": status, "note": note},
        )
    )
    return match
