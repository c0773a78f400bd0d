"""Docs that run: every fenced block of README.md and docs/*.md is executed against the demo data, in
document order, so a doc that drifts fails here. ``graphql`` blocks are posted with a ministry token
and must answer without errors, every list they ask for non-empty somewhere; ``bash`` blocks run each
``spm-hub`` command (through the CLI in-process) and it must exit 0. Any other block must say
``no-run`` in its info string (```` ```bash no-run ````): nothing is skipped silently.

The demo store is built once by the README's command (``python -m hub.cli demo --no-serve``) in a
scratch folder laid out like a checkout (``hub/`` and ``../shared`` reachable as the docs write them).
Each document runs on its own copy of that store, so its blocks may build on each other.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from hub.access.tokens import create_token
from hub.api.app import create_app
from hub.cli import app
from hub.core.markdown import Block, fenced_blocks
from hub.core.settings import Settings, get_settings
from hub.db.engine import make_engine, session_scope

REPO = Path(__file__).resolve().parents[2]
DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
SHELL = {"bash", "sh", "shell", "console"}
NO_RUN = "no-run"


def blocks(document: Path) -> list[Block]:
    return fenced_blocks(document.read_text(encoding="utf-8"))


def commands(block: Block) -> Iterator[list[str]]:
    """Each command of a shell block as argv: continuation lines joined, comments dropped."""
    for line in block.code.replace("\\\n", " ").splitlines():
        argv = shlex.split(line, comments=True)
        if argv:
            yield argv


@dataclass(frozen=True)
class Demo:
    folder: Path  # the scratch checkout: work/ (cwd, holding spm_hub.db) next to shared/
    output: str


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """The README's demo command, on a 40-column terminal (its token header must still be one line)."""
    root = tmp_path_factory.mktemp("docs")
    work = root / "work"
    work.mkdir()
    for name in ("hub", "benchmarks"):
        (work / name).symlink_to(REPO / name)
    (root / "shared").symlink_to((REPO.parent / "shared").resolve())
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPM_HUB_") or k.startswith("SPM_HUB_TEST")}
    env.update(COLUMNS="40", PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-m", "hub.cli", "demo", "--no-serve"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return Demo(folder=root, output=done.stdout)


def test_the_demo_prints_a_token_header_that_is_valid_json_when_copied(demo: Demo) -> None:
    headers = [line for line in demo.output.splitlines() if line.startswith("{")]
    assert len(headers) == 1, demo.output
    assert json.loads(headers[0])["Authorization"].startswith("Bearer spmhub_")
    assert any("/graphql?token=spmhub_" in line for line in demo.output.splitlines())


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_every_block_is_runnable_or_marked(document: Path) -> None:
    for block in blocks(document):
        runnable = block.language in SHELL | {"graphql"}
        assert runnable or NO_RUN in block.flags, (
            f"{document.name}:{block.line}: a {block.language or 'plain'} block; "
            f"make it ```bash or ```graphql, or mark it ```{block.language or 'text'} {NO_RUN}"
        )
        if block.language in SHELL and NO_RUN not in block.flags:
            for argv in commands(block):
                assert argv[0] == "spm-hub", f"{document.name}:{block.line}: {argv[0]} is not a hub command"


def _lists_by_field(value: Any, found: dict[str, bool], name: str = "") -> None:
    """For each field whose value is a list: whether any occurrence is non-empty."""
    if isinstance(value, dict):
        for key, item in value.items():
            _lists_by_field(item, found, key)
    elif isinstance(value, list):
        found[name] = found.get(name, False) or bool(value)
        for item in value:
            _lists_by_field(item, found, name)


@pytest.fixture
def store(demo: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, TestClient]]:
    """A copy of the demo store for one document (cwd: a scratch checkout), and a ministry client."""
    work = tmp_path / "work"
    work.mkdir()
    for name in ("hub", "benchmarks"):
        (work / name).symlink_to(REPO / name)
    (tmp_path / "shared").symlink_to(demo.folder / "shared")
    shutil.copy(demo.folder / "work" / "spm_hub.db", work / "spm_hub.db")
    url = f"sqlite:///{work / 'spm_hub.db'}"
    monkeypatch.chdir(work)
    monkeypatch.setenv("SPM_HUB_DATABASE_URL", url)
    get_settings.cache_clear()
    engine = make_engine(url)
    with session_scope(engine) as session:
        secret = create_token(session, name="docs test", role="ministry")[1]
    engine.dispose()
    with TestClient(create_app(Settings(database_url=url))) as client:
        client.headers["Authorization"] = f"Bearer {secret}"
        yield url, client
    get_settings.cache_clear()


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_every_documented_command_and_query_runs_on_the_demo(document: Path, store: tuple[str, TestClient]) -> None:
    _url, client = store
    runner = CliRunner()
    for block in blocks(document):
        where = f"{document.name}:{block.line}"
        if NO_RUN in block.flags:
            continue
        if block.language == "graphql":
            body = client.post("/graphql", json={"query": block.code}).json()
            assert not body.get("errors"), (where, body["errors"])
            lists: dict[str, bool] = {}
            _lists_by_field(body["data"], lists)
            assert all(lists.values()), (where, "returned nothing for", [k for k, v in lists.items() if not v])
        elif block.language in SHELL:
            for argv in commands(block):
                get_settings.cache_clear()
                result = runner.invoke(app, argv[1:])
                assert result.exit_code == 0, (where, " ".join(argv), result.output)
