"""Fixtures for the workbench tests: the reference data loaded once per module (only the facts a
test writes are deleted between tests, which keeps PostgreSQL runs fast), and a small nomenclature
edition with SPM-flagged sub kegiatan."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, SQLModel, select

from hub import reference
from hub.core.vocabulary import KEGIATAN_DIGIT_LEVELS
from hub.models import NomenclatureEdition, NomenclatureNode, Region
from tests.conftest import truncate_all

REFERENCE_TABLES = {
    "region",
    "spm_field",
    "spm_service",
    "mutu_standard",
    "recipient_age_band",
    "achievement_scheme",
    "category_band",
}
EDITION = "TEST-2027"
NODES = [  # code, name, spm flag
    ("1.01.02.2.01.0001", "Pembangunan Unit Sekolah Baru (USB)", True),
    ("1.01.02.2.01.0002", "Penambahan Ruang Kelas Baru", True),
    ("1.01.02.2.02.0001", "Pengelolaan Pendidikan Anak Usia Dini", True),
    ("1.01.02.1.01.0003", "Pembangunan Ruang Guru SMA", True),
    ("1.01.02.2.01.0099", "Pemeliharaan Rutin Kantor", False),
    ("1.02.02.2.02.0001", "Pengelolaan Pelayanan Kesehatan Ibu Hamil", True),
]


def load_reference(engine: Engine) -> None:
    """Empty the store, then load the shipped regions and catalogue."""
    truncate_all(engine)
    with Session(engine) as session:
        reference.load_regions(session)
        reference.load_catalogue(session)
        session.commit()


def delete_facts(engine: Engine) -> None:
    """Delete every row except the reference data (reloads it if another module emptied the store)."""
    with Session(engine) as session:
        if not session.exec(select(func.count()).select_from(Region)).one():
            load_reference(engine)
            return
    with engine.begin() as connection:
        for table in reversed(SQLModel.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES:
                connection.execute(table.delete())


@pytest.fixture(scope="module")
def reference_once(engine: Engine) -> Engine:
    """The reference data, loaded once per module."""
    load_reference(engine)
    return engine


@pytest.fixture
def ref_db(reference_once: Engine) -> Iterator[Engine]:
    """Reference data and nothing else."""
    delete_facts(reference_once)
    yield reference_once


@pytest.fixture
def nomenclature_db(ref_db: Engine) -> Engine:
    """Reference data plus the TEST-2027 edition with six sub kegiatan."""
    with Session(ref_db) as session:
        edition = NomenclatureEdition(code=EDITION, name="Test edition", fiscal_year=2027)
        session.add(edition)
        session.flush()
        assert edition.id is not None
        for code, name, spm in NODES:
            session.add(
                NomenclatureNode(
                    edition_id=edition.id,
                    code=code,
                    name=name,
                    level=5,
                    spm_flag=spm,
                    government_level=KEGIATAN_DIGIT_LEVELS[code.split(".")[3]],
                    indicator=f"Jumlah {name}",
                    unit="Unit",
                )
            )
        session.commit()
    return ref_db
