"""Fixtures for the workbench tests: the reference data loaded once per module (only the facts a
test writes are deleted between tests, which keeps PostgreSQL runs fast), and a small nomenclature
edition with SPM-flagged sub kegiatan."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from hub.core.vocabulary import KEGIATAN_DIGIT_LEVELS
from hub.models import NomenclatureEdition, NomenclatureNode
from tests.conftest import reset_to_reference

EDITION = "TEST-2027"
NODES = [  # code, name, spm flag
    ("1.01.02.2.01.0001", "Pembangunan Unit Sekolah Baru (USB)", True),
    ("1.01.02.2.01.0002", "Penambahan Ruang Kelas Baru", True),
    ("1.01.02.2.02.0001", "Pengelolaan Pendidikan Anak Usia Dini", True),
    ("1.01.02.1.01.0003", "Pembangunan Ruang Guru SMA", True),
    ("1.01.02.2.01.0099", "Pemeliharaan Rutin Kantor", False),
    ("1.02.02.2.02.0001", "Pengelolaan Pelayanan Kesehatan Ibu Hamil", True),
]


def delete_facts(engine: Engine) -> None:
    """Delete every row except the reference data (reloads it if another test changed it)."""
    reset_to_reference(engine)


@pytest.fixture(scope="module")
def reference_once(engine: Engine) -> Engine:
    """The reference data (loaded once per database; see ``tests.conftest.reset_to_reference``)."""
    return reset_to_reference(engine)


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
