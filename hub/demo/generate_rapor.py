"""Generate the shipped Rapor Pendidikan sample (no public export of values exists).

Values are GENERATED, not real: region values for the kabupaten/kota (SD, SMP) and provinces (SMA,
SMK, SLB) of NTT and Maluku, and school values for real NPSNs of a Dapodik list (default: the
Balikpapan file of the project's shared data), editions 2024 and 2025, in the export shape the
``rapor`` connector reads (docs/domain.md section 7). Labels follow sample thresholds (>= 70 Baik,
>= 50 Sedang, else Kurang); a few values are ``Tidak Tersedia`` without a score.

    python -m hub.demo.generate_rapor --dapodik ../shared/data/education/dapodik_sekolah_kota_balikpapan.csv
"""

from __future__ import annotations

import argparse
import csv
import random
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

from hub.demo.generate_reports import regions

SAMPLES_DIR = Path(__file__).parent / "samples"
DEFAULT_OUTPUT = SAMPLES_DIR / "rapor_pendidikan_2025.xlsx"
SEED = 7
HEADER = [
    "Edisi",
    "Jenjang",
    "Kode Indikator",
    "Nama Indikator",
    "Layanan SPM",
    "Kode Wilayah",
    "NPSN",
    "Tahun",
    "Nilai",
    "Label Capaian",
]
# (code, name, mean score offset, jenjang it applies to or None for all); codes [C] docs/domain.md section 7
INDICATORS = [
    ("A.1", "Kemampuan literasi", -6, None),
    ("A.2", "Kemampuan numerasi", -12, None),
    ("A.3", "Karakter", 8, None),
    ("A.4", "Penyerapan lulusan SMK", -4, "SMK"),
    ("D.1", "Kualitas pembelajaran", 4, None),
    ("D.4", "Iklim keamanan satuan pendidikan", 6, None),
    ("D.8", "Iklim kebinekaan", 5, None),
    ("D.10", "Iklim inklusivitas", 0, None),
    ("D.17", "Link and match dengan dunia kerja", -8, "SMK"),
    ("E.1", "Partisipasi warga satuan pendidikan", 3, None),
]
SPM_SERVICE = {
    "SD": "DIK.KAB.02",
    "SMP": "DIK.KAB.02",
    "SMA": "DIK.PROV.01",
    "SMK": "DIK.PROV.01",
    "SLB": "DIK.PROV.02",
}  # docs/domain.md section 7 mapping of Rapor mutu indicators to JPD
SPM_INDICATORS = {"A.1", "A.2", "A.4", "D.4", "D.8", "D.10"}


def label(score: float | None) -> str:
    """Sample thresholds for the label capaian."""
    if score is None:
        return "Tidak Tersedia"
    return "Baik" if score >= 70 else "Sedang" if score >= 50 else "Kurang"


def _rows_for(
    rng: random.Random,
    base: float,
    jenjang: str,
    *,
    region: str | None,
    npsn: str | None,
    codes: set[str] | None = None,
) -> list[list[object]]:
    out: list[list[object]] = []
    for edition in (2024, 2025):
        for code, name, offset, only in INDICATORS:
            if (only and only != jenjang) or (codes and code not in codes):
                continue
            trend = 1.5 if edition == 2025 else 0.0
            score: float | None = round(min(99.5, max(5.0, rng.gauss(base + offset + trend, 6))), 2)
            if rng.random() < 0.03:
                score = None
            service = SPM_SERVICE.get(jenjang) if code in SPM_INDICATORS else None
            out.append([str(edition), jenjang, code, name, service, region, npsn, edition, score, label(score)])
    return out


def generate(provinces: Sequence[str], schools: list[dict[str, str]], *, seed: int = SEED) -> list[list[object]]:
    """All sample rows: region values, then school values."""
    rng = random.Random(seed)
    rows: list[list[object]] = []
    for region in regions(provinces):
        base = rng.uniform(42, 68)  # the sample's regions sit mostly in Sedang, some in Kurang or Baik
        for jenjang in ("SMA", "SMK", "SLB") if region.level == "PROV" else ("SD", "SMP"):
            rows += _rows_for(rng, base - (8 if jenjang == "SLB" else 0), jenjang, region=region.code, npsn=None)
    for school in schools:
        rows += _rows_for(
            rng,
            rng.uniform(50, 80),
            school["Bentuk_Pendidikan"],
            region=None,
            npsn=school["NPSN"],
            codes={"A.1", "A.2", "A.3", "A.4", "D.1", "D.4", "D.17"},
        )
    return rows


def pick_schools(path: Path, count: int, *, seed: int = SEED) -> list[dict[str, str]]:
    """``count`` schools of a Dapodik city list, spread over its levels (deterministic)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["Bentuk_Pendidikan"] in SPM_SERVICE]
    rows.sort(key=lambda row: row["NPSN"])
    return random.Random(seed).sample(rows, min(count, len(rows)))


def write_workbook(path: Path, rows: list[list[object]]) -> None:
    """Write the Nilai and Keterangan sheets."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Nilai")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    note = workbook.create_sheet("Keterangan")
    note.append(["SAMPLE DATA, GENERATED: not real Rapor Pendidikan values (no public export of values exists)."])
    note.append(["Generator: hub/demo/generate_rapor.py (deterministic seed); shape per docs/domain.md section 7."])
    note.append(["School rows use real NPSNs of the Dapodik Kota Balikpapan list; load schools first."])
    workbook.save(path)


def main(argv: Sequence[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dapodik", type=Path, required=True, help="a Dapodik city CSV (schools to score)")
    parser.add_argument("--schools", type=int, default=60)
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    rows = generate(["53", "81"], pick_schools(args.dapodik, args.schools))
    write_workbook(args.output, rows)
    print(f"{args.output}: {len(rows)} rows")


if __name__ == "__main__":
    main()
