"""Schools in the API, on the real Depok Dapodik list: schools(filter) with totalCount, school(npsn),
Region.schools, Rapor values per school and the /export/schools list."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from hub.ingest import ingest
from hub.models import IngestRun, RaporIndicator, RaporValue
from tests.schema.conftest import PUBLIC, Gql

DEPOK = "education/dapodik_sekolah_kota_depok.csv"


def test_schools_are_reachable(reference_db: Engine, shared_data: Path, gql: Gql, client: TestClient) -> None:
    ingest(reference_db, "schools", shared_data / DEPOK)
    with (shared_data / DEPOK).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    depok = [r for r in rows if r["Kota_Kabupaten"] == "Kota Depok"]  # the list holds a few Kab. Bekasi schools
    sd_negeri = [r for r in depok if r["Bentuk_Pendidikan"] == "SD" and r["Status"] == "Negeri"]
    first = sd_negeri[0]
    with Session(reference_db) as session:
        run = IngestRun(connector="rapor", source="test")
        indicator = RaporIndicator(edition="2025", jenjang="SD", code="A.1", name="Kemampuan literasi")
        session.add_all([run, indicator])
        session.flush()
        session.add(
            RaporValue(
                indicator_id=indicator.id,
                subject_type="school",
                subject_code=first["NPSN"],
                region_code="32.76",
                year=2025,
                score=Decimal("61.5"),
                category="Sedang",
                run_id=run.id,
            )
        )
        session.commit()

    data = gql(
        '{ schools(filter: {regionCode: "32.76", level: "SD", status: "Negeri"}, first: 2) '
        "{ totalCount nodes { npsn name region { code } } } }",
        token=PUBLIC,
    )
    assert data["schools"]["totalCount"] == len(sd_negeri) and len(data["schools"]["nodes"]) == 2
    assert data["schools"]["nodes"][0]["region"] == {"code": "32.76"}
    one = gql(f'{{ school(npsn: "{first["NPSN"]}") {{ name students raporValues {{ score category }} }} }}')
    assert one["school"]["name"] == first["Nama_Sekolah"]
    assert one["school"]["students"] == int(first["Peserta_Didik_Total"])
    assert [(Decimal(v["score"]), v["category"]) for v in one["school"]["raporValues"]] == [(Decimal("61.5"), "Sedang")]
    region = gql('{ region(code: "32.76") { schools(level: "SD", status: "Negeri") { npsn } } }', token=PUBLIC)
    assert len(region["region"]["schools"]) == len(sd_negeri)
    province = gql('{ region(code: "32") { schools { npsn } } }', token=PUBLIC)
    assert len(province["region"]["schools"]) == len(rows)  # Kota Depok and Kab. Bekasi, both in Jawa Barat
    exported = client.get("/export/schools.csv?regionCode=32.76&level=SD&status=Negeri")
    assert exported.status_code == 200
    assert len(list(csv.reader(exported.text.splitlines()))) == len(sd_negeri) + 1
