"""a link event records the service a reassignment moved the link away from

The proposer reads it so that a run never proposes a pairing an officer moved away from. Earlier
reassignments are filled in from their note ("service A -> B; ...", written by the mapping import).

Revision ID: 8b1f4c2e9d63
Revises: a7c4e2d9f1b3
Create Date: 2026-12-01 21:40:00
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "8b1f4c2e9d63"
down_revision: str | None = "a7c4e2d9f1b3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MOVED = re.compile(r"^service (\S+) -> ")


def upgrade() -> None:
    with op.batch_alter_table("link_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("service_from", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True))
    events = sa.table("link_event", sa.column("id"), sa.column("action"), sa.column("note"), sa.column("service_from"))
    connection = op.get_bind()
    rows = connection.execute(sa.select(events.c.id, events.c.note).where(events.c.action == "reassigned")).all()
    for event_id, note in rows:
        found = _MOVED.match(note or "")
        if found:
            connection.execute(events.update().where(events.c.id == event_id).values(service_from=found.group(1)))


def downgrade() -> None:
    with op.batch_alter_table("link_event", schema=None) as batch_op:
        batch_op.drop_column("service_from")
