"""The committed SDL (schema/schema.graphql) matches the code; regenerate with `spm-hub schema export`."""

from __future__ import annotations

from hub.cli.schema import SDL_PATH, sdl


def test_committed_sdl_matches_the_code() -> None:
    assert SDL_PATH.read_text(encoding="utf-8") == sdl(), "schema drifted: run `spm-hub schema export`"
