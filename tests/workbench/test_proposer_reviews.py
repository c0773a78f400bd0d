"""A proposal run respects the officer: a rejected pairing and a pairing an officer moved a link away
from are never proposed again; `links import` errors name only options that command takes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from hub.cli import app
from hub.core.settings import get_settings
from hub.ingest import IngestOptions, ingest
from hub.ingest.writers.nomenclature import edition_by_code
from hub.models import LinkEvent, NomenclatureNode, ServiceLink
from hub.workbench.proposer import propose_for_edition
from tests.workbench.conftest import EDITION

HEADER = "link_id,service_code,sub_activity_code,edition,status,note\n"


def _propose(engine: Engine) -> tuple[int, dict[tuple[str, str], ServiceLink]]:
    with Session(engine) as session:
        run = propose_for_edition(session, edition_by_code(session, EDITION).id or 0, abstain_below=0.0)
        session.commit()
        rows = session.exec(select(ServiceLink, NomenclatureNode.code).join(NomenclatureNode)).all()
        return run.kept_reviewed, {(link.service_code, code): link for link, code in rows}


def _import(engine: Engine, tmp_path: Path, body: str) -> None:
    path = tmp_path / "review.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    ingest(engine, "links", path, IngestOptions(actor="kasubbid"))


def test_reassigned_and_rejected_pairings_are_not_proposed_again(nomenclature_db: Engine, tmp_path: Path) -> None:
    _, first = _propose(nomenclature_db)
    moved = next(link for (_, code), link in first.items() if code == "1.01.02.2.01.0002")
    other = "DIK.KAB.03" if moved.service_code != "DIK.KAB.03" else "DIK.KAB.02"
    rejected = first[("KES.KAB.01", "1.02.02.2.02.0001")]
    _import(
        nomenclature_db,
        tmp_path,
        f"{moved.id},{other},1.01.02.2.01.0002,{EDITION},approved,ruang kelas pendidikan kesetaraan\n"
        f"{rejected.id},KES.KAB.01,1.02.02.2.02.0001,{EDITION},rejected,bukan layanan dasar\n",
    )
    with Session(nomenclature_db) as session:
        event = session.exec(select(LinkEvent).where(LinkEvent.action == "reassigned")).one()
    assert (event.link_id, event.service_from) == (moved.id, moved.service_code)

    kept, second = _propose(nomenclature_db)
    assert (moved.service_code, "1.01.02.2.01.0002") not in second  # the officer moved away from it
    assert second[(other, "1.01.02.2.01.0002")].status == "approved"
    assert second[("KES.KAB.01", "1.02.02.2.02.0001")].status == "rejected"
    assert kept >= 2  # at least the rejected link and the pairing moved away from
    assert len(second) == len(first)


@pytest.fixture
def cli(nomenclature_db: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("SPM_HUB_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_links_import_errors_suggest_only_its_own_options(cli: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + f",DIK.KAB.99,1.01.02.2.01.0001,{EDITION},approved,\n", encoding="utf-8")
    result = cli.invoke(app, ["links", "import", str(bad)])
    assert result.exit_code != 0 and "nothing was loaded" in result.output
    assert "--allow-partial" not in result.output and "--strict" not in result.output
    ingest_result = cli.invoke(app, ["ingest", "links", str(bad)])
    assert "--allow-partial" in ingest_result.output  # `spm-hub ingest` does offer it
