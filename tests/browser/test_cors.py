"""A front-end on another origin calls the hub from a real browser: the preflight carries the bearer
header and is cached, the query runs with the ministry token; an origin not configured is refused."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

from hub.api.app import create_app
from hub.core.settings import Settings
from tests.browser.conftest import DemoStore, OfflinePage
from tests.live import serve_in_thread

PAGE = "<!doctype html><html><body><p id='state'>idle</p></body></html>"
QUERY = '{ region(code: "81.04") { name unbudgetedServices(year: 2025) { code } } }'
CALL = """async ([url, token, query]) => {
  const response = await fetch(url + "/graphql", {method: "POST",
    headers: {"Content-Type": "application/json", "Authorization": "Bearer " + token},
    body: JSON.stringify({query})});
  return {status: response.status, body: await response.json()};
}"""


@pytest.fixture(scope="module")
def front_end() -> Iterator[str]:
    """A second local server: the front-end team's page, on its own origin."""
    app = Starlette(routes=[Route("/", lambda _request: HTMLResponse(PAGE))])
    with serve_in_thread(app) as url:
        yield url


@pytest.fixture(scope="module")
def cors_hub(demo_store: DemoStore, front_end: str) -> Iterator[str]:
    settings = Settings(database_url=demo_store.url, cors_origins=f"https://other.example, {front_end}")
    with serve_in_thread(create_app(settings), lifespan="on") as url:
        yield url


def test_page_on_another_origin_queries_with_a_bearer_token(
    front_end: str, cors_hub: str, demo_store: DemoStore, offline_page: OfflinePage
) -> None:
    page = offline_page.page
    page.goto(front_end)
    result = page.evaluate(CALL, [cors_hub, demo_store.ministry_token, QUERY])
    assert result["status"] == 200, result
    assert "errors" not in result["body"], result
    assert result["body"]["data"]["region"]["name"] == "Kabupaten Buru"
    assert not offline_page.blocked


def test_the_preflight_allows_the_bearer_header_and_is_cached(front_end: str, cors_hub: str) -> None:
    """What the browser asked before the call above (Chromium does not show preflights to Playwright)."""
    asked = {"Origin": front_end, "Access-Control-Request-Method": "POST"}
    response = httpx.options(
        f"{cors_hub}/graphql", headers={**asked, "Access-Control-Request-Headers": "authorization,content-type"}
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == front_end
    assert "authorization" in response.headers["access-control-allow-headers"].lower()
    assert int(response.headers["access-control-max-age"]) >= 60
    stranger = httpx.options(f"{cors_hub}/graphql", headers={**asked, "Origin": "http://127.0.0.1:1"})
    assert stranger.status_code == 400


def test_an_origin_not_configured_is_refused_by_the_browser(
    front_end: str, hub_url: str, demo_store: DemoStore, offline_page: OfflinePage
) -> None:
    """The default hub allows no other origin: the browser blocks the call (fetch rejects)."""
    page = offline_page.page
    page.goto(front_end)
    outcome = page.evaluate(
        f"({CALL})(arguments[0]).then(() => 'allowed', (error) => 'refused: ' + error.name)".replace(
            "arguments[0]", "[" + ", ".join(map(repr, [hub_url, demo_store.ministry_token, QUERY])) + "]"
        )
    )
    assert outcome.startswith("refused"), outcome
