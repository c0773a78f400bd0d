"""The SDL changes only by addition or deprecation: compared with the SDL committed on main, graphql-core
finds no breaking change except the intended ones listed here (each with its replacement)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from graphql import BreakingChangeType, build_schema, find_breaking_changes

from hub.cli.schema import SDL_PATH, sdl

# (kind, description as graphql-core words it): a breaking change made on purpose, with why.
# String -> enum on output fields whose enum values are exactly the strings served before (PROV, KAB,
# KABKOT): responses are byte for byte the same; the type now names the closed set.
INTENDED: set[tuple[BreakingChangeType, str]] = {
    (
        BreakingChangeType.FIELD_CHANGED_KIND,
        "Field NomenclatureChange.governmentLevel changed type from String to GovernmentLevel.",
    ),
    (
        BreakingChangeType.FIELD_CHANGED_KIND,
        "Field NomenclatureNode.governmentLevel changed type from String to GovernmentLevel.",
    ),
    (BreakingChangeType.FIELD_CHANGED_KIND, "Field Region.governmentLevel changed type from String! to ServiceLevel!."),
    (BreakingChangeType.FIELD_CHANGED_KIND, "Field SpmService.level changed type from String! to ServiceLevel!."),
}


def _main_sdl() -> str:
    root = Path(__file__).resolve().parents[2]
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    found = subprocess.run(
        ["git", "-C", str(root), "show", f"main:{SDL_PATH.relative_to(root).as_posix()}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if found.returncode != 0:
        pytest.skip(f"no SDL on main to compare with: {found.stderr.strip()}")
    return found.stdout


def test_sdl_diff_against_main_is_additive_or_deprecation_only() -> None:
    changes = find_breaking_changes(build_schema(_main_sdl()), build_schema(sdl()))
    unexpected = [(c.type, c.description) for c in changes if (c.type, c.description) not in INTENDED]
    assert unexpected == []
