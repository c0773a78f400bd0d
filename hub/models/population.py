"""Population by single year of age: the input for counting entitled SPM recipients."""

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class PopulationCount(SQLModel, table=True):
    """People of one age and sex living in one kelurahan/desa of a kabupaten/kota in one year."""

    __tablename__ = "population_count"
    __table_args__ = (
        UniqueConstraint("region_code", "year", "district", "village", "sex", "age"),
        CheckConstraint("age >= 0 AND count >= 0", name="ck_population_nonnegative"),
        Index("ix_population_region_year_age", "region_code", "year", "age"),
    )

    id: int | None = Field(default=None, primary_key=True)
    region_code: str = Field(foreign_key="region.code", max_length=13)
    year: int
    district: str = Field(max_length=128)  # kecamatan name as in the source
    village: str = Field(max_length=128)  # kelurahan/desa name as in the source
    sex: str = Field(max_length=1)  # L | P
    age: int | None = None  # None: a total over all ages (tables by sex and kelurahan only)
    count: int
    run_id: int = Field(foreign_key="ingest_run.id", index=True)
