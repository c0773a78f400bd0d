"""Papan SPM's server side: page shells, asset caching, and the shipped map geometry against the
region reference (the browser behaviour is in tests/browser/test_dashboard.py)."""

from __future__ import annotations

import csv
import json
import re

import pytest
from sqlalchemy import Engine
from starlette.testclient import TestClient

from hub.api.dashboard.routes import STATIC, assets_version
from hub.reference import REGIONS_CSV

GEO = STATIC / "geo"


@pytest.fixture(scope="module")
def regions() -> dict[str, dict[str, str]]:
    with REGIONS_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


@pytest.mark.parametrize("path", ["/", "/provinsi/81", "/wilayah/81.04", "/tinjauan"])
def test_pages_are_shells_with_a_strict_policy(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert '<html lang="id">' in response.text
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-cache"
    assert "<script>" not in response.text and "style=" not in response.text  # nothing inline: the CSP allows none
    assert re.search(rf'src="/static/{assets_version()}/js/app.js"', response.text)


def test_unknown_region_codes_and_paths_are_not_found(client: TestClient) -> None:
    assert client.get("/wilayah/<script>").status_code == 404
    assert client.get("/no-such-page").status_code == 404
    assert client.get("/graphql", headers={"Accept": "text/html"}).status_code == 200  # the API keeps its paths


def test_assets_are_cached_for_good_only_under_the_current_version(client: TestClient) -> None:
    current = client.get(f"/static/{assets_version()}/geo/provinsi.json")
    assert current.status_code == 200
    assert current.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert current.headers["content-encoding"] == "gzip"
    stale = client.get("/static/0123456789ab/js/app.js")
    assert stale.status_code == 200 and stale.headers["cache-control"] == "no-cache"
    assert client.get(f"/static/{assets_version()}/../routes.py").status_code == 404
    source = client.get(f"/static/{assets_version()}/geo/SOURCE.md")
    assert source.headers["content-type"] == "text/plain; charset=utf-8" and "CC BY 4.0" in source.text


def test_scheme_bands_are_public(reference_db: Engine, client: TestClient) -> None:
    body = client.post("/graphql", json={"query": "{ achievementSchemes { code bands { label minIp rank } } }"}).json()
    assert "errors" not in body, body
    bands = body["data"]["achievementSchemes"][0]["bands"]
    assert [b["rank"] for b in bands] == sorted(b["rank"] for b in bands)
    assert bands[0]["label"] == "Tuntas Paripurna"


def test_province_geometry_covers_the_38_provinces(regions: dict[str, dict[str, str]]) -> None:
    collection = json.loads((GEO / "provinsi.json").read_text(encoding="utf-8"))
    codes = [f["properties"]["code"] for f in collection["features"]]
    assert sorted(codes) == sorted(code for code, row in regions.items() if not row["parent_code"])
    assert all(f["geometry"]["coordinates"] for f in collection["features"])


def test_kabkota_geometry_is_matched_within_its_province(regions: dict[str, dict[str, str]]) -> None:
    drawn, missing = 0, []
    for code, row in regions.items():
        if row["parent_code"]:
            continue
        collection = json.loads((GEO / "kabkota" / f"{code}.json").read_text(encoding="utf-8"))
        children = {c for c, r in regions.items() if r["parent_code"] == code}
        features = {f["properties"]["code"] for f in collection["features"]}
        assert features <= children, code  # a boundary is only ever given a kab/kota of its own province
        assert len(features) == len(collection["features"]), code  # no region drawn twice
        assert set(collection["regionsWithoutGeometry"]) == children - features
        drawn += len(features)
        missing += collection["regionsWithoutGeometry"]
    # the boundary file has 507 of the 514 kab/kota (SOURCE.md); every one of them matched a kode wilayah
    assert drawn == 507 and len(missing) == 7
