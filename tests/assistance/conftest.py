"""Fixtures for the assistance cycle: the reference store, NTT clusters and one token per caller."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from hub.access import tokens
from hub.access.caller import Caller
from hub.assistance import clusters

PROVINCE = Caller(role="province", region_code="53", name="Prov NTT")
MINISTRY = Caller(role="ministry", name="Kemendagri")
TIMOR = ("53.01", "53.02", "53.03")  # Kab. Kupang, Timor Tengah Selatan, Timor Tengah Utara
SUMBA = ("53.11", "53.12")  # Sumba Timur, Sumba Barat


@dataclass(frozen=True)
class Tokens:
    ministry: str
    province: str
    kupang: str  # region token 53.01
    tts: str  # region token 53.02
    other_province: str  # province token 52


@pytest.fixture
def secrets(reference_db: Engine) -> Tokens:
    with Session(reference_db) as session:
        made = Tokens(
            ministry=tokens.create_token(session, name="Kemendagri", role="ministry")[1],
            province=tokens.create_token(session, name="Prov NTT", role="province", region_code="53")[1],
            kupang=tokens.create_token(session, name="Kab Kupang", role="region", region_code="53.01")[1],
            tts=tokens.create_token(session, name="Kab TTS", role="region", region_code="53.02")[1],
            other_province=tokens.create_token(session, name="Prov NTB", role="province", region_code="52")[1],
        )
        session.commit()
    return made


@pytest.fixture
def ntt_clusters(reference_db: Engine) -> dict[str, int]:
    """A Timor and a Sumba cluster of NTT, members since August 2024."""
    with Session(reference_db) as session:
        ids = {}
        for name, codes in (("Timor", TIMOR), ("Sumba", SUMBA)):
            cluster = clusters.create_cluster(session, PROVINCE, province_code="53", name=name)
            for code in codes:
                clusters.add_member(session, PROVINCE, cluster.id or 0, code, since=date(2024, 8, 1))
            ids[name] = cluster.id or 0
        session.commit()
    return ids
