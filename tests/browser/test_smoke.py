"""The browser harness itself: a page of the hub loads in Chromium, and other hosts are unreachable."""

from __future__ import annotations

from tests.browser.conftest import OfflinePage


def test_health_page_loads_and_other_hosts_are_blocked(hub_url: str, offline_page: OfflinePage) -> None:
    page = offline_page.page
    response = page.goto(f"{hub_url}/healthz")
    assert response is not None and response.status == 200
    assert "ok" in page.content()
    page.evaluate("fetch('https://cdn.example.org/x.js').catch(() => null)")
    page.wait_for_timeout(200)
    assert any("cdn.example.org" in url for url in offline_page.blocked)
