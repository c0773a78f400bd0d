"""The demo sample: small, realistic data loaded on top of the reference data by `spm-hub demo`."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Engine


def load_sample(engine: Engine) -> Iterator[str]:
    """Load the shipped samples; yields one human-readable line per data set."""
    del engine
    yield from ()
