"""The real SIPD files: both editions loaded once per backend, then proposals, crosswalk and carry.

Expected figures were checked by hand against the raw files (pandas/json, independently of the hub).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from hub import reference
from hub.ingest import IngestOptions, ingest
from hub.ingest.writers.nomenclature import edition_by_code
from hub.models import LinkEvent, NomenclatureChange, NomenclatureNode, ServiceLink
from hub.workbench.carry import carry_links, compare_spm_flags
from hub.workbench.proposer import propose_for_edition
from tests.conftest import truncate_all

XLSX = "nomenclature/nomenklatur-subkegiatan-20260123005058_versi_pemutakhiran_2027_1.xlsx"
LIST_2024 = "nomenclature/sipd_kab_buru_list-subkegiatan_2024.json"
SPM_2024 = "nomenclature/sipd_kab_buru_list-spm-2024.json"


@pytest.fixture(scope="module")
def loaded(engine: Engine, shared_data: Path) -> Iterator[Engine]:
    """2024 (Kab. Buru list + SPM tagging) then 2027 (SIPD export), with the SPM catalogue."""
    truncate_all(engine)
    with Session(engine) as session:
        reference.load_catalogue(session)
        session.commit()
    ingest(
        engine,
        "nomenclature",
        shared_data / LIST_2024,
        IngestOptions(options={"edition": "SIPD-2024", "fiscal_year": "2024"}),
    )
    ingest(engine, "nomenclature_spm", shared_data / SPM_2024, IngestOptions(options={"edition": "SIPD-2024"}))
    ingest(
        engine,
        "nomenclature",
        shared_data / XLSX,
        IngestOptions(options={"edition": "SIPD-2027", "fiscal_year": "2027"}),
    )
    yield engine
    truncate_all(engine)


def _edition_counts(session: Session, code: str) -> tuple[Counter[str | None], int]:
    edition = edition_by_code(session, code)
    levels = Counter(
        session.exec(
            select(NomenclatureNode.government_level).where(
                NomenclatureNode.edition_id == edition.id, NomenclatureNode.level == 5
            )
        ).all()
    )
    spm = session.exec(
        select(func.count())
        .select_from(NomenclatureNode)
        .where(NomenclatureNode.edition_id == edition.id, col(NomenclatureNode.spm_flag).is_(True))
    ).one()
    return levels, spm


def test_both_editions_load_with_their_counts(loaded: Engine, shared_data: Path) -> None:
    with Session(loaded) as session:
        assert _edition_counts(session, "SIPD-2027") == (Counter({"PROV": 4031, "KABKOT": 3550}), 614)
        assert _edition_counts(session, "SIPD-2024") == (Counter({"KABKOT": 2337}), 184)
        node = session.exec(
            select(NomenclatureNode).where(
                NomenclatureNode.code == "1.02.02.2.02.0001",
                NomenclatureNode.edition_id == edition_by_code(session, "SIPD-2027").id,
            )
        ).one()
        kegiatan = session.get(NomenclatureNode, node.parent_id)
    assert node.name == "Pengelolaan Pelayanan Kesehatan Ibu Hamil" and node.spm_flag and node.unit == "Orang"
    assert kegiatan is not None and kegiatan.code == "1.02.02.2.02" and kegiatan.government_level == "KABKOT"
    again = ingest(
        loaded,
        "nomenclature",
        shared_data / XLSX,
        IngestOptions(options={"edition": "SIPD-2027", "fiscal_year": "2027"}),
    )
    assert again.status == "unchanged"


def test_second_edition_records_the_hand_checked_changes(loaded: Engine) -> None:
    with Session(loaded) as session:
        changes = session.exec(select(NomenclatureChange)).all()
    by_code = {(c.code, c.change): c for c in changes}
    counts = Counter(c.change for c in changes)
    assert set(counts) <= {"added", "removed", "renamed", "recoded", "split", "merged"}
    assert counts["added"] > 1000 and counts["removed"] > 200 and counts["recoded"] > 60
    # predecessor column: 1.02.02.2.02.0053 names 1.02.02.2.02.0028 (which the 2024 list holds)
    assert by_code[("1.02.02.2.02.0053", "recoded")].previous_code == "1.02.02.2.02.0028"
    # in the 2024 list, in no 2027 row and no predecessor: Pengadaan Alat Praktik dan Peraga Siswa
    assert by_code[("1.01.02.2.01.0022", "removed")].old_name == "Pengadaan Alat Praktik dan Peraga Siswa"
    # O&P Embung Air Baku and O&P Unit Air Baku (2024) became O&P Unit Air Baku 1.03.02.2.01.0132
    assert by_code[("1.03.02.2.01.0132", "merged")].previous_code == "1.03.02.2.01.0051,1.03.02.2.01.0071"
    assert not [c for c in changes if c.government_level == "PROV"]  # the 2024 list is kab/kota only


def test_spm_tagging_2024_against_the_2027_flag(loaded: Engine) -> None:
    with Session(loaded) as session:
        result = compare_spm_flags(
            session, edition_by_code(session, "SIPD-2024"), edition_by_code(session, "SIPD-2027")
        )
    assert (len(result.only_first), len(result.only_second), result.both) == (44, 216, 140)
    assert ("KABKOT", "1.04.02.2.03.0006") in result.only_first  # SPM in 2024, NON-SPM in 2027
    assert ("KABKOT", "1.04.02.2.03.0006") not in result.absent_from_second
    assert ("KABKOT", "1.01.02.2.01.0022") in result.absent_from_second
    assert ("KABKOT", "1.01.02.2.01.0003") in result.only_second
    assert sum(v[0] for v in result.by_urusan.values()) == 44 and result.by_urusan["1.02"] == (0, 0, 12)


def test_proposals_are_stored_idempotent_and_never_approved(loaded: Engine) -> None:
    with Session(loaded) as session:
        edition = edition_by_code(session, "SIPD-2027")
        first = propose_for_edition(session, edition.id or 0)
        session.commit()
        second = propose_for_edition(session, edition.id or 0)
        session.commit()
        links = session.exec(select(ServiceLink)).all()
        events = session.exec(select(func.count()).select_from(LinkEvent)).one()
        ibu_hamil = session.exec(
            select(ServiceLink)
            .join(NomenclatureNode)
            .where(NomenclatureNode.code == "1.02.02.2.02.0001", NomenclatureNode.edition_id == edition.id)
        ).all()
    assert first.nodes == 614 and first.created == len(links) and not first.without_candidates
    proposed_nodes = {link.node_id for link in links}
    assert len(proposed_nodes) + len(first.abstained) == 614  # every SPM sub kegiatan: proposals, or none
    assert "1.05.03.1.02.0024" in first.abstained  # provincial disaster plan: no provincial JPD (PP 2/2018 Ps. 9)
    assert second.created == 0 and second.unchanged == first.created
    assert {link.status for link in links} == {"proposed"} and {link.origin for link in links} == {"proposer"}
    assert events == len(links)
    assert [link.service_code for link in ibu_hamil] == ["KES.KAB.01"] and "ibu hamil" in (ibu_hamil[0].reason or "")


def test_carry_approved_links_to_the_next_edition(loaded: Engine) -> None:
    with Session(loaded) as session:
        old = edition_by_code(session, "SIPD-2024")
        nodes = {
            n.code: n
            for n in session.exec(
                select(NomenclatureNode).where(
                    NomenclatureNode.edition_id == old.id,
                    col(NomenclatureNode.code).in_(["1.02.02.2.02.0001", "1.02.02.2.02.0028", "1.01.02.2.01.0022"]),
                )
            ).all()
        }
        for code, service in (
            ("1.02.02.2.02.0001", "KES.KAB.01"),
            ("1.02.02.2.02.0028", "KES.KAB.11"),
            ("1.01.02.2.01.0022", "DIK.KAB.02"),
        ):
            session.add(
                ServiceLink(
                    service_code=service,
                    node_id=nodes[code].id,
                    status="approved",
                    origin="manual",
                    proposed_by="test",
                    reviewed_by="reviewer",
                )
            )
        session.commit()
        report = carry_links(session, old, edition_by_code(session, "SIPD-2027"))
        session.commit()
        again = carry_links(session, old, edition_by_code(session, "SIPD-2027"))
        session.commit()
    outcomes = {(item.from_code, item.to_code): item.outcome for item in report.items}
    assert outcomes == {
        ("1.02.02.2.02.0001", "1.02.02.2.02.0001"): "approved",
        ("1.02.02.2.02.0028", "1.02.02.2.02.0053"): "needs_review",
        ("1.01.02.2.01.0022", None): "not_carried",
    }
    assert set(again.counts) == {"already_linked", "not_carried"}
