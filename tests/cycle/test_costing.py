"""Stage 2 costing on the demo's Kab. Buru (81.04) and DIK.KAB.02: the cost of full fulfilment,
recomputed here by hand from the raw rows (the e-SPM sample's target, the shipped item list, the SSH
sample's prices); and the planning office's own list and reviews."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from hub import models
from hub.access.caller import Caller
from hub.analytics.costing import cost_plan
from hub.analytics.plan import run_sync
from hub.core.errors import PermissionDenied
from hub.demo.load import SAMPLES
from hub.ingest import IngestOptions, ingest
from hub.reference import ITEMS_TOML
from hub.workbench import pricing
from tests.security.conftest import Gql

REGION, SERVICE = "81.04", "DIK.KAB.02"
OFFICE = Caller(role="region", region_code=REGION, name="Bappeda Buru")


@pytest.fixture
def priced(reference_db: Engine) -> Engine:
    ingest(reference_db, "achievement", SAMPLES / "espm_reports_2025.xlsx")
    ingest(
        reference_db,
        "prices",
        SAMPLES / "ssh_sample_2024.xlsx",
        IngestOptions(options={"region": REGION, "year": "2024"}),
    )
    with Session(reference_db) as session:
        pricing.propose_matches(session, OFFICE, REGION, 2025)
        session.commit()
    return reference_db


def _raw_target() -> int:
    rows = _rows(SAMPLES / "espm_reports_2025.xlsx", "Laporan")
    header = rows[0]
    at = {name: header.index(name) for name in ("Kode Wilayah", "Kode Layanan", "Triwulan", "Jumlah Sasaran")}
    found = [r for r in rows[1:] if r[at["Kode Wilayah"]] == REGION and r[at["Kode Layanan"]] == SERVICE]
    return int(max(found, key=lambda r: r[at["Triwulan"]])[at["Jumlah Sasaran"]])


def _raw_prices() -> list[tuple[str, str | None, str | None, Decimal]]:
    return [(r[2], r[3], r[4], Decimal(str(r[5]))) for r in _rows(SAMPLES / "ssh_sample_2024.xlsx", "ssh")[1:]]


def _rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        return list(workbook[sheet].iter_rows(values_only=True))
    finally:
        workbook.close()


def test_full_fulfilment_cost_recomputed_by_hand(priced: Engine) -> None:
    with Session(priced) as session:
        cost = run_sync(session, cost_plan(REGION, 2025, service_code=SERVICE))[0]
    recipients = _raw_target()
    items = next(entry for entry in tomllib.loads(ITEMS_TOML.read_text())["lists"] if entry["service"] == SERVICE)
    raw = _raw_prices()
    expected = Decimal(0)
    for item in items["items"]:
        found = next(c for c in cost.items if c.item_code == item["code"])
        if item["kind"] == "SDM":  # no SSH row prices a teacher: listed, not costed
            assert found.cost is None and item["code"] in cost.unmatched
            continue
        # the matched price is a row of the raw SSH file, and it holds every search term
        matched = (found.price_name, found.price_specification, found.price_unit, found.unit_price)
        row = next(r for r in raw if (r[0], " ".join(str(r[1]).split()), r[2], r[3]) == matched)
        assert set(item["terms"].split()) <= set(f"{row[0]} {row[1]}".lower().replace("/", " ").split())
        expected += Decimal(item["quantity"]) * recipients * row[3]
    assert cost.recipients == recipients == 21282 and cost.recipients_source == "reported_target"
    assert cost.full_cost == expected.quantize(Decimal("0.01"))
    # by hand: 21,282 x (166,500 x 1 + 3,400 x 12 + 2,300 x 6 + 13,000 x 2 + 610,500 x 0.2) = 21,282 x 369,200
    assert cost.full_cost == Decimal("7857314400.00")
    assert cost.funding_gap == cost.full_cost - cost.attributed_planned
    assert [c.item_code for c in cost.items[:2]] == ["DIK.SERAGAM", "DIK.MEJA_KURSI"]  # what drives the cost
    assert sum(c.share_pct or 0 for c in cost.items) == pytest.approx(100, abs=0.05)


def test_an_office_list_and_reviews_change_the_cost(priced: Engine) -> None:
    with Session(priced) as session:
        with pytest.raises(PermissionDenied):
            pricing.save_item_list(
                session, Caller(role="region", region_code="81.01", name="x"), REGION, SERVICE, [], None
            )
        own = [
            pricing.ItemInput("DIK.SERAGAM", "BARANG_JASA", "Seragam siswa", Decimal(2), "Pasang", "seragam siswa sd"),
            pricing.ItemInput("DIK.SEPATU", "BARANG_JASA", "Sepatu sekolah", Decimal(1), "Pasang", "sepatu sekolah"),
        ]
        assert pricing.save_item_list(session, OFFICE, REGION, SERVICE, own, "Perbup 5/2025").version == 1
        pricing.propose_matches(session, OFFICE, REGION, 2025)
        pricing.review_match(session, OFFICE, REGION, 2025, "DIK.SERAGAM", "rejected", note="harga tidak sesuai")
        session.commit()
        cost = run_sync(session, cost_plan(REGION, 2025, service_code=SERVICE))[0]
        events = session.exec(select(models.AuditEvent).where(models.AuditEvent.entity == "price_match")).all()
    assert (cost.list_owner, cost.list_version) == (REGION, 1)
    assert [c.item_code for c in cost.items] == ["DIK.SEPATU", "DIK.SERAGAM"] and cost.full_cost == 0
    assert cost.unmatched == ["DIK.SEPATU", "DIK.SERAGAM"]  # no SSH row for shoes; the uniform price was rejected
    assert [(e.action, e.after["status"]) for e in events] == [("rejected", "rejected")]


def test_costs_and_matches_over_graphql(priced: Engine, gql: Gql) -> None:
    query = """{ serviceCosts(regionCode: "81.04", year: 2025, serviceCode: "DIK.KAB.02") {
        recipients fullCost fundingGap unmatched items { itemCode matchStatus unitPrice cost sharePct } }
      priceMatches(regionCode: "81.04", year: 2025) { itemCode status priceName price } }"""
    body = gql(query, "ministry")
    assert "errors" not in body, body
    cost = body["data"]["serviceCosts"][0]
    assert cost["recipients"] == 21282 and cost["unmatched"] == ["DIK.GURU"]
    statuses = {m["itemCode"]: m["status"] for m in body["data"]["priceMatches"]}
    assert statuses["DIK.SERAGAM"] == "proposed" and statuses["DIK.GURU"] == "unmatched"
    assert "PERMISSION_DENIED" in str(gql(query, "kabupaten"))  # 53.01 may not read Buru's costing
