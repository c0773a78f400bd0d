"""Build the plain lookup sets connectors check rows against, from the store."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, select

from connectors.base import Need, References
from connectors.reading import normalise_region_name
from hub import models

__all__ = ["build_references", "normalise_region_name"]


def build_references(session: Session, needs: Iterable[Need]) -> References:
    """Only the lookups a connector declared in ``needs`` are read."""
    needs = set(needs)
    values: dict[str, object] = {}
    if "region_levels" in needs or "region_names" in needs:
        regions = session.exec(select(models.Region.code, models.Region.government_level, models.Region.name)).all()
        values["region_levels"] = {code: level for code, level, _ in regions}
        values["region_names"] = {normalise_region_name(name): code for code, _, name in regions}
    if "service_levels" in needs:
        values["service_levels"] = dict(session.exec(select(models.SpmService.code, models.SpmService.level)).all())
    if "nomenclature_codes" in needs:
        values["nomenclature_codes"] = frozenset(session.exec(select(models.NomenclatureNode.code).distinct()).all())
    if "edition_levels" in needs:
        nodes = session.exec(
            select(
                models.NomenclatureEdition.code, models.NomenclatureNode.code, models.NomenclatureNode.government_level
            ).join(models.NomenclatureNode)
        ).all()
        by_edition: dict[str, dict[str, set[str | None]]] = {}
        for edition, code, level in nodes:
            by_edition.setdefault(edition, {}).setdefault(code, set()).add(level)
        values["edition_levels"] = {
            edition: {code: frozenset(levels) for code, levels in codes.items()}
            for edition, codes in by_edition.items()
        }
    if "accounts" in needs:
        values["accounts"] = frozenset(session.exec(select(models.Account.code)).all())
    if "funding_sources" in needs:
        values["funding_sources"] = frozenset(session.exec(select(models.FundingSource.code)).all())
    if "school_regions" in needs:
        values["school_regions"] = dict(session.exec(select(models.School.npsn, models.School.region_code)).all())
    return References(**values)  # type: ignore[arg-type]
