"""GraphiQL works offline: every asset comes from the hub, the README's example tabs are open, the
token handed in ``?token=`` fills the Authorization header, and an example query runs."""

from __future__ import annotations

from playwright.sync_api import Response

from hub.api.graphiql import example_queries
from tests.browser.conftest import DemoStore, OfflinePage


def test_graphiql_renders_and_runs_an_example_with_other_hosts_blocked(
    hub_url: str, demo_store: DemoStore, offline_page: OfflinePage
) -> None:
    page = offline_page.page
    page.goto(f"{hub_url}/graphql?token={demo_store.ministry_token}")
    page.wait_for_selector(".graphiql-container", timeout=15_000)
    assert "token=" not in page.url, "the secret is taken out of the address bar"
    tabs = page.locator(".graphiql-tab")
    assert tabs.count() == len(example_queries()) >= 3
    assert "Achievement" in tabs.first.inner_text()  # tabs are titled by the README's operation names
    page.wait_for_selector(".graphiql-doc-explorer-search, .graphiql-execute-button")

    def is_the_example(response: Response) -> bool:
        return response.request.method == "POST" and "__schema" not in (response.request.post_data or "")

    with page.expect_response(is_the_example) as answer:
        page.locator(".graphiql-execute-button").click()
    assert answer.value.request.headers["authorization"] == f"Bearer {demo_store.ministry_token}"
    body = answer.value.json()
    assert "errors" not in body, body
    assert body["data"]["region"]["achievement"]["ip"] is not None
    page.wait_for_function("document.querySelector('.result-window').innerText.includes('\"ip\"')")
    assert not offline_page.blocked, offline_page.blocked
