"""Run Alembic from code, so the installed `spm-hub` needs no alembic.ini in the working directory."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

import migrations


def alembic_config(database_url: str) -> Config:
    """An Alembic config pointing at the shipped migrations and the given database."""
    config = Config()
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Apply migrations up to ``revision``."""
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    """Revert migrations down to ``revision`` (``base`` empties the store)."""
    command.downgrade(alembic_config(database_url), revision)


def heads() -> frozenset[str]:
    """The revisions a fully migrated store is at (what ``alembic_version`` must hold)."""
    return frozenset(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())
