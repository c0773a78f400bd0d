"""Education data: Dapodik schools and Rapor Pendidikan indicators and values."""

from decimal import Decimal

from sqlalchemy import Index, Numeric, UniqueConstraint
from sqlmodel import Field, SQLModel


class School(SQLModel, table=True):
    """A school (satuan pendidikan) identified by its NPSN, tied to its kabupaten/kota."""

    __tablename__ = "school"

    npsn: str = Field(primary_key=True, max_length=8)
    name: str = Field(max_length=256)
    level: str | None = Field(default=None, max_length=16, index=True)  # SD, SMP, SMA, SMK, SLB, ...
    status: str | None = Field(default=None, max_length=16)  # Negeri | Swasta
    region_code: str | None = Field(default=None, foreign_key="region.code", max_length=13, index=True)
    district: str | None = Field(default=None, max_length=128)
    accreditation: str | None = Field(default=None, max_length=16)
    students: int | None = None
    teachers: int | None = None
    classrooms: int | None = None
    study_groups: int | None = None
    run_id: int = Field(foreign_key="ingest_run.id", index=True)


class RaporIndicator(SQLModel, table=True):
    """A Rapor Pendidikan indicator, keyed by (edition, jenjang, code) as names change per edition."""

    __tablename__ = "rapor_indicator"
    __table_args__ = (UniqueConstraint("edition", "jenjang", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    edition: str = Field(max_length=16)
    jenjang: str = Field(max_length=16)  # SD, SMP, SMA, SMK, SLB, PAUD, DAERAH
    code: str = Field(max_length=16)  # A.1, D.4, ...
    name: str = Field(max_length=256)
    dimension: str | None = Field(default=None, max_length=1)  # A..E
    service_code: str | None = Field(default=None, foreign_key="spm_service.code", max_length=24)


class RaporValue(SQLModel, table=True):
    """An indicator's value for a region (``subject_type='region'``) or a school (``'school'``)."""

    __tablename__ = "rapor_value"
    __table_args__ = (
        UniqueConstraint("indicator_id", "subject_type", "subject_code", "year"),
        Index("ix_rapor_value_subject", "subject_type", "subject_code", "year"),
    )

    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int = Field(foreign_key="rapor_indicator.id", index=True)
    subject_type: str = Field(max_length=8)  # region | school
    subject_code: str = Field(max_length=13)  # kode wilayah or NPSN
    region_code: str | None = Field(default=None, foreign_key="region.code", max_length=13)
    year: int
    score: Decimal | None = Field(default=None, sa_type=Numeric(9, 4))
    category: str | None = Field(default=None, max_length=32)  # Baik, Sedang, Kurang, Tidak Tersedia...
    run_id: int = Field(foreign_key="ingest_run.id", index=True)
