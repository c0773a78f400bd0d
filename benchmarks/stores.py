"""A fresh, migrated store per benchmark backend: a temporary SQLite file, or a scratch PostgreSQL
database created on the test server and dropped afterwards (as tests/conftest.py does)."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

from hub.db import migrate

POSTGRES_ADMIN_URL = os.environ.get("SPM_HUB_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


@contextmanager
def scratch_store(backend: str) -> Iterator[str]:
    """The URL of an empty, migrated store on ``backend`` (``sqlite`` or ``postgresql``)."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'bench.db'}"
            migrate.upgrade(url)
            yield url
        return
    name = f"spm_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"{POSTGRES_ADMIN_URL.rsplit('/', 1)[0].replace('postgresql://', 'postgresql+psycopg://', 1)}/{name}"
    try:
        migrate.upgrade(url)
        yield url
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
