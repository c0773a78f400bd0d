"""The ingest registry ties every source to a connector, a writer and its documentation; connectors
declare only references that exist."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path
from typing import get_args

import pytest

import connectors
from connectors.base import Need, References
from hub.core.errors import NotFound
from hub.ingest.registry import ALIASES, SOURCES, get_source
from hub.ingest.writers.base import Writer

ROOT = Path(__file__).resolve().parents[2]


def test_every_connector_class_is_registered_once() -> None:
    registered = {type(source.connector) for source in SOURCES.values()}
    exported = {getattr(connectors, name) for name in connectors.__all__}
    assert registered == exported
    assert all(name == source.connector.name for name, source in SOURCES.items())


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_source_has_a_writer_and_documentation(name: str) -> None:
    source = SOURCES[name]
    writer = source.writer({})
    assert isinstance(writer, Writer) or (callable(getattr(writer, "write", None)) and callable(writer.finish))
    page = ROOT / source.docs
    assert page.is_file(), f"{name}: {source.docs} does not exist"
    text = page.read_text(encoding="utf-8")
    assert re.search(rf"`{name}`|spm-hub ingest {name}\b", text), f"{source.docs} does not document the source `{name}`"


def test_needs_name_fields_of_references() -> None:
    assert set(get_args(Need)) == {f.name for f in fields(References)}
    for source in SOURCES.values():
        assert source.connector.needs <= set(get_args(Need)), source.name


def test_aliases_resolve_and_unknown_sources_are_refused() -> None:
    for alias, name in ALIASES.items():
        assert get_source(alias) is SOURCES[name]
    with pytest.raises(NotFound, match="available: "):
        get_source("no-such-source")
