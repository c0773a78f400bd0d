"""Generate the shipped e-SPM sample (no public e-SPM file exists): quarterly reports and mutu items
for every region of the chosen provinces, every service of each region's government level.

The numbers are GENERATED, not real. They follow the documented shapes (docs/domain.md sections 3 and
5) and plausible magnitudes: targets scale with the region's population (``regions.csv``), served is
cumulative within the year (non-decreasing by quarter, never above the target), achievement differs
by region (some high, some low), and disaster-type services often have a zero target.

    python -m hub.demo.generate_reports [-o hub/demo/samples/espm_reports_2025.xlsx] [--year 2025]
"""

from __future__ import annotations

import argparse
import csv
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from hub.reference import REGIONS_CSV, read_catalogue

SAMPLES_DIR = Path(__file__).parent / "samples"
DEFAULT_OUTPUT = SAMPLES_DIR / "espm_reports_2025.xlsx"
SEED = 20250
QUARTER_SHARE = (0.24, 0.50, 0.76, 1.0)  # typical cumulative share of the year's service by quarter end

REPORT_HEADER = [
    "Kode Wilayah",
    "Nama Wilayah",
    "Tahun",
    "Triwulan",
    "Kode Layanan",
    "Nama Layanan",
    "Jumlah Sasaran",
    "Jumlah Terlayani Sesuai Standar",
    "Anggaran Dialokasikan",
    "Anggaran Terealisasi",
    "Permasalahan",
    "Solusi",
]
MUTU_HEADER = [
    "Kode Wilayah",
    "Tahun",
    "Triwulan",
    "Kode Layanan",
    "Kode Mutu",
    "Jenis Mutu",
    "Nama Mutu",
    "Jumlah Harus Dipenuhi",
    "Jumlah Terpenuhi",
]

# Sample assumptions (not facts): share of the population targeted, rupiah per recipient, and whether
# the service only has recipients when an event (disaster, outbreak, relocation) happens.
TARGET_SHARE: dict[str, float] = {
    "DIK.PROV.01": 0.060,
    "DIK.PROV.02": 0.004,
    "DIK.KAB.01": 0.038,
    "DIK.KAB.02": 0.170,
    "DIK.KAB.03": 0.008,
    "KES.KAB.01": 0.022,
    "KES.KAB.02": 0.021,
    "KES.KAB.03": 0.020,
    "KES.KAB.04": 0.100,
    "KES.KAB.05": 0.170,
    "KES.KAB.06": 0.600,
    "KES.KAB.07": 0.090,
    "KES.KAB.08": 0.080,
    "KES.KAB.09": 0.015,
    "KES.KAB.10": 0.0015,
    "KES.KAB.11": 0.008,
    "KES.KAB.12": 0.015,
    "PU.PROV.01": 0.020,
    "PU.PROV.02": 0.010,
    "PU.KAB.01": 0.300,
    "PU.KAB.02": 0.250,
    "TRANTIB.PROV.01": 0.0001,
    "TRANTIB.KAB.01": 0.0005,
    "TRANTIB.KAB.02": 0.200,
    "TRANTIB.KAB.03": 0.200,
    "SOS.PROV.01": 0.00008,
    "SOS.PROV.02": 0.00010,
    "SOS.PROV.03": 0.00008,
    "SOS.PROV.04": 0.00003,
    "SOS.KAB.01": 0.0005,
    "SOS.KAB.02": 0.0010,
    "SOS.KAB.03": 0.0010,
    "SOS.KAB.04": 0.0001,
}
EVENT_SERVICES = {
    "KES.PROV.01",
    "KES.PROV.02",
    "PERKIM.PROV.01",
    "PERKIM.PROV.02",
    "PERKIM.KAB.01",
    "PERKIM.KAB.02",
    "TRANTIB.KAB.04",
    "TRANTIB.KAB.05",
    "SOS.PROV.05",
    "SOS.KAB.05",
}
COST_PER_RECIPIENT = {
    "DIK": 1_400_000,
    "KES": 180_000,
    "PU": 350_000,
    "PERKIM": 45_000_000,
    "TRANTIB": 60_000,
    "SOS": 2_500_000,
}
GENERIC_MUTU = {  # (kind, name, units per recipient) when the catalogue lists no items for the service
    "DIK": [("BARANG_JASA", "Buku teks pelajaran", 4.0), ("SDM", "Pendidik berkualifikasi S1/D4", 0.05)],
    "KES": [("BARANG_JASA", "Paket layanan dan bahan habis pakai", 1.0), ("SDM", "Tenaga kesehatan", 0.004)],
    "PU": [("BARANG_JASA", "Sambungan/unit layanan", 0.2), ("SDM", "Operator dan teknisi", 0.0005)],
    "PERKIM": [("BARANG_JASA", "Unit rumah layak huni", 0.25), ("SDM", "Tenaga fasilitator", 0.02)],
    "TRANTIB": [("BARANG_JASA", "Sarana dan prasarana", 0.01), ("SDM", "Personel terlatih", 0.002)],
    "SOS": [("BARANG_JASA", "Paket kebutuhan dasar", 1.0), ("SDM", "Pekerja sosial / pendamping", 0.02)],
}
PROBLEMS = [
    ("Data sasaran belum padan dengan data kependudukan (NIK).", "Pemadanan data dengan Disdukcapil."),
    ("Keterbatasan tenaga di wilayah terpencil dan kepulauan.", "Penugasan khusus dan insentif tenaga."),
    ("Anggaran belum mencukupi kebutuhan pemenuhan mutu.", "Usulan tambahan pada APBD Perubahan."),
    ("Akses transportasi sulit pada musim hujan.", "Layanan jemput bola dan penjadwalan ulang."),
    ("Pencatatan dan pelaporan belum tepat waktu.", "Pendampingan operator dan rapat evaluasi triwulanan."),
]


