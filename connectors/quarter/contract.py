"""What each sheet of the quarter workbook must satisfy (the rows a region fills in for e-SPM)."""

from datetime import date
from typing import Any

import pandera.pandas as pa
from pandera.typing import Series

from connectors.base import REGION_CODE, RUPIAH_RULE, SERVICE_CODE, is_rupiah
from connectors.contract import Keyed
from hub.core.vocabulary import ACTION_STATUSES, STAGE_STATUSES, STAGES


class _Scope(Keyed):
    """Every row carries the quarter it belongs to (from the workbook's marker or the load options)."""

    part: Series[str]
    region_code: Series[str] = pa.Field(str_matches=REGION_CODE, description="Kode Wilayah")
    year: Series[int] = pa.Field(ge=2018, le=2100, description="Tahun")
    quarter: Series[int] = pa.Field(ge=1, le=4, description="Triwulan")


class AchievementContract(_Scope):
    """Capaian: recipients targeted and served to standard (cumulative in the year)."""

    service_code: Series[str] = pa.Field(str_matches=SERVICE_CODE, description="Kode Layanan")
    targeted: Series[int] = pa.Field(ge=0, description="Jumlah Sasaran")
    served: Series[int] = pa.Field(ge=0, description="Jumlah Terlayani Sesuai Standar")


class BudgetingContract(_Scope):
    """Penganggaran: the budget allocated to and realised for a service."""

    service_code: Series[str] = pa.Field(str_matches=SERVICE_CODE, description="Kode Layanan")
    budget_allocated: Series[Any] = pa.Field(nullable=True, description="Anggaran Dialokasikan")
    budget_realised: Series[Any] = pa.Field(nullable=True, description="Anggaran Terealisasi")

    @pa.check("budget_allocated", "budget_realised", element_wise=True, error=RUPIAH_RULE)
    def _rupiah(cls, value: Any) -> bool:
        return is_rupiah(value)


class ProblemContract(_Scope):
    """Permasalahan: a problem, its solution and its kinds (codes separated by commas)."""

    service_code: Series[str] = pa.Field(str_matches=SERVICE_CODE, nullable=True, description="Kode Layanan")
    problem: Series[str] = pa.Field(str_length={"min_value": 1}, description="Permasalahan")
    solution: Series[str] = pa.Field(nullable=True, description="Solusi")
    kinds: Series[str] = pa.Field(nullable=True, description="Jenis Permasalahan")


class StageContract(_Scope):
    """Tahapan: one urusan's progress with one of the four stages, and the evidence."""

    field_code: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 16}, description="Kode Urusan")
    stage: Series[str] = pa.Field(isin=list(STAGES), description="Tahapan")
    status: Series[str] = pa.Field(isin=list(STAGE_STATUSES), description="Status (Belum, Proses, Selesai)")
    done_on: Series[date] = pa.Field(nullable=True, description="Tanggal Selesai")
    evidence_ref: Series[str] = pa.Field(nullable=True, str_length={"max_value": 256}, description="Dokumen Bukti")
    evidence_file_name: Series[str] = pa.Field(nullable=True, str_length={"max_value": 256}, description="Nama Berkas")
    evidence_sha256: Series[str] = pa.Field(nullable=True, str_matches=r"^[0-9a-f]{64}$", description="SHA-256")


class ActionContract(_Scope):
    """Rencana Aksi: one action with its service, OPD, funding, target, deadline, status and progress."""

    action: Series[str] = pa.Field(str_length={"min_value": 1}, description="Uraian Aksi")
    service_code: Series[str] = pa.Field(str_matches=SERVICE_CODE, nullable=True, description="Kode Layanan")
    agency: Series[str] = pa.Field(nullable=True, str_length={"max_value": 256}, description="OPD")
    sub_activity_code: Series[str] = pa.Field(
        nullable=True, str_matches=r"^\d\.\d{2}\.\d{2}\.\d\.\d{2}\.\d{4}$", description="Kode Sub Kegiatan"
    )
    budget_line_key: Series[str] = pa.Field(nullable=True, str_length={"max_value": 64}, description="Baris Anggaran")
    target: Series[str] = pa.Field(nullable=True, str_length={"max_value": 256}, description="Target")
    deadline: Series[date] = pa.Field(nullable=True, description="Batas Waktu")
    status: Series[str] = pa.Field(isin=list(ACTION_STATUSES), description="Status (Rencana, Berjalan, Selesai, Batal)")
    progress_pct: Series[float] = pa.Field(ge=0, le=100, description="Progres (%)")
    document_ref: Series[str] = pa.Field(nullable=True, str_length={"max_value": 256}, description="Dokumen")


class PlanContract(_Scope):
    """Dokumen Rencana Aksi: the plan's document and adoption date (one row)."""

    document_ref: Series[str] = pa.Field(nullable=True, str_length={"max_value": 256}, description="Dokumen")
    adopted_on: Series[date] = pa.Field(nullable=True, description="Tanggal Penetapan")


class DecreeContract(_Scope):
    """SK Tim: the decree of the Tim Penerapan SPM (one row)."""

    number: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 128}, description="Nomor SK")
    decreed_on: Series[date] = pa.Field(description="Tanggal SK")
    valid_until: Series[date] = pa.Field(nullable=True, description="Berlaku Sampai")
    document_ref: Series[str] = pa.Field(nullable=True, str_length={"max_value": 256}, description="Dokumen SK")


class MemberContract(_Scope):
    """Anggota Tim: a member, the role held, the OPD, from and to."""

    name: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 256}, description="Nama")
    role: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 128}, description="Peran")
    agency: Series[str] = pa.Field(nullable=True, str_length={"max_value": 256}, description="OPD")
    member_from: Series[date] = pa.Field(nullable=True, description="Mulai")
    member_to: Series[date] = pa.Field(nullable=True, description="Sampai")


CONTRACTS: dict[str, type[_Scope]] = {
    "Capaian": AchievementContract,
    "Penganggaran": BudgetingContract,
    "Permasalahan": ProblemContract,
    "Tahapan": StageContract,
    "Rencana Aksi": ActionContract,
    "Dokumen Rencana Aksi": PlanContract,
    "SK Tim": DecreeContract,
    "Anggota Tim": MemberContract,
}
