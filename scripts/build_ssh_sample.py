"""Build hub/demo/samples/ssh_sample_2024.xlsx from the real Kab. Pasangkayu SSH 2024 in ../shared/data/costs:
the rows the shipped item lists can be priced from (school goods, health supplies) plus the first
building-material rows, unchanged, in the original sheet layout.

    python scripts/build_ssh_sample.py ../shared/data/costs/ssh_kab_pasangkayu_2024.xlsx
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import openpyxl

OUT = Path(__file__).resolve().parent.parent / "hub" / "demo" / "samples" / "ssh_sample_2024.xlsx"
KEEP = re.compile(
    r"seragam|buku tulis|^pensil|buku pelajaran sd|meja dan kursi siswa|strip hb|timbangan|vitamin|tensi|leaflet",
    re.IGNORECASE,
)
FIRST_ROWS = 150


def main(source: Path) -> None:
    workbook = openpyxl.load_workbook(source, read_only=True)
    rows = list(workbook["ssh"].iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    kept = [row for number, row in enumerate(data) if number < FIRST_ROWS or (row[2] and KEEP.search(str(row[2])))]
    out = openpyxl.Workbook()
    sheet = out.active
    sheet.title = "ssh"
    sheet.append(list(header))
    for row in kept:
        sheet.append(list(row))
    out.save(OUT)
    print(f"wrote {OUT} ({len(kept)} of {len(data)} rows)")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
