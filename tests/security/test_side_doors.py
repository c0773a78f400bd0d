"""Token-only data has no side door: proposed links through a service's or a node's
``includeProposed``, ingest runs through a fact's ``run``, another region's unpublished reports
through its ``readiness``."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from hub import models
from tests.factories import make_edition, make_node_path, make_report
from tests.security.conftest import Gql, codes

CODE = "1.02.02.2.01.0001"


@pytest.fixture
def proposed(reference_db: Engine) -> int:
    """A node with one proposed link (to KES.KAB.01); its id."""
    with Session(reference_db) as session:
        node = make_node_path(session, make_edition(session, "SIPD-2025"), CODE)
        session.add(models.ServiceLink(service_code="KES.KAB.01", node_id=node.id, status="proposed", proposed_by="x"))
        session.commit()
        assert node.id is not None
        return node.id


def test_the_public_does_not_read_proposed_links(proposed: int, gql: Gql) -> None:
    by_service = '{ spmService(code: "KES.KAB.01") { subActivities(includeProposed: true) { code } } }'
    by_node = f"{{ nomenclatureNode(id: {proposed}) {{ services(includeProposed: true) {{ code }} }} }}"
    for query in (by_service, by_node):
        assert codes(gql(query, "public")) == ["UNAUTHENTICATED"], query
        assert "errors" not in gql(query, "kabupaten"), query
    assert gql(by_service, "kabupaten")["data"]["spmService"]["subActivities"] == [{"code": CODE}]
    approved_only = '{ spmService(code: "KES.KAB.01") { subActivities { code } } }'
    assert gql(approved_only, "public")["data"]["spmService"]["subActivities"] == []


def test_region_tokens_do_not_read_other_callers_runs(reference_db: Engine, gql: Gql) -> None:
    with Session(reference_db) as session:
        run = models.IngestRun(
            connector="achievement", source="q4.xlsx", status="succeeded", actor="token:1:Kemendagri"
        )
        session.add(run)
        session.flush()
        report = make_report(session, run, "53.01", "KES.KAB.01", targeted=10, served=5)
        report.published = True
        session.add(report)
        session.commit()
    query = '{ achievementReports(filter: {regionCode: "53.01"}) { nodes { run { actor message } } } }'
    assert gql(query, "other")["data"]["achievementReports"]["nodes"] == [{"run": None}]
    ministry = gql(query, "ministry")["data"]["achievementReports"]["nodes"]
    assert ministry == [{"run": {"actor": "token:1:Kemendagri", "message": None}}]


def test_readiness_counts_only_reports_the_caller_may_read(reference_db: Engine, gql: Gql) -> None:
    with Session(reference_db) as session:
        run = models.IngestRun(connector="achievement", source="q1.xlsx", status="succeeded")
        session.add(run)
        session.flush()
        make_report(session, run, "53.01", "KES.KAB.01", targeted=10, served=5, mutu=(("1", "1"),), quarter=1)
        session.commit()
    query = '{ region(code: "53.01") { readiness(year: 2024, throughQuarter: 1) { reports } } }'
    own = gql(query, "kabupaten")["data"]["region"]["readiness"]["reports"]
    other = gql(query, "other")["data"]["region"]["readiness"]["reports"]
    assert float(own) > 0 and float(other) == 0, (own, other)
