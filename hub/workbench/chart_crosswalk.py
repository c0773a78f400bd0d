"""A crosswalk between two editions of a chart of accounts (or funding-source list), so spending can
be grouped by account across years whose budgets use different code shapes.

Rules, in order: a code of the newer edition whose segments are the same numbers as a code of the
older one (``5.1.02.01.01.0024`` and ``5.1.02.01.001.00024``: re-padded, not renumbered) is the same
account, ``by code``; else one older code with the same name (case, spaces and PDF artefacts ignored)
at the same depth is ``by name``; what is left is unmatched. Upper-level codes shared by every
edition (no edition of their own) map to themselves.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlmodel import Session, col, or_, select

from hub.core.text import clean_text
from hub.core.vocabulary import chart_editions
from hub.models import Account, FundingSource

MODELS = {"accounts": Account, "funding_sources": FundingSource}


@dataclass(frozen=True)
class ChartPair:
    """One account of the newer edition and its counterpart in the older one (None: unmatched)."""

    new_code: str
    old_code: str | None
    method: str  # code | name | shared | unmatched
    name: str


def numbers(code: str) -> tuple[int, ...]:
    """The segment numbers of a code: the same account in every code shape."""
    return tuple(int(part) for part in code.split(".") if part.isdigit())


def _name_key(name: str) -> str:
    return (clean_text(name) or "").casefold()


def chart_crosswalk(session: Session, chart: str, older: str, newer: str) -> list[ChartPair]:
    """Pair each code of edition ``newer`` with its code in edition ``older`` (see the module doc).

    Raises:
        ValueError: an unknown chart or edition.
    """
    if chart not in MODELS or not {older, newer} <= {e.code for e in chart_editions(chart)}:
        raise ValueError(f"unknown chart {chart!r} or edition {older!r}/{newer!r}")
    model = MODELS[chart]
    rows = session.exec(
        select(model.code, model.name, model.edition).where(
            or_(col(model.edition).in_([older, newer]), col(model.edition).is_(None))
        )
    ).all()
    old = [(code, name) for code, name, edition in rows if edition == older]
    by_numbers = {numbers(code): code for code, _ in old}
    by_name: dict[tuple[int, str], list[str]] = defaultdict(list)
    for code, name in old:
        by_name[(code.count("."), _name_key(name))].append(code)
    pairs = []
    for code, name, edition in sorted(rows):
        if edition is None:
            pairs.append(ChartPair(code, code, "shared", name))
        elif edition == newer:
            same = by_numbers.get(numbers(code))
            named = by_name.get((code.count("."), _name_key(name)), [])
            if same:
                pairs.append(ChartPair(code, same, "code", name))
            elif len(named) == 1:
                pairs.append(ChartPair(code, named[0], "name", name))
            else:
                pairs.append(ChartPair(code, None, "unmatched", name))
    return pairs
