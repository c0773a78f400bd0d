"""Recipient need on the real Kota Samarinda population file (loaded once per module), checked
against a hand count of the raw rows made here with openpyxl, not through the hub."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine, delete, func
from sqlmodel import Session, select
from starlette.testclient import TestClient

from hub.analytics.need import need_plan
from hub.analytics.plan import run_sync
from hub.ingest import IngestOptions, RunSummary, ingest
from hub.models import AchievementReport, IngestRun, PopulationCount
from hub.reference import CATALOGUE_TOML
from tests.workbench.conftest import delete_facts

FILE = "population/penduduk_umur_kota_samarinda_2022_2024.xlsx"
OPTIONS = IngestOptions(options={"region": "64.72"})
RawKey = tuple[int, str, str, str, int]


@pytest.fixture(scope="module")
def raw(shared_data: Path) -> dict[RawKey, int]:
    """(tahun, kecamatan, kelurahan, kelamin, umur) -> jumlah, straight from the sheet."""
    workbook = openpyxl.load_workbook(shared_data / FILE, read_only=True)
    rows = workbook["Data"].iter_rows(min_row=2, values_only=True)
    counts = {(int(y), str(d), str(v), str(s), int(a)): int(n) for y, d, v, s, a, n in rows if y is not None}
    workbook.close()
    return counts


@pytest.fixture(scope="module")
def loaded(reference_once: Engine, shared_data: Path) -> RunSummary:
    delete_facts(reference_once)
    return ingest(reference_once, "population", shared_data / FILE, OPTIONS)


@pytest.fixture
def samarinda(loaded: RunSummary, reference_once: Engine, shared_data: Path) -> Engine:
    """The store holding the real file (reloaded if another module emptied it)."""
    with Session(reference_once) as session:
        if session.exec(select(func.count()).select_from(PopulationCount)).one() != 28_656:
            delete_facts(reference_once)
            ingest(reference_once, "population", shared_data / FILE, OPTIONS)
    return reference_once


def bands() -> dict[str, list[tuple[int, int]]]:
    """The catalogue's age bands, read from the shipped TOML (data, not the hub's code)."""
    found: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for band in tomllib.loads(CATALOGUE_TOML.read_text(encoding="utf-8"))["age_bands"]:
        found[band["service"]].append((band["age_min"], band["age_max"]))
    return found


def hand_count(raw: dict[RawKey, int], year: int, village: str | None = None) -> dict[str, tuple[int, int]]:
    out = {}
    for service, ranges in bands().items():
        if ".PROV." in service:
            continue
        totals = {"L": 0, "P": 0}
        for (y, _d, v, sex, age), count in raw.items():
            if y == year and (village is None or v == village) and any(lo <= age <= hi for lo, hi in ranges):
                totals[sex] += count
        out[service] = (totals["L"], totals["P"])
    return out


def test_real_file_loads_every_row_with_the_file_totals(
    samarinda: Engine, loaded: RunSummary, raw: dict[RawKey, int]
) -> None:
    assert (loaded.status, loaded.rows_read, loaded.rows_loaded) == ("succeeded", 28_656, 28_656)
    with Session(samarinda) as session:
        stored = dict(
            session.exec(
                select(PopulationCount.year, func.sum(PopulationCount.count)).group_by(PopulationCount.year)
            ).all()
        )
    by_year: dict[int, int] = defaultdict(int)
    for key, count in raw.items():
        by_year[key[0]] += count
    assert stored == by_year == {2022: 849_717, 2023: 861_878, 2024: 881_225}


def test_reloading_the_same_file_changes_nothing(samarinda: Engine, shared_data: Path) -> None:
    again = ingest(samarinda, "population", shared_data / FILE, OPTIONS)
    assert again.status == "unchanged"


def test_need_for_one_kelurahan_matches_a_hand_count(samarinda: Engine, raw: dict[RawKey, int]) -> None:
    with Session(samarinda) as session:
        rows = run_sync(
            session,
            need_plan("64.72", 2024, tolerance_pct=10, by="village", district="Loa Janan Ilir", village="harapan baru"),
        )
    expected = hand_count(raw, 2024, "HARAPAN BARU")
    assert {r.service_code: (r.male, r.female) for r in rows} == expected
    assert all(r.entitled == r.male + r.female and r.village == "HARAPAN BARU" for r in rows)
    assert expected["DIK.KAB.01"] == (317, 292)  # PAUD 5-6, counted by hand above


def test_need_for_the_city_matches_a_hand_count(samarinda: Engine, raw: dict[RawKey, int]) -> None:
    with Session(samarinda) as session:
        rows = run_sync(session, need_plan("64.72", 2022, tolerance_pct=10))
        province = run_sync(session, need_plan("64", 2022, tolerance_pct=10))
    assert {r.service_code: (r.male, r.female) for r in rows} == hand_count(raw, 2022)
    menengah = sum(n for (y, *_rest, age), n in raw.items() if y == 2022 and 16 <= age <= 18)
    assert [(r.service_code, r.entitled) for r in province] == [("DIK.PROV.01", menengah)]


def _report(engine: Engine, targets: dict[tuple[str, int], int]) -> None:
    with Session(engine) as session:
        run = IngestRun(connector="test", source="test")
        session.add(run)
        session.flush()
        for (service, quarter), targeted in targets.items():
            session.add(
                AchievementReport(
                    region_code="64.72",
                    year=2024,
                    quarter=quarter,
                    service_code=service,
                    targeted=targeted,
                    served=0,
                    run_id=run.id,
                )
            )
        session.commit()


def test_targets_beyond_the_tolerance_are_flagged(samarinda: Engine, ministry_client: TestClient) -> None:
    with Session(samarinda) as session:
        entitled = {r.service_code: r.entitled for r in run_sync(session, need_plan("64.72", 2024, tolerance_pct=0))}
    paud, dasar = entitled["DIK.KAB.01"], entitled["DIK.KAB.02"]
    _report(
        samarinda,
        {("DIK.KAB.01", 1): paud * 2, ("DIK.KAB.01", 2): round(paud * 1.05), ("DIK.KAB.02", 1): round(dasar * 0.8)},
    )
    try:
        query = """query($t: Float) { recipientNeed(regionCode: "64.72", year: 2024, tolerancePct: $t) {
                   serviceCode entitled targeted targetQuarter differencePct status flagged } }"""
        for tolerance, paud_status in ((10.0, "ok"), (3.0, "over_target")):
            body = ministry_client.post("/graphql", json={"query": query, "variables": {"t": tolerance}}).json()
            assert "errors" not in body, body
            by_code = {row["serviceCode"]: row for row in body["data"]["recipientNeed"]}
            assert by_code["DIK.KAB.01"]["targeted"] == round(paud * 1.05)  # the latest quarter's target
            assert by_code["DIK.KAB.01"]["targetQuarter"] == 2
            assert by_code["DIK.KAB.01"]["status"] == paud_status
            assert by_code["DIK.KAB.02"]["status"] == "under_target" and by_code["DIK.KAB.02"]["flagged"]
            assert by_code["KES.KAB.04"]["status"] == "no_target"
        default = ministry_client.post("/graphql", json={"query": query}).json()["data"]["recipientNeed"]
        assert {row["serviceCode"]: row["status"] for row in default}["DIK.KAB.01"] == "ok"  # settings: 10%
    finally:
        with Session(samarinda) as session:
            session.exec(delete(AchievementReport))  # type: ignore[call-overload]
            session.commit()


def test_unknown_place_or_region_is_not_found(samarinda: Engine, ministry_client: TestClient) -> None:
    from hub.core.errors import NotFound

    with Session(samarinda) as session, pytest.raises(NotFound):
        run_sync(session, need_plan("64.72", 2024, tolerance_pct=10, village="NOWHERE"))
    body = ministry_client.post(
        "/graphql", json={"query": '{ recipientNeed(regionCode: "99.99", year: 2024) { entitled } }'}
    )
    assert "No region" in body.json()["errors"][0]["message"]
