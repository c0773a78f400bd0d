"""Papan SPM in a real browser on the demo store: the national map, a region page, the review queue and
the public view, every request answered by this machine (issue 16's done-when)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page

from hub.reference import read_catalogue
from tests.browser.conftest import DemoStore, OfflinePage

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def graphql(hub_url: str, query: str, token: str | None = None, **variables: Any) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    answer = httpx.post(f"{hub_url}/graphql", json={"query": query, "variables": variables}, headers=headers).json()
    assert "errors" not in answer, answer
    return answer["data"]


def open_page(page: Page, hub_url: str, path: str, token: str | None) -> None:
    """Open a dashboard page, with the token pasted into the session the way a visitor does."""
    page.goto(f"{hub_url}/")
    page.wait_for_selector("body[data-ready='true']")
    if token:
        page.fill("#token-input", token)
        page.click("#token-form button[type=submit]")
        page.wait_for_selector("body[data-ready='true']")
    page.goto(f"{hub_url}{path}")
    page.wait_for_selector("body[data-ready='true']", timeout=30_000)


def band_of(ip: Decimal) -> dict[str, Any]:
    """The catalogue's band for an IP (the newest scheme), independently of the hub's code."""
    scheme = max(read_catalogue()["schemes"], key=lambda s: s["valid_from"])
    return max((b for b in scheme["bands"] if ip >= Decimal(b["min_ip"])), key=lambda b: Decimal(b["min_ip"]))


def test_national_map_colours_provinces_by_category(
    hub_url: str, demo_store: DemoStore, offline_page: OfflinePage
) -> None:
    page = offline_page.page
    open_page(page, hub_url, "/?tahun=2025", demo_store.ministry_token)
    codes = page.eval_on_selector_all("svg.map path", "paths => paths.map(p => p.dataset.code)")
    provinces = graphql(hub_url, '{ regions(filter: {level: "PROV"}, first: 100) { nodes { code } } }')
    assert sorted(codes) == sorted(n["code"] for n in provinces["regions"]["nodes"]) and len(codes) == 38

    ranking = graphql(
        hub_url,
        '{ ranking(year: 2025, level: "PROV") { achievement { region { code } ip category } } }',
        demo_store.ministry_token,
    )["ranking"]
    checked = 0
    for row in ranking:
        code, ip = row["achievement"]["region"]["code"], Decimal(row["achievement"]["ip"])
        band = band_of(ip)
        assert row["achievement"]["category"] == band["label"]
        legend = page.locator(f".legend li[data-rank='{band['rank']}']")
        assert band["label"] in legend.inner_text()
        expected = legend.locator(".swatch").evaluate("s => s.dataset.colour")
        assert page.locator(f"svg.map path[data-code='{code}']").get_attribute("fill") == expected
        checked += 1
    assert checked >= 2  # NTT and Maluku in the demo
    assert (
        len(
            {
                page.locator(f"svg.map path[data-code='{r['achievement']['region']['code']}']").get_attribute("fill")
                for r in ranking
            }
        )
        == 2
    )
    no_data = page.locator(".legend li[data-rank='none'] .swatch").evaluate("s => s.dataset.colour")
    assert page.locator("svg.map path[data-code='11']").get_attribute("fill") == no_data

    rows = page.locator("#ranking-prov-table tbody tr")
    assert rows.count() == len(ranking)
    page.locator("svg.map a[href^='/provinsi/81']").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/provinsi/81?tahun=2025")
    page.wait_for_selector("body[data-ready='true']")
    assert page.locator("svg.map path").count() == 11
    assert offline_page.blocked == []


def test_region_page_shows_buru_figures_and_sections(
    hub_url: str, demo_store: DemoStore, offline_page: OfflinePage
) -> None:
    page = offline_page.page
    open_page(page, hub_url, "/", demo_store.ministry_token)
    page.context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
    responses: list[Any] = []
    page.on("response", lambda response: responses.append(response))
    page.goto(f"{hub_url}/wilayah/81.04?tahun=2025")
    page.wait_for_selector("body[data-ready='true']", timeout=30_000)
    # the page weighs less than 300 kB without the map geometry (uncompressed; gzip makes it far less)
    page_bytes = sum(len(r.body()) for r in responses if r.ok and "/geo/" not in r.url and r.request.method == "GET")
    assert page_bytes < 300_000, page_bytes
    assert page.locator("#region-ip data").get_attribute("value") == "73.13"
    assert "Tuntas Pratama" in page.locator("#region-category").inner_text()
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("svg.chart polyline").count() >= 2
    unbudgeted = graphql(
        hub_url, '{ region(code: "81.04") { unbudgetedServices(year: 2025) { code } } }', demo_store.ministry_token
    )
    listed = page.locator("#unbudgeted-list li code").all_inner_texts()
    assert listed == [s["code"] for s in unbudgeted["region"]["unbudgetedServices"]]
    assert page.locator("#budget-table tbody tr").count() > 0
    assert page.locator("#per-recipient-table tbody tr").count() > 0
    assert page.locator("#readiness-score").count() == 1

    with page.expect_download() as download:
        page.locator("#budget button[data-format='csv']").click()
    path = download.value.path()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("id,") and all(",81.04," in line for line in lines[1:50])

    page.click("#lang")
    page.wait_for_selector("body[data-ready='true']")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Budget coverage" in page.locator("#budget").inner_text()
    assert offline_page.blocked == []


def test_review_actions_change_link_status(hub_url: str, demo_store: DemoStore, offline_page: OfflinePage) -> None:
    page = offline_page.page
    open_page(page, hub_url, "/tinjauan", demo_store.ministry_token)
    first, second = page.locator(".proposal").nth(0), page.locator(".proposal").nth(1)
    approve_id, reject_id = int(first.get_attribute("data-link-id")), int(second.get_attribute("data-link-id"))

    second.locator("button.reject").click()  # a rejection needs a note
    assert "catatan" in page.locator("#review-status").inner_text().lower()
    second.locator("textarea").fill("Bukan layanan ini: sub kegiatan untuk gedung kantor.")
    second.locator("button.reject").click()
    page.wait_for_selector(f".proposal[data-link-id='{reject_id}'][data-status='rejected']")
    first.locator("textarea").fill("Cocok dengan layanan.")
    first.locator("button.approve").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(f".proposal[data-link-id='{approve_id}'][data-status='approved']")

    query = """query($status: String!, $service: String!) {
      serviceLinks(filter: {status: $status, serviceCode: $service}, first: 500) { nodes { id note } } }"""
    approved = graphql(
        hub_url, query, demo_store.ministry_token, status="approved", service=first.get_attribute("data-service")
    )["serviceLinks"]["nodes"]
    rejected = graphql(
        hub_url, query, demo_store.ministry_token, status="rejected", service=second.get_attribute("data-service")
    )["serviceLinks"]["nodes"]
    assert {"id": approve_id, "note": "Cocok dengan layanan."} in approved
    assert any(link["id"] == reject_id and link["note"].startswith("Bukan layanan ini") for link in rejected)
    assert offline_page.blocked == []


def test_public_view_shows_only_public_data(hub_url: str, demo_store: DemoStore, offline_page: OfflinePage) -> None:
    published = graphql(
        hub_url,
        'mutation { publishAchievementReports(regionCode: "53.01", year: 2025, quarter: 4) {'
        " ... on PublishedReports { count } ... on OperationError { message } } }",
        demo_store.ministry_token,
    )
    assert published["publishAchievementReports"]["count"] > 0
    page = offline_page.page
    open_page(page, hub_url, "/?tahun=2025", None)
    assert "publik" in page.locator("#token-state").inner_text()

    public = graphql(
        hub_url,
        '{ prov: ranking(year: 2025, level: "PROV") { achievement { region { code } ip } }'
        ' kab: ranking(year: 2025, level: "KAB") { achievement { region { code } ip } } }',
    )
    for table, rows in (("#ranking-prov-table", public["prov"]), ("#ranking-kab-table", public["kab"])):
        shown = page.locator(f"{table} tbody tr")
        assert shown.count() == len(rows)
        for i, row in enumerate(rows):
            assert shown.nth(i).locator("data").first.get_attribute("value") == row["achievement"]["ip"]
    assert [r["achievement"]["region"]["code"] for r in public["kab"]] == ["53.01"]
    no_data = page.locator(".legend li[data-rank='none'] .swatch").evaluate("s => s.dataset.colour")
    fills = page.eval_on_selector_all("svg.map path", "ps => ps.map(p => p.getAttribute('fill'))")
    assert set(fills) == {no_data}  # no province report is published

    open_page(page, hub_url, "/wilayah/81.04?tahun=2025", None)
    buru = graphql(hub_url, '{ region(code: "81.04") { achievement(year: 2025) { ip } } }')
    assert buru["region"]["achievement"] is None and page.locator("#region-ip").count() == 0
    for hidden in ("#budget-table", "#per-recipient-table", "#readiness-score", "#unbudgeted-list"):
        assert page.locator(hidden).count() == 0
    assert page.locator(".refused").count() == 3
    text = page.locator("main").inner_text()
    assert "73,13" not in text and "Tuntas Pratama" not in text

    open_page(page, hub_url, "/wilayah/53.01?tahun=2025", None)
    own = graphql(hub_url, '{ region(code: "53.01") { achievement(year: 2025) { ip } } }')
    assert page.locator("#region-ip data").get_attribute("value") == own["region"]["achievement"]["ip"]

    open_page(page, hub_url, "/tinjauan", None)
    assert page.locator(".proposal").count() == 0
    assert offline_page.blocked == []


def test_cycle_sections_follow_the_api(hub_url: str, demo_store: DemoStore, offline_page: OfflinePage) -> None:
    """The e-SPM and assistance cycle parts appear exactly when the API has their fields (issues 12 and 13)."""
    token = demo_store.ministry_token
    fields = {f["name"] for f in graphql(hub_url, '{ __type(name: "Query") { fields { name } } }')["__type"]["fields"]}
    page = offline_page.page
    open_page(page, hub_url, "/?tahun=2025&triwulan=3", token)
    switch = page.locator("#pick-metric option")
    options = switch.evaluate_all("options => options.map(o => o.value)") if switch.count() else ["ip"]
    if not {"quarterStatuses", "quarter", "clusters"} & fields:
        assert options == ["ip"]
        open_page(page, hub_url, "/wilayah/53.12?tahun=2025&triwulan=3", token)
        assert page.locator("#cycle").count() == 0
        open_page(page, hub_url, "/provinsi/53?tahun=2025&triwulan=3", token)
        assert page.locator("#clusters").count() == 0
        assert offline_page.blocked == []
        return

    assert options == ["ip", "completeness", "timeliness"]
    rows = graphql(
        hub_url, '{ quarterStatuses(year: 2025, quarter: 3, level: "PROV") { regionCode completeness } }', token
    )["quarterStatuses"]
    open_page(page, hub_url, "/?tahun=2025&triwulan=3&ukuran=completeness", token)
    for row in rows[:3]:
        title = page.locator(f"svg.map a:has(path[data-code='{row['regionCode']}']) title").text_content() or ""
        shown = re.search(r"([\d.,]+) %", title)
        assert shown and float(shown.group(1).replace(".", "").replace(",", ".")) == float(row["completeness"]), title

    open_page(page, hub_url, "/wilayah/53.12?tahun=2025&triwulan=3", token)
    mine = graphql(
        hub_url, '{ quarterStatuses(year: 2025, quarter: 3, provinceCode: "53") { regionCode completeness } }', token
    )["quarterStatuses"]
    expected = next(r["completeness"] for r in mine if r["regionCode"] == "53.12")
    assert page.locator("#completeness data").get_attribute("value") == expected
    for part in ("#submission", "#stages", "#plan", "#team", "#follow-ups"):
        assert page.locator(part).count() == 1, part
    follow_ups = graphql(hub_url, '{ followUps(regionCode: "53.12") { status } }', token)["followUps"]
    still_open = [f for f in follow_ups if f["status"] not in ("done", "dropped")]
    assert page.locator("#follow-ups-table tbody tr").count() == len(still_open)

    open_page(page, hub_url, "/provinsi/53?tahun=2025&triwulan=3", token)
    clusters = graphql(hub_url, '{ clusters(provinceCode: "53") { id digest { overdue { action } } } }', token)[
        "clusters"
    ]
    assert page.locator(".cluster").count() == len(clusters)
    for cluster in clusters:
        shown = page.locator(f"#overdue-{cluster['id']} tbody tr")
        assert shown.count() == len(cluster["digest"]["overdue"])
    assert offline_page.blocked == []
