"""Exact answers to bad input: variables, sizes, filters, cursors, control characters, export query
strings, batches. Every case is a clear code (QUERY_INVALID, BAD_INPUT, LIMIT_EXCEEDED), never
INTERNAL, and no export answers 200 and then a cut-off body."""

from __future__ import annotations

import base64
import io
from typing import Any

import openpyxl
import pytest
from graphql import parse
from sqlalchemy import Engine
from sqlmodel import Session, select
from starlette.testclient import TestClient

from hub import models
from hub.api.export import cell
from hub.core.i18n import _
from hub.core.settings import Settings
from hub.listing.names import LABELS
from schema import schema
from schema.limits import measure_operation
from tests.factories import make_report, make_run
from tests.security.conftest import Gql, Secrets, codes

REGIONS = "query($v: Int) { regions(first: $v) { nodes { code } } }"


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (REGIONS, {"v": "abc"}),  # wrong type
        ("query($v: Int!) { regions(first: $v) { nodes { code } } }", {}),  # missing
        ("query($v: Int!) { ranking(year: $v) { rank } }", {"v": 2**40}),  # overflow (Int is 32-bit)
        ("query($v: RegionFilter) { regions(filter: $v) { nodes { code } } }", {"v": {"bogus": 1}}),  # unknown field
        ("query($v: [RegionOrder!]) { regions(orderBy: $v) { nodes { code } } }", {"v": [{"field": "NOPE"}]}),
    ],
    ids=["wrong type", "missing", "overflow", "unknown input field", "bad enum"],
)
def test_bad_variables_are_query_invalid_naming_the_variable(
    reference_db: Engine, gql: Gql, query: str, variables: dict[str, Any]
) -> None:
    body = gql(query, "public", **variables)
    assert codes(body) == ["QUERY_INVALID"], body
    assert "$v" in body["errors"][0]["message"]


def _cost(query: str) -> int:
    document = parse(query)
    return measure_operation(schema._schema, document.definitions[0], {}, {}, Settings()).cost  # type: ignore[arg-type]


def test_sizes_negative_refused_and_missing_costed_at_the_default_page(reference_db: Engine, gql: Gql) -> None:
    for query in (
        "{ ranking(year: 2024, first: -1) { rank } }",
        '{ nomenclatureChanges(edition: "X", limit: -1) { code } }',
        "{ regions(first: -5) { nodes { code } } }",
    ):
        body = gql(query, "ministry")
        assert codes(body) == ["BAD_INPUT"], (query, body)
    negative = gql("query($n: Int) { ranking(year: 2024, first: $n) { rank } }", "ministry", n=-1)
    assert codes(negative) == ["BAD_INPUT"]
    default = Settings().default_page_size
    assert _cost("{ ranking(year: 2024) { rank } }") == 1 + default
    assert _cost("{ regions { nodes { code } } }") == 1 + default + default
    assert _cost('{ nomenclatureChanges(edition: "X") { code } }') == 1 + 200


def test_ranking_without_first_returns_the_default_page(reference_db: Engine, gql: Gql) -> None:
    with Session(reference_db) as session:
        run = make_run(session)
        kabupaten = session.exec(
            select(models.Region.code).where(models.Region.government_level == "KAB").limit(60)
        ).all()
        for code in kabupaten:
            make_report(session, run, code, "KES.KAB.01", targeted=10, served=5)
        session.commit()
    ranked = gql("{ ranking(year: 2024) { rank } }", "ministry")["data"]["ranking"]
    assert len(ranked) == Settings().default_page_size


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ("query($v: RegionFilter) { regions(filter: $v) { totalCount } }", {"v": {"nameContains": "a" * 50_000}}),
        ("query($v: RegionFilter) { regions(filter: $v) { totalCount } }", {"v": {"nameContains": "Kupang\x00"}}),
        ("query($v: RegionFilter) { regions(filter: $v) { totalCount } }", {"v": {"codePrefix": "53\x01"}}),
        ('{ regions(filter: {nameContains: "a\\u0000"}) { totalCount } }', {}),
        ("query($v: String) { regions(first: 5, after: $v) { totalCount } }", {"v": "o:" + "9" * 30}),
    ],
    ids=["long LIKE", "NUL", "control character", "NUL literal", "huge cursor"],
)
def test_unchecked_inputs_are_bad_input(reference_db: Engine, gql: Gql, query: str, variables: dict[str, Any]) -> None:
    if isinstance(variables.get("v"), str):
        variables = {"v": base64.urlsafe_b64encode(variables["v"].encode()).decode()}
    body = gql(query, "ministry", **variables)
    assert codes(body) == ["BAD_INPUT"], body


