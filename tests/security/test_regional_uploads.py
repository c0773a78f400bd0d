"""Regional self-service: a kabupaten's token loads its own region's files over HTTP and is refused
for any other region; link files from a region stay proposals; national sources stay the ministry's."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select
from starlette.testclient import TestClient

from hub.ingest.registry import SOURCES
from hub.models import Account, BudgetLine, FundingSource
from tests.connectors.test_budget import ATK, BUILD, DAU, KNOWN, line, write_rekap5
from tests.security.conftest import Gql, Secrets


@pytest.fixture
def budget_file(reference_db: Engine, tmp_path: Path) -> Path:
    with Session(reference_db) as session:
        session.add_all(
            [
                Account(code=BUILD, name="Belanja Modal Bangunan Gedung Tempat Pendidikan", level=6),
                Account(code=ATK, name="Belanja Alat Tulis Kantor", level=6),
                FundingSource(code=DAU, name="DAU Bidang Pendidikan", level=6),
            ]
        )
        session.commit()
    return write_rekap5(tmp_path / "apbd.xlsx", [line(KNOWN[1], 200_000_000), line(KNOWN[0], 5_000_000, account=ATK)])


def _post(client: TestClient, secrets: Secrets, who: str, path: Path, query: str) -> tuple[int, dict]:
    with path.open("rb") as handle:
        response = client.post(
            f"/ingest/budget?{query}", files={"file": (path.name, handle)}, headers=secrets.header(who)
        )
    return response.status_code, response.json()


def test_a_kabupaten_loads_its_own_budget_and_not_another_regions(
    client: TestClient, secrets: Secrets, budget_file: Path, reference_db: Engine
) -> None:
    status, body = _post(client, secrets, "kabupaten", budget_file, "region=53.01&stage=murni")
    assert status == 200, body
    assert body["status"] == "succeeded" and body["rowsLoaded"] == 2
    for who, region in (("kabupaten", "53.02"), ("kabupaten", "53"), ("other", "53.01")):
        status, body = _post(client, secrets, who, budget_file, f"region={region}&stage=murni")
        assert status == 403, (who, region, body)
        assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    status, body = _post(client, secrets, "province", budget_file, "region=53.02&stage=murni")  # its kabupaten
    assert status == 200, body
    status, body = _post(client, secrets, "public", budget_file, "region=53.01&stage=murni")
    assert status == 401
    status, body = _post(client, secrets, "kabupaten", budget_file, "stage=murni")
    assert status == 400 and "region=" in body["errors"][0]["message"]
    with Session(reference_db) as session:
        loaded = session.exec(select(BudgetLine.region_code, func.count()).group_by(BudgetLine.region_code)).all()
    assert dict(loaded) == {"53.01": 2, "53.02": 2}


def test_the_regional_sources_are_the_documented_ones() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "security.md").read_text(encoding="utf-8")
    regional = {name for name, source in SOURCES.items() if source.regional}
    proposals = {name for name, source in SOURCES.items() if source.proposals}
    assert regional == {"budget", "achievement", "population", "schools", "quarter", "prices"}
    assert proposals == {"links"}
    for name in SOURCES:
        assert f"`{name}`" in text, name


def test_a_region_may_only_propose_links(client: TestClient, secrets: Secrets) -> None:
    """The ``reviewer`` option is set from the token, never taken from the query string."""
    csv = b"edition,sub_activity_code,service_code,status\nNONE,1.01.02.2.01.0001,DIK.KAB.01,approved\n"
    response = client.post(
        "/ingest/links?reviewer=1", files={"file": ("links.csv", csv)}, headers=secrets.header("kabupaten")
    )
    assert response.status_code == 422, response.text
    messages = [issue for issue in response.json()["errors"][0]["extensions"]["issues"]]
    assert any("only the ministry may import approved" in message for message in messages), messages


UPLOAD = """mutation($file: Upload!, $region: String!) {
  uploadSourceFile(source: "budget", file: $file, region: $region, options: [{key: "stage", value: "murni"}]) {
    ... on IngestRun { status rowsLoaded connector actor }
    ... on OperationError { code message } } }"""


def test_a_kabupaten_loads_its_own_budget_over_graphql_too(gql: Gql, reference_db: Engine) -> None:
    own = b"region_code,fiscal_year,sub_activity_code,planned_amount\n53.01,2025,1.01.02.2.01.0001,1500000\n"
    result = gql(UPLOAD, "kabupaten", file=own, region="53.01")["data"]["uploadSourceFile"]
    assert (result["status"], result["rowsLoaded"], result["connector"]) == ("succeeded", 1, "budget")
    assert result["actor"].endswith("Kab Kupang")
    refused = gql(UPLOAD, "kabupaten", file=own, region="53.02")["data"]["uploadSourceFile"]
    assert refused["code"] == "PERMISSION_DENIED"
    smuggled = b"region_code,fiscal_year,sub_activity_code,planned_amount\n53.02,2025,1.01.02.2.01.0001,9\n"
    rejected = gql(UPLOAD, "kabupaten", file=smuggled, region="53.01")["data"]["uploadSourceFile"]
    assert rejected["code"] == "VALIDATION_FAILED"  # a neighbour's row inside one's own file
    with Session(reference_db) as session:
        assert session.exec(select(BudgetLine.region_code)).all() == ["53.01"]


def test_a_quarter_is_loaded_by_its_own_region_only(client: TestClient, secrets: Secrets, reference_db: Engine) -> None:
    """The province verifies its kabupaten/kota's quarters: it may not fill one in through the upload."""
    body = b"not a workbook"

    def post(who: str, region: str) -> tuple[int, dict]:
        response = client.post(
            f"/ingest/quarter?region={region}&year=2025&quarter=1",
            files={"file": ("tw1.csv", body)},
            headers=secrets.header(who),
        )
        return response.status_code, response.json()

    status, answer = post("province", "53.01")
    assert status == 403 and answer["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED", answer
    assert "53.01" in answer["errors"][0]["message"]
    status, answer = post("kabupaten", "53.01")  # its own: past the access rule, refused for the file itself
    assert status == 400 and answer["errors"][0]["extensions"]["code"] != "PERMISSION_DENIED", answer
