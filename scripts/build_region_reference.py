"""Rebuild hub/reference/regions.csv from the cahyadsn/wilayah SQL dumps.

Run by a maintainer when a new Kepmendagri edition is published; the product itself only reads
the CSV it ships. Usage: python scripts/build_region_reference.py ../shared/data/regions
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

_ROW = re.compile(r"\('((?:[^']|'')*)','((?:[^']|'')*)'(?:,'((?:[^']|'')*)','((?:[^']|'')*)','((?:[^']|'')*)')?\)")

# BPS codes for NTT, DOMAIN.md section 8 [C]; other provinces stay empty until an official list is loaded.
_BPS_NTT = {
    "53.01": "5303",
    "53.02": "5304",
    "53.03": "5305",
    "53.04": "5306",
    "53.05": "5307",
    "53.06": "5309",
    "53.07": "5310",
    "53.08": "5311",
    "53.09": "5312",
    "53.10": "5313",
    "53.11": "5302",
    "53.12": "5301",
    "53.13": "5308",
    "53.14": "5314",
    "53.15": "5315",
    "53.16": "5318",
    "53.17": "5316",
    "53.18": "5317",
    "53.19": "5319",
    "53.20": "5320",
    "53.21": "5321",
    "53.71": "5371",
    "53": "53",
}


def _rows(path: Path) -> list[tuple[str, ...]]:
    text = path.read_text(encoding="utf-8")
    return [tuple(v.replace("''", "'") for v in m.groups() if v is not None) for m in _ROW.finditer(text)]


def main(source: Path) -> None:
    population = {row[0]: row[2:5] for row in _rows(source / "wilayah_penduduk.sql")}
    out = Path(__file__).resolve().parent.parent / "hub" / "reference" / "regions.csv"
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "code",
                "name",
                "kind",
                "parent_code",
                "bps_code",
                "population_male",
                "population_female",
                "population_total",
            ]
        )
        for code, name in _rows(source / "wilayah.sql"):
            if code.count(".") > 1:
                continue
            if "." not in code:
                kind, parent = "provinsi", ""
            else:
                kind = "kota" if int(code.split(".")[1]) >= 71 else "kabupaten"
                parent = code.split(".")[0]
            male, female, total = population.get(code, ("", "", ""))
            writer.writerow([code, name, kind, parent, _BPS_NTT.get(code, ""), male, female, total])


if __name__ == "__main__":
    main(Path(sys.argv[1]))
