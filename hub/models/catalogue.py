"""The SPM catalogue: urusan (fields), jenis pelayanan dasar (services), mutu standards, age bands,
and the versioned achievement scheme (weights, mutu method, zero-target rule, category bands)."""

from datetime import date
from decimal import Decimal

from sqlalchemy import Numeric, UniqueConstraint
from sqlmodel import Field, SQLModel


class SpmField(SQLModel, table=True):
    """One of the six SPM urusan (pendidikan, kesehatan, ...)."""

    __tablename__ = "spm_field"

    code: str = Field(primary_key=True, max_length=16)  # DIK, KES, PU, PERKIM, TRANTIB, SOS
    sipd_urusan_code: str = Field(max_length=8, unique=True)  # 1.01 ... 1.06
    name: str = Field(max_length=128)
    legal_ref: str = Field(max_length=128)
    technical_standard: str | None = Field(default=None, max_length=256)


class SpmService(SQLModel, table=True):
    """A jenis pelayanan dasar (JPD) for one government level, with who is entitled to it."""

    __tablename__ = "spm_service"

    code: str = Field(primary_key=True, max_length=24)  # DIK.KAB.01
    field_code: str = Field(foreign_key="spm_field.code", index=True, max_length=16)
    level: str = Field(max_length=4, index=True)  # PROV | KAB
    name: str = Field(max_length=512)
    recipient_definition: str = Field(max_length=512)
    legal_ref: str = Field(max_length=128)
    evidence: str = Field(default="I", max_length=1)  # V verified, C corroborated, I inferred
    ordinal: int = 0


class MutuStandard(SQLModel, table=True):
    """A quality item (goods/services or personnel) that a service must provide."""

    __tablename__ = "mutu_standard"

    code: str = Field(primary_key=True, max_length=40)
    service_code: str = Field(foreign_key="spm_service.code", index=True, max_length=24)
    kind: str = Field(max_length=16)  # BARANG_JASA | SDM
    name: str = Field(max_length=256)
    unit: str | None = Field(default=None, max_length=32)


class RecipientAgeBand(SQLModel, table=True):
    """Ages (inclusive) whose population counts as entitled recipients of a service."""

    __tablename__ = "recipient_age_band"
    __table_args__ = (UniqueConstraint("service_code", "label"),)

    id: int | None = Field(default=None, primary_key=True)
    service_code: str = Field(foreign_key="spm_service.code", index=True, max_length=24)
    label: str = Field(max_length=128)
    age_min: int
    age_max: int
    evidence: str = Field(default="I", max_length=1)


class AchievementScheme(SQLModel, table=True):
    """A versioned IP SPM method: weights, mutu method and the rule for services with zero target."""

    __tablename__ = "achievement_scheme"

    code: str = Field(primary_key=True, max_length=32)
    valid_from: date
    description: str = Field(max_length=512)
    weight_recipients: Decimal = Field(sa_type=Numeric(6, 4))
    weight_mutu: Decimal = Field(sa_type=Numeric(6, 4))
    mutu_method: str = Field(max_length=24)  # MEAN_OF_RATIOS | RATIO_OF_SUMS | BINARY
    zero_target_rule: str = Field(max_length=24)  # NOT_APPLICABLE | COUNT_AS_FULL
    display_decimals: int = 2


class CategoryBand(SQLModel, table=True):
    """A kategori capaian: an IP at or above ``min_ip`` (and below the next band) gets ``label``."""

    __tablename__ = "category_band"
    __table_args__ = (UniqueConstraint("scheme_code", "label"),)

    id: int | None = Field(default=None, primary_key=True)
    scheme_code: str = Field(foreign_key="achievement_scheme.code", index=True, max_length=32)
    label: str = Field(max_length=64)
    min_ip: Decimal = Field(sa_type=Numeric(7, 4))
    rank: int
