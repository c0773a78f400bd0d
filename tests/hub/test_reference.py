"""The shipped reference data: regions and the SPM catalogue."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from sqlalchemy import Engine
from sqlmodel import Session, func, select

from hub import models, reference


def test_regions_hold_every_province_and_kabupaten_kota(reference_db: Engine) -> None:
    with Session(reference_db) as session:
        kinds = Counter(session.exec(select(models.Region.kind)).all())
        tts = session.get(models.Region, "53.02")
        orphans = session.exec(
            select(func.count())
            .select_from(models.Region)
            .where(
                models.Region.kind != "provinsi",
                models.Region.parent_code.is_(None),  # type: ignore[union-attr]
            )
        ).one()
    assert kinds == {"provinsi": 38, "kabupaten": 416, "kota": 98}
    assert tts is not None and tts.name == "Kabupaten Timor Tengah Selatan"
    assert tts.parent_code == "53" and tts.bps_code == "5304" and tts.government_level == "KAB"
    assert orphans == 0


def test_catalogue_counts_match_pp_2_2018(reference_db: Engine) -> None:
    with Session(reference_db) as session:
        levels = Counter(session.exec(select(models.SpmService.level)).all())
        fields = session.exec(select(models.SpmField.code)).all()
        services = session.exec(select(models.SpmService)).all()
    assert levels == {"PROV": 14, "KAB": 29}
    assert sorted(fields) == ["DIK", "KES", "PERKIM", "PU", "SOS", "TRANTIB"]
    assert all(s.recipient_definition and s.legal_ref.startswith("PP 2/2018") for s in services)


def test_achievement_scheme_is_versioned_data(reference_db: Engine) -> None:
    with Session(reference_db) as session:
        scheme = session.get(models.AchievementScheme, "IPSPM-2021")
        bands = session.exec(
            select(models.CategoryBand)
            .where(models.CategoryBand.scheme_code == "IPSPM-2021")
            .order_by(models.CategoryBand.rank)
        ).all()
    assert scheme is not None
    assert (scheme.weight_recipients, scheme.weight_mutu) == (Decimal("0.8"), Decimal("0.2"))
    assert scheme.zero_target_rule == "NOT_APPLICABLE"
    assert [b.label for b in bands][:2] == ["Tuntas Paripurna", "Tuntas Utama"]
    assert [b.min_ip for b in bands] == [Decimal(v) for v in ("100", "90", "80", "70", "60", "0")]


def test_reloading_reference_data_changes_nothing(reference_db: Engine) -> None:
    with Session(reference_db) as session:
        before = session.exec(select(func.count()).select_from(models.CategoryBand)).one()
        reference.load_regions(session)
        reference.load_catalogue(session)
        session.commit()
        assert session.exec(select(func.count()).select_from(models.Region)).one() == 552
        assert session.exec(select(func.count()).select_from(models.CategoryBand)).one() == before
