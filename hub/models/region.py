"""Regions by kode wilayah Kemendagri: provinces (``53``) and kabupaten/kota (``53.04``)."""

from sqlmodel import Field, SQLModel


class Region(SQLModel, table=True):
    """A province or kabupaten/kota. ``government_level`` decides which SPM services apply."""

    __tablename__ = "region"

    code: str = Field(primary_key=True, max_length=13)
    name: str = Field(max_length=128, index=True)
    kind: str = Field(max_length=16)  # provinsi | kabupaten | kota
    government_level: str = Field(max_length=4, index=True)  # PROV | KAB
    parent_code: str | None = Field(default=None, foreign_key="region.code", index=True, max_length=13)
    bps_code: str | None = Field(default=None, max_length=8, index=True)
    dapodik_code: str | None = Field(default=None, max_length=8)
    population_male: int | None = None
    population_female: int | None = None
    population_total: int | None = None
    edition: str = Field(default="Kepmendagri 300.2.2-2138/2025", max_length=64)
