"""chart editions on accounts and funding sources; budget lines keep the names their file gives;
runs keep their issues grouped by rule; population may be totals without ages

Revision ID: a7c4e2d9f1b3
Revises: 5c3e9a1d7b20
Create Date: 2026-12-01 21:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "a7c4e2d9f1b3"
down_revision: str | None = "5c3e9a1d7b20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("account", "funding_source"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("edition", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
    with op.batch_alter_table("budget_line", schema=None) as batch_op:
        batch_op.add_column(sa.Column("account_name", sqlmodel.sql.sqltypes.AutoString(length=512), nullable=True))
        batch_op.add_column(
            sa.Column("funding_source_name", sqlmodel.sql.sqltypes.AutoString(length=512), nullable=True)
        )

    with op.batch_alter_table("ingest_run", schema=None) as batch_op:
        batch_op.add_column(sa.Column("report_groups", sa.JSON(), nullable=True))
    with op.batch_alter_table("population_count", schema=None) as batch_op:
        batch_op.alter_column("age", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM population_count WHERE age IS NULL")
    with op.batch_alter_table("population_count", schema=None) as batch_op:
        batch_op.alter_column("age", existing_type=sa.Integer(), nullable=False)
    op.drop_column("ingest_run", "report_groups")  # in place: a batch copy of ingest_run would break its foreign keys
    with op.batch_alter_table("budget_line", schema=None) as batch_op:
        batch_op.drop_column("funding_source_name")
        batch_op.drop_column("account_name")
    for table in ("funding_source", "account"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("edition")
