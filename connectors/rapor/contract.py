"""What a Rapor Pendidikan value row must satisfy (docs/domain.md section 7)."""

import pandera.pandas as pa
from pandera.typing import Series

from connectors.base import REGION_CODE, SERVICE_CODE
from connectors.contract import Keyed
from connectors.schools.contract import NPSN

# Seen in exports and dashboards [C]: edit here when an edition adds a jenjang or a label.
JENJANG = ("PAUD", "SD", "SMP", "SMA", "SMK", "SLB", "PKBM", "DAERAH")
LABELS = ("Baik", "Sedang", "Kurang", "Tinggi", "Rendah", "Tidak Tersedia", "Capaian Tidak Tersedia", "Tidak Berlaku")
SCORED_LABELS = ("Baik", "Sedang", "Kurang", "Tinggi", "Rendah")  # these need a score


class RaporContract(Keyed):
    """An indicator's value for a region (kode wilayah) or a school (NPSN) in one year."""

    edition: Series[str] = pa.Field(str_matches=r"^\d{4}$", description="Edisi")
    jenjang: Series[str] = pa.Field(isin=JENJANG, description="Jenjang")
    indicator_code: Series[str] = pa.Field(str_matches=r"^[A-E]\.\d{1,2}(\.\d{1,2})*$", description="Kode Indikator")
    indicator_name: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 256}, description="Nama Indikator")
    service_code: Series[str] = pa.Field(nullable=True, str_matches=SERVICE_CODE, description="Layanan SPM")
    region_code: Series[str] = pa.Field(nullable=True, str_matches=REGION_CODE, description="Kode Wilayah")
    npsn: Series[str] = pa.Field(nullable=True, str_matches=NPSN, description="NPSN")
    year: Series[int] = pa.Field(ge=2019, le=2100, description="Tahun")
    score: Series[float] = pa.Field(nullable=True, ge=0, le=100, description="Nilai")
    category: Series[str] = pa.Field(isin=LABELS, description="Label Capaian")
