"""Planning-office mutations over HTTP: propose, approve/reject with the review trail and audit, bulk
import from an uploaded CSV; errors come back as data with stable codes and field-level details."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from hub import models
from tests.factories import make_edition, make_node_path
from tests.schema.conftest import PUBLIC, Gql, make_token

CODE = "1.02.02.2.01.0001"
RESULT = """... on ServiceLink { id status reviewedBy note events { action statusFrom statusTo actor note } }
            ... on OperationError { code message fields { field message row value } }"""


@pytest.fixture
def node_id(reference_db: Engine) -> int:
    with Session(reference_db) as session:
        node = make_node_path(session, make_edition(session, "SIPD-2025"), CODE)
        session.commit()
        assert node.id is not None
        return node.id


def token_name(actor: str) -> str:
    """The token name in an actor ``token:<id>:<name>``."""
    return actor.split(":", 2)[2]


def propose(gql: Gql, node_id: int, token: str | None, service: str = "KES.KAB.01") -> dict:
    return gql(
        f"""mutation($node: Int!, $service: String!) {{ proposeLink(serviceCode: $service, nodeId: $node,
                   reason: "ANC") {{ {RESULT} }} }}""",
        {"node": node_id, "service": service},
        token=token,
    )["proposeLink"]


def test_propose_then_review_with_trail(reference_db: Engine, node_id: int, gql: Gql) -> None:
    region = make_token(reference_db, "r-secret", "region", "53.02")
    ministry = make_token(reference_db, "m-secret", "ministry")
    refused = gql(
        f'mutation {{ proposeLink(serviceCode: "KES.KAB.01", nodeId: {node_id}) {{ {RESULT} }} }}',
        token=PUBLIC,
        errors=True,
    )
    assert [e["extensions"]["code"] for e in refused["errors"]] == ["UNAUTHENTICATED"]
    unknown = propose(gql, node_id, region, service="NOPE.KAB.01")
    assert (unknown["code"], unknown["fields"][0]["field"]) == ("VALIDATION_FAILED", "serviceCode")
    link = propose(gql, node_id, region)
    assert link["status"] == "proposed"
    assert propose(gql, node_id, region)["code"] == "CONFLICT"
    review = f"""mutation($id: Int!, $note: String!) {{ rejectLink(id: $id, note: $note) {{ {RESULT} }} }}"""
    denied = gql(review, {"id": link["id"], "note": "no"}, token=region, errors=True)
    assert [e["extensions"]["code"] for e in denied["errors"]] == ["PERMISSION_DENIED"]
    empty = gql(review, {"id": link["id"], "note": " "}, token=ministry)["rejectLink"]
    assert (empty["code"], empty["fields"][0]["field"]) == ("VALIDATION_FAILED", "note")
    approved = gql(
        f"""mutation($id: Int!) {{ approveLink(id: $id, note: "ok") {{ {RESULT} }} }}""",
        {"id": link["id"]},
        token=ministry,
    )["approveLink"]
    reviewed = (approved["status"], token_name(approved["reviewedBy"]), approved["note"])
    assert reviewed == ("approved", "ministry-all", "ok")
    assert [(e["action"], e["statusFrom"], e["statusTo"], token_name(e["actor"])) for e in approved["events"]] == [
        ("proposed", None, "proposed", "region-53.02"),
        ("approved", "proposed", "approved", "ministry-all"),
    ]
    with Session(reference_db) as session:
        actions = session.exec(select(models.AuditEvent.action).order_by(models.AuditEvent.id)).all()
    assert actions == ["link.proposed", "link.approved"]


def upload(gql: Gql, content: str, token: str, name: str = "links.csv") -> dict:
    operations = {
        "query": """mutation($file: Upload!) { bulkImportLinks(file: $file) {
        ... on BulkImportResult { status rowsRead rowsLoaded run { connector actor } }
        ... on OperationError { code message fields { field row value message } } } }""",
        "variables": {"file": None},
    }
    response = gql.client.post(
        "/graphql",
        headers={"Authorization": f"Bearer {token}"},
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": (name, content.encode(), "text/csv")},
    )
    body = response.json()
    assert "errors" not in body, body
    return body["data"]["bulkImportLinks"]  # type: ignore[no-any-return]


def test_bulk_import_links_from_csv(reference_db: Engine, node_id: int, gql: Gql) -> None:
    region = make_token(reference_db, "r-secret", "region", "53.02")
    ministry = make_token(reference_db, "m-secret", "ministry")
    header = "service_code,sub_activity_code,edition,status,note\n"
    refused = upload(
        gql, header + f"KES.KAB.01,{CODE},SIPD-2025,approved,\nXX.KAB.01,9.99,SIPD-2025,proposed,\n", region
    )
    assert refused["code"] == "VALIDATION_FAILED"
    assert {(f["row"], f["field"]) for f in refused["fields"]} >= {
        (2, "status"),
        (3, "service_code"),
        (3, "sub_activity_code"),
    }
    assert upload(gql, "x", ministry, name="links.exe")["code"] == "BAD_INPUT"
    done = upload(
        gql,
        header + f"KES.KAB.01,{CODE},SIPD-2025,approved,reviewed\nKES.KAB.02,{CODE},SIPD-2025,proposed,\n",
        ministry,
    )
    assert (done["status"], done["rowsRead"], done["rowsLoaded"]) == ("succeeded", 2, 2)
    assert (done["run"]["connector"], token_name(done["run"]["actor"])) == ("links", "ministry-all")
    links = gql("""{ serviceLinks(filter: {codePrefix: "1.02"}, orderBy: [{field: SERVICE_CODE}]) {
        totalCount nodes { serviceCode status origin events { action actor } } } }""")["serviceLinks"]
    assert links["totalCount"] == 2
    assert [(n["serviceCode"], n["status"], n["origin"]) for n in links["nodes"]] == [
        ("KES.KAB.01", "approved", "import"),
        ("KES.KAB.02", "proposed", "import"),
    ]
    assert [(e["action"], token_name(e["actor"])) for e in links["nodes"][0]["events"]] == [
        ("imported", "ministry-all")
    ]


def test_region_bulk_import_cannot_undo_the_ministrys_review(reference_db: Engine, node_id: int, gql: Gql) -> None:
    region = make_token(reference_db, "r-secret", "region", "53.02")
    ministry = make_token(reference_db, "m-secret", "ministry")
    with Session(reference_db) as session:
        link = models.ServiceLink(
            service_code="KES.KAB.01",
            node_id=node_id,
            status="approved",
            proposed_by="planner",
            reviewed_by="kemendagri",
            note="checked against the RKPD",
        )
        session.add(link)
        session.commit()
        link_id = link.id
    header = "service_code,sub_activity_code,edition,status,note\n"
    for status in ("proposed", ""):
        refused = upload(gql, header + f"KES.KAB.01,{CODE},SIPD-2025,{status},mine now\n", region)
        assert refused["code"] == "VALIDATION_FAILED", refused
        assert [(f["row"], f["field"]) for f in refused["fields"]] == [(2, "status")]
        assert "approved" in refused["fields"][0]["message"] and "ministry" in refused["fields"][0]["message"]
    with Session(reference_db) as session:
        stored = session.get(models.ServiceLink, link_id)
        assert stored is not None
        assert (stored.status, stored.reviewed_by) == ("approved", "kemendagri")
        assert stored.note == "checked against the RKPD"
    rows = f"KES.KAB.01,{CODE},SIPD-2025,approved,RKPD 2025\nKES.KAB.02,{CODE},SIPD-2025,,\n"
    done = upload(gql, header + rows, ministry)
    assert done["rowsLoaded"] == 2, done
    with Session(reference_db) as session:
        events = session.exec(
            select(models.AuditEvent).where(models.AuditEvent.entity == "service_link").order_by(models.AuditEvent.id)
        ).all()
    assert [(e.action, e.entity_key) for e in events[:1]] == [("link.noted", str(link_id))]
    assert [e.action for e in events] == ["link.noted", "link.imported"]
    assert (events[0].before or {})["note"] == "checked against the RKPD"
    assert (events[0].after or {})["note"] == "RKPD 2025"
    assert events[1].before is None and (events[1].after or {})["service_code"] == "KES.KAB.02"


def test_propose_link_checks_levels_and_caps_the_reason(reference_db: Engine, node_id: int, gql: Gql) -> None:
    region = make_token(reference_db, "r-secret", "region", "53.02")
    with Session(reference_db) as session:
        edition = session.exec(select(models.NomenclatureEdition)).one()
        kegiatan = make_node_path(session, edition, "1.02.02.2.01")
        prov = models.NomenclatureNode(
            edition_id=edition.id, code="1.02.02.1.01.0001", level=5, name="PROV item", government_level="PROV"
        )
        session.add(prov)
        session.commit()
        kegiatan_id, prov_id = kegiatan.id, prov.id
    assert kegiatan_id is not None and prov_id is not None
    not_sub = propose(gql, kegiatan_id, region)
    assert (not_sub["code"], not_sub["fields"][0]["field"]) == ("VALIDATION_FAILED", "nodeId")
    wrong_level = propose(gql, prov_id, region)
    assert (wrong_level["code"], wrong_level["fields"][0]["field"]) == ("VALIDATION_FAILED", "serviceCode")
    long = gql(
        """mutation($node: Int!, $reason: String!) { proposeLink(serviceCode: "KES.KAB.01", nodeId: $node,
           reason: $reason) { ... on OperationError { code fields { field } } } }""",
        {"node": node_id, "reason": "x" * 5_000},
        token=region,
    )["proposeLink"]
    assert (long["code"], long["fields"][0]["field"]) == ("VALIDATION_FAILED", "reason")
    with Session(reference_db) as session:
        assert session.exec(select(models.ServiceLink)).all() == []
