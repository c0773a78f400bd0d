"""Global object identification: every main entity has a globalId that node(id:) resolves again,
through one dataloader (statements do not grow with the number of ids) and under the read policy of
the entity's list."""

from __future__ import annotations

import base64

from sqlalchemy import Engine
from sqlmodel import Session

from tests.factories import make_edition, make_line, make_link, make_node_path, make_report, make_run
from tests.schema.conftest import PUBLIC, Gql, make_token

FIELDS = """globalId __typename
    ... on Region { code name } ... on SpmService { code } ... on NomenclatureNode { id code }
    ... on ServiceLink { id status } ... on BudgetLine { id plannedAmount } ... on AchievementReport { id served }
    ... on IngestRun { id } ... on NomenclatureEdition { id code }"""


def _seed(engine: Engine) -> dict[str, object]:
    with Session(engine) as session:
        run = make_run(session)
        edition = make_edition(session)
        node = make_node_path(session, edition, "1.02.02.2.01.0001")
        link = make_link(session, "KES.KAB.01", node)
        line = make_line(session, run, "53.02", "1.02.02.2.01.0001", "1000.00")
        report = make_report(session, run, "53.02", "KES.KAB.01", targeted=10, served=7, year=2025, quarter=1)
        session.commit()
        return {
            "Region": "53.02",
            "SpmService": "KES.KAB.01",
            "NomenclatureEdition": edition.id,
            "NomenclatureNode": node.id,
            "ServiceLink": link.id,
            "BudgetLine": line.id,
            "AchievementReport": report.id,
            "IngestRun": run.id,
        }


def _gid(type_name: str, key: object) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


def test_global_ids_round_trip_for_every_main_entity(reference_db: Engine, gql: Gql) -> None:
    keys = _seed(reference_db)
    query = "{ " + " ".join(f'{t}: node(id: "{_gid(t, k)}") {{ {FIELDS} }}' for t, k in keys.items()) + " }"
    data = gql(query)
    for type_name, key in keys.items():
        found = data[type_name]
        assert found["__typename"] == type_name and found["globalId"] == _gid(type_name, key)
        assert key in (found.get("id"), found.get("code"))
    assert data["Region"]["name"] == "Kabupaten Timor Tengah Selatan"
    direct = gql('{ region(code: "53.02") { globalId } spmService(code: "KES.KAB.01") { globalId } }')
    assert direct["region"]["globalId"] == _gid("Region", "53.02")


def test_node_costs_one_statement_per_type_however_many_ids(reference_db: Engine, gql: Gql) -> None:
    codes = ["53.01", "53.02", "53.03", "53.04", "53.05", "53.06", "53.07", "53.08"]

    def regions(n: int) -> str:
        return (
            "{ "
            + " ".join(f'r{i}: node(id: "{_gid("Region", c)}") {{ globalId }}' for i, c in enumerate(codes[:n]))
            + " }"
        )

    gql(regions(2))
    two = gql.count
    data = gql(regions(8))
    assert gql.count == two <= 3 and all(data.values())


def test_node_keeps_each_lists_read_policy(reference_db: Engine, gql: Gql) -> None:
    keys = _seed(reference_db)
    report = f'{{ node(id: "{_gid("AchievementReport", keys["AchievementReport"])}") {{ globalId }} }}'
    assert gql(report, token=PUBLIC)["node"] is None  # not published: the public does not see it
    flores = make_token(reference_db, "tests-flores", "region", "53.10")
    assert gql(report, token=flores)["node"] is None  # another region's report
    assert gql(report)["node"] is not None  # the ministry sees it
    link = f'{{ node(id: "{_gid("ServiceLink", keys["ServiceLink"])}") {{ globalId }} }}'
    refused = gql(link, token=PUBLIC, errors=True)
    assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED" and refused["data"]["node"] is None
    run = f'{{ node(id: "{_gid("IngestRun", keys["IngestRun"])}") {{ globalId }} }}'
    assert gql(run, token=flores, errors=True)["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


def test_a_malformed_global_id_is_bad_input(reference_db: Engine, gql: Gql) -> None:
    for bad in ("not base64!", _gid("Nope", 1), _gid("ServiceLink", "x")):
        body = gql(f'{{ node(id: "{bad}") {{ globalId }} }}', errors=True)
        assert body["errors"][0]["extensions"]["code"] == "BAD_INPUT", body


def test_levels_are_enums_with_the_strings_served_before(reference_db: Engine, gql: Gql) -> None:
    data = gql('{ region(code: "53") { governmentLevel } spmService(code: "KES.KAB.01") { level } }', token=PUBLIC)
    assert data == {"region": {"governmentLevel": "PROV"}, "spmService": {"level": "KAB"}}
