"""Alembic migrations of the hub's store (shipped with the package so `spm-hub db upgrade` works anywhere)."""
