"""nomenclature keys include the government level

SIPD reuses sub kegiatan codes (kegiatan digits 3..8) for different PROV and KABKOT items, so
nodes and changes are keyed by (edition, government level, code). A merge change lists several
previous codes, so previous_code grows to 256 characters.

Revision ID: 5c3e9a1d7b20
Revises: 67d2f146f89e
Create Date: 2026-11-23 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "5c3e9a1d7b20"
down_revision: str | None = "67d2f146f89e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite reflects the initial, unnamed unique constraints without a name; this convention gives
# them PostgreSQL's default names so one migration drops them on both backends.
NAMING = {"uq": "%(table_name)s_%(column_0_N_name)s_key"}


def upgrade() -> None:
    with op.batch_alter_table("nomenclature_node", schema=None, naming_convention=NAMING) as batch_op:
        batch_op.drop_constraint("nomenclature_node_edition_id_code_key", type_="unique")
        batch_op.create_unique_constraint(
            "nomenclature_node_edition_id_government_level_code_key",
            ["edition_id", "government_level", "code"],
        )
    with op.batch_alter_table("nomenclature_change", schema=None, naming_convention=NAMING) as batch_op:
        batch_op.add_column(sa.Column("government_level", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True))
        batch_op.alter_column(
            "previous_code",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=32),
            type_=sqlmodel.sql.sqltypes.AutoString(length=256),
            existing_nullable=True,
        )
        batch_op.drop_constraint("nomenclature_change_edition_id_code_change_key", type_="unique")
        batch_op.create_unique_constraint(
            "nomenclature_change_edition_id_government_level_code_change_key",
            ["edition_id", "government_level", "code", "change"],
        )


def downgrade() -> None:
    with op.batch_alter_table("nomenclature_change", schema=None, naming_convention=NAMING) as batch_op:
        batch_op.drop_constraint("nomenclature_change_edition_id_government_level_code_change_key", type_="unique")
        batch_op.create_unique_constraint(
            "nomenclature_change_edition_id_code_change_key", ["edition_id", "code", "change"]
        )
        batch_op.drop_column("government_level")
        batch_op.alter_column(
            "previous_code",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=256),
            type_=sqlmodel.sql.sqltypes.AutoString(length=32),
            existing_nullable=True,
        )
    with op.batch_alter_table("nomenclature_node", schema=None, naming_convention=NAMING) as batch_op:
        batch_op.drop_constraint("nomenclature_node_edition_id_government_level_code_key", type_="unique")
        batch_op.create_unique_constraint("nomenclature_node_edition_id_code_key", ["edition_id", "code"])