@dataclass(frozen=True)
class Region:
    """A region of the sample."""

    code: str
    name: str
    level: str
    population: int


def regions(provinces: Sequence[str], path: Path = REGIONS_CSV) -> list[Region]:
    """The provinces and all their kabupaten/kota, from the shipped region list."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["code"].split(".")[0] in provinces]
    return [
        Region(
            row["code"], row["name"], "PROV" if row["kind"] == "provinsi" else "KAB", int(row["population_total"] or 0)
        )
        for row in rows
    ]


def _target(rng: random.Random, service: str, population: int) -> int:
    if service in EVENT_SERVICES:
        return 0 if rng.random() < 0.55 else int(rng.lognormvariate(4.5, 1.0))
    return max(1, round(population * TARGET_SHARE.get(service, 0.005) * rng.uniform(0.85, 1.15)))


def generate(year: int, provinces: Sequence[str], *, seed: int = SEED) -> tuple[list[list[object]], list[list[object]]]:
    """Report rows and mutu rows (with their headers' column order) for four quarters of ``year``."""
    rng = random.Random(seed)
    catalogue = read_catalogue()
    mutu_by_service: dict[str, list[tuple[str, str, str, float]]] = {}
    for item in catalogue.get("mutu", []):
        mutu_by_service.setdefault(item["service"], []).append((item["code"], item["kind"], item["name"], 1.0))
    reports: list[list[object]] = []
    mutu: list[list[object]] = []
    for region in regions(provinces):
        capacity = 0.3 + 0.85 * rng.betavariate(3, 1.4)  # some regions near 100%, a few far below
        for service in (s for s in catalogue["services"] if s["level"] == region.level):
            code, field = service["code"], service["field"]
            target = _target(rng, code, region.population)
            final = min(1.0, capacity * rng.uniform(0.8, 1.12)) if target else 0.0
            allocated = Decimal(round(target * COST_PER_RECIPIENT[field] * rng.uniform(0.6, 1.2), -3))
            items = mutu_by_service.get(code) or [
                (f"{code}.B{1 if kind == 'BARANG_JASA' else 2}.01", kind, name, per)
                for kind, name, per in GENERIC_MUTU[field]
            ]
            mutu_rate = min(1.0, capacity * rng.uniform(0.85, 1.15))
            served_before, realised_before = 0, Decimal(0)
            for quarter, share in enumerate(QUARTER_SHARE, start=1):
                served = min(target, max(served_before, round(target * final * share * rng.uniform(0.96, 1.0))))
                served_before = served
                spent = allocated * Decimal(str(min(1.0, share * rng.uniform(0.7, 1.05))))
                realised = realised_before = max(realised_before, spent.quantize(Decimal("0.01")))
                problem, solution = rng.choice(PROBLEMS) if target and served < 0.8 * target * share else (None, None)
                reports.append(
                    [
                        region.code,
                        region.name,
                        year,
                        quarter,
                        code,
                        service["name"],
                        target,
                        served,
                        allocated,
                        realised,
                        problem,
                        solution,
                    ]
                )
                for item_code, kind, name, per in items if target else []:
                    required = max(1, round(target * per))
                    fulfilled = min(required, round(required * mutu_rate * min(1.0, share + 0.25)))
                    mutu.append([region.code, year, quarter, code, item_code, kind, name, required, fulfilled])
    return reports, mutu


def write_workbook(path: Path, reports: list[list[object]], mutu: list[list[object]]) -> None:
    """Write the Laporan, Mutu and Keterangan sheets."""
    workbook = Workbook(write_only=True)
    for title, header, rows in (("Laporan", REPORT_HEADER, reports), ("Mutu", MUTU_HEADER, mutu)):
        sheet = workbook.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    note = workbook.create_sheet("Keterangan")
    for line in _note_lines():
        note.append([line])
    workbook.save(path)


def _note_lines() -> Iterator[str]:
    yield "SAMPLE DATA, GENERATED: not real e-SPM reports (no public e-SPM export exists)."
    yield "Generator: hub/demo/generate_reports.py (deterministic seed); shapes per docs/domain.md sections 3 and 5."
    yield "Jumlah Terlayani Sesuai Standar is cumulative within the year; Anggaran Terealisasi is cumulative."


def main(argv: Sequence[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--province", action="append", help="province code (default: 53 and 81)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    reports, mutu = generate(args.year, args.province or ["53", "81"], seed=args.seed)
    write_workbook(args.output, reports, mutu)
    print(f"{args.output}: {len(reports)} report rows, {len(mutu)} mutu rows")


if __name__ == "__main__":
    main()
