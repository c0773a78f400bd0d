"""Browser tests: Debian's Chromium driven by Playwright against a real hub on 127.0.0.1, with every
request to another host blocked (the product must work offline), on a demo store built once."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright

from hub import reference
from hub.access.tokens import create_token
from hub.api.app import create_app
from hub.core.settings import Settings
from hub.db import migrate
from hub.db.engine import make_engine, session_scope
from hub.demo.load import load_sample
from tests.live import serve_in_thread

CHROMIUM = os.environ.get("SPM_HUB_TEST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")


@dataclass(frozen=True)
class DemoStore:
    """The demo store every browser test reads: its URL and one token per role."""

    url: str
    ministry_token: str


@dataclass
class OfflinePage:
    """A page whose requests to any host but this machine are aborted (and recorded)."""

    page: Page
    blocked: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> DemoStore:
    """`spm-hub demo --no-serve` into a fresh SQLite file, once per session."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'spm_hub.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        reference.load_regions(session)
        reference.load_catalogue(session)
    for _line in load_sample(engine):
        pass
    with session_scope(engine) as session:
        _token, secret = create_token(session, name="browser ministry", role="ministry")
    engine.dispose()
    return DemoStore(url=url, ministry_token=secret)


@pytest.fixture(scope="session")
def hub_url(demo_store: DemoStore) -> Iterator[str]:
    """The hub serving the demo store (lifespan on, as `spm-hub serve` runs it)."""
    with serve_in_thread(create_app(Settings(database_url=demo_store.url)), lifespan="on") as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: .ci/run installs Debian's chromium package")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield instance
        instance.close()


@pytest.fixture
def offline_page(browser: Browser) -> Iterator[OfflinePage]:
    """A fresh browser context in which only this machine answers."""
    context = browser.new_context()
    result = OfflinePage(page=context.new_page())

    def guard(route: Route) -> None:
        host = route.request.url.split("/")[2].rsplit(":", 1)[0] if "://" in route.request.url else ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            result.blocked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    yield result
    context.close()
