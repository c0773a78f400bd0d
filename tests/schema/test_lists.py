"""The lists built by ``schema.pagination.list_field``: the default ordering and order direction a list
declares, and its filter, as seen over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from hub import models
from tests.factories import make_edition, make_node_path
from tests.schema.conftest import Gql


@pytest.fixture
def runs(clean_db: Engine) -> Engine:
    """Three runs started out of connector order; ``b`` failed."""
    with Session(clean_db) as session:
        for connector, month, status in [("a", 1, "succeeded"), ("b", 3, "failed"), ("c", 2, "succeeded")]:
            session.add(
                models.IngestRun(
                    connector=connector, source="test", status=status, started_at=datetime(2025, month, 1, tzinfo=UTC)
                )
            )
        session.commit()
    return clean_db


def connectors(gql: Gql, arguments: str) -> list[str]:
    """The connectors of ``ingestRuns(<arguments>)``, in the order served."""
    nodes = gql(f"{{ ingestRuns{arguments} {{ nodes {{ connector }} }} }}")["ingestRuns"]["nodes"]
    return [node["connector"] for node in nodes]


def test_ingest_runs_are_newest_first_without_order(runs: Engine, gql: Gql) -> None:
    assert connectors(gql, "") == ["b", "c", "a"]


def test_run_order_defaults_to_descending(runs: Engine, gql: Gql) -> None:
    assert connectors(gql, "(orderBy: [{field: CONNECTOR}])") == ["c", "b", "a"]
    assert connectors(gql, "(orderBy: [{field: STARTED_AT, direction: ASC}])") == ["a", "c", "b"]


def test_ingest_runs_filter(runs: Engine, gql: Gql) -> None:
    assert connectors(gql, '(filter: {status: "succeeded"})') == ["c", "a"]


def test_nomenclature_tier_replaces_the_numeric_level(clean_db: Engine, gql: Gql) -> None:
    with Session(clean_db) as session:
        make_node_path(session, make_edition(session), "1.02.02.2.01.0001")
        session.commit()
    tier = gql("""{ nomenclatureNodes(filter: {tier: KEGIATAN}) { nodes { code tier level } } }""")
    old = gql("""{ nomenclatureNodes(filter: {level: 4}) { nodes { code tier } } }""")  # deprecated, still served
    assert tier["nomenclatureNodes"]["nodes"] == [{"code": "1.02.02.2.01", "tier": "KEGIATAN", "level": 4}]
    assert old["nomenclatureNodes"]["nodes"] == [{"code": "1.02.02.2.01", "tier": "KEGIATAN"}]
