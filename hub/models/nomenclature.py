"""Planning and budgeting nomenclature per edition: urusan > bidang > program > kegiatan > sub kegiatan."""

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from hub.core.vocabulary import NomenclatureTier
from hub.models.clock import utcnow

LEVELS = tuple(tier.value for tier in NomenclatureTier)  # urusan, bidang, program, kegiatan, sub_kegiatan


class NomenclatureEdition(SQLModel, table=True):
    """One issue of the nomenclature (a Kepmendagri, or a SIPD export of it)."""

    __tablename__ = "nomenclature_edition"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, unique=True)  # e.g. "SIPD-2027-1"
    name: str = Field(max_length=256)
    fiscal_year: int | None = Field(default=None, index=True)
    previous_id: int | None = Field(default=None, foreign_key="nomenclature_edition.id")
    created_at: datetime = Field(default_factory=utcnow)
    run_id: int | None = Field(default=None, foreign_key="ingest_run.id")


class NomenclatureNode(SQLModel, table=True):
    """A code in an edition. ``level`` 1..5 follows LEVELS; ``parent_id`` points one level up.

    The key is (edition, government level, code): SIPD reuses kegiatan/sub kegiatan codes with
    kegiatan digits 3..8 for different PROV and KABKOT items (466 codes in the 2027 export), so a
    code alone is ambiguous. Urusan, bidang and program nodes are shared (government level None).
    """

    __tablename__ = "nomenclature_node"
    __table_args__ = (
        UniqueConstraint("edition_id", "government_level", "code"),
        Index("ix_nomenclature_node_edition_level", "edition_id", "level"),
    )

    id: int | None = Field(default=None, primary_key=True)
    edition_id: int = Field(foreign_key="nomenclature_edition.id", ondelete="CASCADE")
    code: str = Field(max_length=32, index=True)
    name: str = Field(max_length=1024)
    level: int
    parent_id: int | None = Field(default=None, foreign_key="nomenclature_node.id", index=True)
    government_level: str | None = Field(default=None, max_length=8)  # PROV | KABKOT | None (shared)
    performance: str | None = None
    indicator: str | None = None
    unit: str | None = Field(default=None, max_length=128)
    spm_flag: bool | None = Field(default=None, index=True)
    kind: str | None = Field(default=None, max_length=32)  # Layanan | Aktifitas | supd
    predecessor_code: str | None = Field(default=None, max_length=32)
    tags: str | None = Field(default=None, max_length=512)
    run_id: int | None = Field(default=None, foreign_key="ingest_run.id")


class NomenclatureChange(SQLModel, table=True):
    """What changed for one code between an edition and the one before it (crosswalk)."""

    __tablename__ = "nomenclature_change"
    __table_args__ = (UniqueConstraint("edition_id", "government_level", "code", "change"),)

    id: int | None = Field(default=None, primary_key=True)
    edition_id: int = Field(foreign_key="nomenclature_edition.id", ondelete="CASCADE", index=True)
    previous_edition_id: int = Field(foreign_key="nomenclature_edition.id", ondelete="CASCADE")
    government_level: str | None = Field(default=None, max_length=8)
    code: str = Field(max_length=32)
    change: str = Field(max_length=16)  # added | removed | renamed | split | merged | recoded
    previous_code: str | None = Field(default=None, max_length=256)  # several, comma-separated, for merges
    old_name: str | None = None
    new_name: str | None = None
