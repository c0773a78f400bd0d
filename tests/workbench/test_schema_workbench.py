"""The workbench over GraphQL: changes and edition diff readable, proposals for the ministry only."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select
from sqlmodel.ext.asyncio.session import AsyncSession
from starlette.testclient import TestClient

from hub.access.caller import Caller
from hub.core.settings import Settings
from hub.db.engine import make_async_engine
from hub.db.request import RequestDB
from hub.models import ServiceLink
from schema import schema
from schema.context import Context
from tests.connectors.test_nomenclature import GOOD, KEG_KAB, load, row, write_xlsx


def _two_editions(engine: Engine, tmp_path: Path) -> None:
    load(engine, write_xlsx(tmp_path / "a.xlsx", GOOD[:3]), edition="OLD")
    newer = [*GOOD[1:3], row("KABKOT", KEG_KAB, "1.02.02.2.02.0010 Pengelolaan Pelayanan Kesehatan Balita")]
    load(engine, write_xlsx(tmp_path / "b.xlsx", newer), edition="NEW")


def test_changes_and_diff_are_queryable(clean_db: Engine, client: TestClient, tmp_path: Path) -> None:
    _two_editions(clean_db, tmp_path)
    query = """{ nomenclatureChanges(edition: "NEW") { code change previousCode }
                 editionDiff(fromEdition: "OLD", toEdition: "NEW") {
                   changes { change count } spmOnlyFrom spmBoth
                   spmByBidang { bidang onlyFrom onlyTo both } } }"""
    body = client.post("/graphql", json={"query": query}).json()
    assert "errors" not in body, body
    assert {(c["code"], c["change"]) for c in body["data"]["nomenclatureChanges"]} == {
        ("1.02.02.2.02.0001", "removed"),
        ("1.02.02.2.02.0010", "added"),
    }
    counts = {c["change"]: c["count"] for c in body["data"]["editionDiff"]["changes"]}
    assert counts["added"] == 1 and counts["removed"] == 1 and counts["renamed"] == 0
    assert body["data"]["editionDiff"]["spmOnlyFrom"] == ["1.02.02.2.02.0001"]
    assert body["data"]["editionDiff"]["spmByBidang"] == [{"bidang": "1.02", "onlyFrom": 1, "onlyTo": 1, "both": 2}]


def test_proposing_needs_a_ministry_token(clean_db: Engine, client: TestClient, tmp_path: Path) -> None:
    _two_editions(clean_db, tmp_path)
    body = client.post(
        "/graphql",
        json={"query": 'mutation { proposeLinksForEdition(edition: "NEW") { ... on ProposalSummary { created } } }'},
    ).json()
    assert body["data"] is None and "token" in body["errors"][0]["message"]


def test_ministry_proposes_links_through_the_mutation(reference_db: Engine, settings: Settings, tmp_path: Path) -> None:
    _two_editions(reference_db, tmp_path)

    async def run() -> Any:
        engine = make_async_engine(settings.database_url)
        db = RequestDB(AsyncSession(engine, expire_on_commit=False))
        try:
            context = Context(db=db, settings=settings, caller=Caller(role="ministry", name="kemendagri"))
            return await schema.execute(
                'mutation { proposeLinksForEdition(edition: "NEW") { ... on ProposalSummary { nodes created } } }',
                context_value=context,
            )
        finally:
            await db.close()
            await engine.dispose()

    result = asyncio.run(run())
    assert result.errors is None and result.data == {"proposeLinksForEdition": {"nodes": 3, "created": 3}}
    with Session(reference_db) as session:
        links = session.exec(select(ServiceLink)).all()
    assert sorted(link.service_code for link in links) == ["KES.KAB.02", "KES.KAB.03", "KES.KAB.04"]
    assert {link.proposed_by for link in links} == {"kemendagri"} and {link.status for link in links} == {"proposed"}
