"""Build the dashboard's map geometry from the boundary files in ../shared/data/geo.

Run by a maintainer when the boundaries or the region reference change; the product only reads what
this writes into hub/api/dashboard/static/geo/. It simplifies each ring (Douglas-Peucker), drops
islets too small to see at the map's scale, rounds coordinates, and attaches kode wilayah: provinces
and kabupaten/kota are matched to hub/reference/regions.csv by name within their province (the
province file's own codes predate the 2022 Papua split; the kab/kota file has no codes at all).
Aliases for names spelled differently live in hub/api/dashboard/geo_aliases.toml.

Usage: python scripts/build_geo.py ../shared/data/geo
"""

from __future__ import annotations

import csv
import json
import re
import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "hub" / "api" / "dashboard"
OUT = PACKAGE / "static" / "geo"
REGIONS_CSV = ROOT / "hub" / "reference" / "regions.csv"

Ring = list[tuple[float, float]]
# (tolerance in degrees, smallest islet kept in square degrees, decimals kept)
NATIONAL = (0.02, 0.004, 2)
PROVINCE = (0.004, 0.0004, 3)


def _perpendicular(point: tuple[float, float], start: tuple[float, float], end: tuple[float, float]) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify(ring: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker on one ring (iterative, so long coastlines do not hit the recursion limit)."""
    if len(ring) < 4:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, -1
        for i in range(first + 1, last):
            distance = _perpendicular(ring[i], ring[first], ring[last])
            if distance > best:
                best, index = distance, i
        if best > tolerance and index > 0:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [point for point, kept in zip(ring, keep, strict=True) if kept]


def _area(ring: Ring) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def _polygons(geometry: dict[str, Any]) -> list[list[Ring]]:
    if geometry["type"] == "Polygon":
        return [[[tuple(p) for p in ring] for ring in geometry["coordinates"]]]
    return [[[tuple(p) for p in ring] for ring in polygon] for polygon in geometry["coordinates"]]


def shrink(geometry: dict[str, Any], tolerance: float, min_area: float, decimals: int) -> dict[str, Any]:
    """A smaller MultiPolygon: outer rings only (holes are invisible at this scale), islets dropped
    but never the largest polygon, points simplified and rounded."""
    outers = sorted((polygon[0] for polygon in _polygons(geometry)), key=_area, reverse=True)
    kept = [ring for i, ring in enumerate(outers) if i == 0 or _area(ring) >= min_area]
    coordinates = []
    for ring in kept:
        points = simplify(ring, tolerance)
        rounded: list[list[float]] = []
        for x, y in points:
            point = [round(x, decimals), round(y, decimals)]
            if not rounded or rounded[-1] != point:
                rounded.append(point)
        if len(rounded) >= 4:
            coordinates.append([rounded])
    return {"type": "MultiPolygon", "coordinates": coordinates}


def name_key(name: str, rules: dict[str, Any]) -> str:
    """Compare names without case, punctuation, spaces and ignored words, abbreviations expanded."""
    name = rules["names"].get(name, name)
    words = re.sub(r"[^a-z0-9 ]", " ", name.lower()).split()
    return "".join(rules["words"].get(word, word) for word in words if word not in rules["ignore_words"])


def geo_kab_name(name: str) -> str:
    """The kab/kota file writes kabupaten without the word ("Subang") and kota with it ("Kota Bandung")."""
    return name if name.lower().startswith("kota ") else f"Kabupaten {name}"


def read_regions(path: Path = REGIONS_CSV) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {"code": row["code"], "name": " ".join(row["name"].split()), "parent": row["parent_code"]}
            for row in csv.DictReader(handle)
        ]


def match(names: Iterable[str], regions: list[dict[str, str]], rules: dict[str, Any]) -> dict[str, str | None]:
    """Each geometry name -> the kode wilayah of the one region with the same name key (None if none or several)."""
    by_key: dict[str, list[str]] = {}
    for region in regions:
        by_key.setdefault(name_key(region["name"], rules), []).append(region["code"])
    found: dict[str, str | None] = {}
    for name in names:
        codes = by_key.get(name_key(name, rules), [])
        found[name] = codes[0] if len(codes) == 1 else None
    return found


def _collection(features: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"type": "FeatureCollection", **extra, "features": features}


def _write(path: Path, data: dict[str, Any]) -> int:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return len(text)


def build(source: Path) -> list[str]:
    """Write provinsi.json and kabkota/<province>.json; return the report lines (what did not match)."""
    rules = tomllib.loads((PACKAGE / "geo_aliases.toml").read_text(encoding="utf-8"))
    regions = read_regions()
    provinces = [r for r in regions if not r["parent"]]
    report: list[str] = []

    raw = json.loads((source / "indonesia_38_provinsi.geojson").read_text(encoding="utf-8"))
    codes = match((f["properties"]["PROVINSI"] for f in raw["features"]), provinces, rules)
    features = []
    for feature in raw["features"]:
        name = feature["properties"]["PROVINSI"]
        if codes[name] is None:
            report.append(f"province geometry {name!r}: no region of that name")
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {"code": codes[name], "name": name},
                "geometry": shrink(feature["geometry"], *NATIONAL),
            }
        )
    size = _write(OUT / "provinsi.json", _collection(features))
    report.append(f"provinsi.json: {len(features)} provinces, {size:,} bytes")

    raw = json.loads((source / "indonesia_kabupaten_kota.geojson").read_text(encoding="utf-8"))
    province_code = {p["code"]: p for p in provinces}
    province_by_name = match({f["properties"]["WADMPR"] for f in raw["features"]}, provinces, rules)
    (OUT / "kabkota").mkdir(exist_ok=True)
    total = 0
    for code, province in sorted(province_code.items()):
        children = [r for r in regions if r["parent"] == code]
        mine = [f for f in raw["features"] if province_by_name.get(f["properties"]["WADMPR"]) == code]
        names = {f["properties"]["WADMKK"]: geo_kab_name(f["properties"]["WADMKK"]) for f in mine}
        codes = match(names.values(), children, rules)
        features, unmatched = [], []
        for feature in mine:
            name = feature["properties"]["WADMKK"]
            kode = codes[names[name]]
            if kode is None:
                unmatched.append(names[name])
                continue
            features.append(
                {
                    "type": "Feature",
                    "properties": {"code": kode, "name": names[name]},
                    "geometry": shrink(feature["geometry"], *PROVINCE),
                }
            )
        drawn = {f["properties"]["code"] for f in features}
        missing = [r["code"] for r in children if r["code"] not in drawn]
        total += _write(
            OUT / "kabkota" / f"{code}.json",
            _collection(features, unmatchedGeometry=sorted(unmatched), regionsWithoutGeometry=missing),
        )
        for name in sorted(unmatched):
            report.append(f"{code} {province['name']}: geometry {name!r} matches no kab/kota")
        names_of = {r["code"]: r["name"] for r in children}
        report.extend(f"{code} {province['name']}: {kode} {names_of[kode]} has no geometry" for kode in missing)
    report.append(f"kabkota/*.json: {total:,} bytes in {len(province_code)} files")
    return report


if __name__ == "__main__":
    for line in build(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "geo")):
        print(line)
