"""What a Dapodik school row must satisfy."""

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from connectors.contract import Keyed

NPSN = (
    r"^[0-9A-Z]\d{7}$"  # Nomor Pokok Sekolah Nasional: 8 characters, digits (non-formal units may start with a letter)
)


class SchoolContract(Keyed):
    """One school (satuan pendidikan) with its size; ``region_name`` is matched to a kode wilayah."""

    npsn: Series[str] = pa.Field(str_matches=NPSN, description="NPSN")
    name: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 256}, description="Nama Sekolah")
    level: Series[str] = pa.Field(nullable=True, str_length={"max_value": 16}, description="Bentuk Pendidikan")
    status: Series[str] = pa.Field(nullable=True, isin=["Negeri", "Swasta"], description="Status")
    province: Series[str] = pa.Field(nullable=True, description="Provinsi")
    region_name: Series[str] = pa.Field(description="Kabupaten/Kota")
    district: Series[str] = pa.Field(nullable=True, str_length={"max_value": 128}, description="Kecamatan")
    accreditation: Series[str] = pa.Field(nullable=True, description="Akreditasi")
    students: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="Peserta Didik")
    teachers: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="Guru / Pendidik")
    classrooms: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="Ruang Kelas")
    study_groups: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="Rombel")
