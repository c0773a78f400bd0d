"""Reference data shipped inside the package: regions, the SPM catalogue, the problem kinds and the
reporting calendar."""

from __future__ import annotations

import csv
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from hub import models

REFERENCE_DIR = Path(__file__).parent
REGIONS_CSV = REFERENCE_DIR / "regions.csv"
CATALOGUE_TOML = REFERENCE_DIR / "spm_catalogue.toml"
PROBLEM_KINDS_TOML = REFERENCE_DIR / "problem_kinds.toml"
CALENDAR_TOML = REFERENCE_DIR / "reporting_calendar.toml"
ITEMS_TOML = REFERENCE_DIR / "recipient_items.toml"
ASSISTANCE_TOML = REFERENCE_DIR / "assistance.toml"


def _int_or_none(value: str) -> int | None:
    return int(value) if value else None


def load_regions(session: Session, path: Path = REGIONS_CSV) -> int:
    """Insert or update every province and kabupaten/kota of the shipped list; returns the row count."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # provinces first, so each kabupaten/kota finds its parent
    rows.sort(key=lambda row: row["code"].count("."))
    for row in rows:
        session.merge(
            models.Region(
                code=row["code"],
                name=row["name"],
                kind=row["kind"],
                government_level="PROV" if row["kind"] == "provinsi" else "KAB",
                parent_code=row["parent_code"] or None,
                bps_code=row["bps_code"] or None,
                population_male=_int_or_none(row["population_male"]),
                population_female=_int_or_none(row["population_female"]),
                population_total=_int_or_none(row["population_total"]),
            )
        )
        if row["code"].count(".") == 0:
            session.flush()
    return len(rows)


def read_catalogue(path: Path = CATALOGUE_TOML) -> dict[str, Any]:
    """The parsed catalogue file."""
    return _read_toml(path)


def read_assistance(path: Path = ASSISTANCE_TOML) -> dict[str, Any]:
    """The assistance vocabulary: session kinds (with their readiness checks) and follow-up owner roles."""
    return _read_toml(path)


def load_catalogue(session: Session, path: Path = CATALOGUE_TOML) -> dict[str, int]:
    """Insert or update the SPM fields, services, mutu standards, age bands and schemes.

    Returns:
        The number of rows of each kind in the file.
    """
    data = read_catalogue(path)
    for item in data["fields"]:
        session.merge(models.SpmField(**item))
    session.flush()
    for ordinal, item in enumerate(data["services"], start=1):
        session.merge(
            models.SpmService(
                code=item["code"],
                field_code=item["field"],
                level=item["level"],
                name=item["name"],
                recipient_definition=item["recipient"],
                legal_ref=item["legal_ref"],
                evidence=item["evidence"],
                ordinal=ordinal,
            )
        )
    session.flush()
    for item in data.get("mutu", []):
        session.merge(
            models.MutuStandard(
                code=item["code"],
                service_code=item["service"],
                kind=item["kind"],
                name=item["name"],
                unit=item.get("unit"),
            )
        )
    _replace_age_bands(session, data.get("age_bands", []))
    for scheme in data["schemes"]:
        _merge_scheme(session, scheme)
    counts = {key: len(data.get(key, [])) for key in ("fields", "services", "mutu", "age_bands", "schemes")}
    counts["problem_kinds"] = load_problem_kinds(session)
    counts["deadlines"] = load_calendar(session)
    counts["item_lists"] = load_item_lists(session)
    return counts


def _read_toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def load_problem_kinds(session: Session, path: Path = PROBLEM_KINDS_TOML) -> int:
    """Insert or update the problem taxonomy (kinds are never deleted: problems may carry them)."""
    kinds = _read_toml(path)["kinds"]
    for ordinal, item in enumerate(kinds, start=1):
        session.merge(models.ProblemKind(**item, ordinal=ordinal))
    session.flush()
    return len(kinds)


def load_calendar(session: Session, path: Path = CALENDAR_TOML) -> int:
    """Insert or update the reporting deadlines of the shipped calendar (other years are kept)."""
    deadlines = _read_toml(path)["deadlines"]
    existing = {(row.year, row.period): row for row in session.exec(select(models.ReportingDeadline))}
    for item in deadlines:
        row = existing.get((item["year"], item["period"])) or models.ReportingDeadline(
            year=item["year"], period=item["period"], due_on=item["due_on"]
        )
        row.due_on, row.evidence, row.source = item["due_on"], item.get("evidence", "I"), item.get("source")
        session.add(row)
    session.flush()
    return len(deadlines)


def _replace_age_bands(session: Session, bands: list[dict[str, Any]]) -> None:
    existing = {(band.service_code, band.label): band for band in session.exec(select(models.RecipientAgeBand))}
    for item in bands:
        band = existing.pop((item["service"], item["label"]), None) or models.RecipientAgeBand(
            service_code=item["service"], label=item["label"], age_min=0, age_max=0
        )
        band.age_min, band.age_max, band.evidence = item["age_min"], item["age_max"], item["evidence"]
        session.add(band)
    for stale in existing.values():
        session.delete(stale)


def _merge_scheme(session: Session, scheme: dict[str, Any]) -> None:
    valid_from = scheme["valid_from"]
    session.merge(
        models.AchievementScheme(
            code=scheme["code"],
            valid_from=valid_from if isinstance(valid_from, date) else date.fromisoformat(valid_from),
            description=scheme["description"],
            weight_recipients=Decimal(scheme["weight_recipients"]),
            weight_mutu=Decimal(scheme["weight_mutu"]),
            mutu_method=scheme["mutu_method"],
            zero_target_rule=scheme["zero_target_rule"],
            display_decimals=scheme.get("display_decimals", 2),
        )
    )
    session.flush()
    existing = {
        band.label: band
        for band in session.exec(select(models.CategoryBand).where(models.CategoryBand.scheme_code == scheme["code"]))
    }
    for item in scheme["bands"]:
        band = existing.pop(item["label"], None) or models.CategoryBand(
            scheme_code=scheme["code"], label=item["label"], min_ip=Decimal(0), rank=0
        )
        band.min_ip, band.rank = Decimal(item["min_ip"]), item["rank"]
        session.add(band)
    for stale in existing.values():
        session.delete(stale)


def load_item_lists(session: Session, path: Path = ITEMS_TOML) -> int:
    """Insert or replace the national item lists (per service and version) of the shipped file; a
    region's own lists are never touched."""
    lists = _read_toml(path)["lists"]
    for entry in lists:
        found = session.exec(
            select(models.ItemList).where(
                models.ItemList.service_code == entry["service"],
                models.ItemList.region_code.is_(None),  # type: ignore[union-attr]
                models.ItemList.version == entry["version"],
            )
        ).first()
        if found is None:
            found = models.ItemList(service_code=entry["service"], version=entry["version"], created_by="reference")
        found.source = entry.get("source")
        session.add(found)
        session.flush()
        for old in session.exec(select(models.RecipientItem).where(models.RecipientItem.list_id == found.id)):
            session.delete(old)
        session.flush()
        for item in entry["items"]:
            session.add(
                models.RecipientItem(
                    list_id=found.id,  # type: ignore[arg-type]
                    item_code=item["code"],
                    kind=item["kind"],
                    name=item["name"],
                    unit=item.get("unit"),
                    quantity=Decimal(item["quantity"]),
                    match_terms=item.get("terms"),
                    evidence=item.get("evidence", "I"),
                )
            )
    session.flush()
    return len(lists)