def test_control_characters_never_reach_the_store(reference_db: Engine, gql: Gql) -> None:
    mutation = """mutation($r: AchievementReportInput!) { recordAchievementReport(report: $r) {
        ... on AchievementReport { problems } ... on OperationError { code } } }"""
    report = {"regionCode": "53.02", "year": 2024, "quarter": 1, "serviceCode": "KES.KAB.01", "targeted": 10}
    body = gql(mutation, "other", r={**report, "served": 5, "problems": "air\x01bersih", "solutions": "ok\n\tya"})
    assert codes(body) == ["BAD_INPUT"] and "$r.problems" in body["errors"][0]["message"], body
    with Session(reference_db) as session:
        assert session.exec(select(models.AchievementReport)).all() == []
    body = gql(mutation, "other", r={**report, "served": 5, "problems": "air\nbersih"})
    assert body["data"]["recordAchievementReport"]["problems"] == "air\nbersih"


def _stored_report(engine: Engine, problems: str) -> None:
    with Session(engine) as session:
        report = make_report(session, make_run(session), "53.02", "KES.KAB.01", targeted=10, served=5)
        report.problems, report.published = problems, True
        session.add(report)
        session.commit()


def test_a_control_character_in_stored_text_does_not_break_the_xlsx_export(
    reference_db: Engine, client: TestClient
) -> None:
    _stored_report(reference_db, "air\x01bersih =1+1")
    response = client.get("/export/achievement-reports.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index(_(LABELS["problems"]))  # the column's label in the configured language
    assert [row[column] for row in rows[1:]] == ["airbersih =1+1"]


@pytest.mark.parametrize("value", [" =1+1", "\n=1+1", "  +cmd|' /C calc'!A0", "\t@SUM(1)", "\r-1+1"])
def test_formulas_after_leading_whitespace_are_neutralised(value: str) -> None:
    assert cell(value) == "'" + value


def test_plain_text_is_exported_as_it_is() -> None:
    assert [cell(v) for v in ("Kupang", "a = b", "1+1", 5)] == ["Kupang", "a = b", "1+1", 5]


@pytest.mark.parametrize(
    "query",
    [
        "?minPlanned=NaN",
        "?maxPlanned=Infinity",
        "?minPlanned=1e400",
        "?fiscalYear=99999999999999999999",
        "?order=" + ",".join(["region_code"] * 2_000),
        "?regionPrefix=" + "5" * 5_000,
        "?regionCode=53%00",
    ],
    ids=["NaN", "Infinity", "huge amount", "huge integer", "2000 order terms", "long text", "NUL"],
)
def test_export_query_strings_are_bad_input(
    reference_db: Engine, client: TestClient, secrets: Secrets, query: str
) -> None:
    response = client.get("/export/budget-lines.csv" + query, headers=secrets.header("ministry"))
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_INPUT"


def test_an_export_on_a_database_fault_is_an_error_not_a_cut_off_200(
    reference_db: Engine, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hub.api import app as app_module
    from hub.api import export

    async def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise OSError("connection reset")
        yield  # pragma: no cover

    monkeypatch.setattr(export, "_rows", broken)
    monkeypatch.setattr(export, "_copied", broken)  # the PostgreSQL CSV path (COPY TO) reads the database too
    with TestClient(app_module.create_app(settings), raise_server_exceptions=False) as client:
        for fmt in ("csv", "xlsx"):
            response = client.get(f"/export/regions.{fmt}")
            assert response.status_code == 500, response.text
            assert response.json()["errors"][0]["extensions"]["code"] == "INTERNAL"


def test_one_error_body_for_graphql_export_and_ingest(
    reference_db: Engine, client: TestClient, secrets: Secrets
) -> None:
    graphql = client.post("/graphql", json={"query": "{ nope }"})
    export = client.get("/export/regions.csv?bogus=1")
    ingest = client.post("/ingest/nope", files={"file": ("a.csv", b"a\n1\n")}, headers=secrets.header("ministry"))
    for response in (graphql, export, ingest):
        error = response.json()["errors"][0]
        assert set(error) >= {"message", "extensions"} and error["extensions"]["code"], response.text


@pytest.mark.parametrize("count", [6, 50, 1_000])
def test_every_oversized_batch_gets_the_same_code(client: TestClient, count: int) -> None:
    response = client.post("/graphql", json=[{"query": "{ __typename }"}] * count)
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"
