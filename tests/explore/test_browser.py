"""The web UI in Debian's Chromium, driven by Playwright, against a running server.

Opens every page, clicks a node, moves the time slider, searches, opens a copy pair,
checks hostile article text never runs, and saves screenshots: in a temporary folder, or
where NEWSGRAPH_SCREENSHOTS says (`NEWSGRAPH_SCREENSHOTS=docs/screenshots` refreshes the
committed ones), so that a test run leaves the working tree as it found it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(
    os.environ.get("NEWSGRAPH_SCREENSHOTS")
    or Path(tempfile.gettempdir()) / f"newsgraph-screenshots-{os.getuid()}"
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(
            "Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the playwright package is missing"
    )
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


@pytest.fixture()
def page(browser, server):
    # bypass_csp: the escaping alone must keep hostile text inert (the server's CSP is a
    # second wall, tested on its own below); it also lets Playwright wait on conditions.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=server.base, bypass_csp=True
    )
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    pg.on("console", lambda msg: pg.errors.append(msg.text) if msg.type == "error" else None)
    # offline is a rule: any request leaving 127.0.0.1 fails the test
    pg.outside = []
    pg.route(
        "**/*",
        lambda route: (
            (pg.outside.append(route.request.url), route.abort())
            if not route.request.url.startswith(server.base)
            else route.continue_()
        ),
    )
    yield pg
    context.close()
    assert not pg.outside, pg.outside


def open_page(pg, path: str, shot: str | None = None):
    pg.goto(path)
    pg.wait_for_function("window.__ngReady === true", timeout=15000)
    assert pg.evaluate("window.__pwned") is None
    if shot:
        SHOTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)


def test_every_page_opens(page, store):
    docs = store["docs"]
    pages = {
        "overview": "/",
        "network": "/network",
        "article": f"/article/{docs['alpha.txt']}",
        "dossier": "/actor/T.NTH",
        "timeline": "/timeline",
        "search": "/search?q=Northland",
        "copies": "/copies",
        "copies-pair": f"/copies/{docs['alpha.txt']}/{docs['alpha-rewrite.txt']}",
        "api-docs": "/docs",
    }
    for name, path in pages.items():
        open_page(page, path, shot=name)
        assert page.locator("h1").first.inner_text().strip(), name
        assert "went wrong" not in page.locator("h1").first.inner_text(), name
    assert not page.errors, page.errors


def test_hostile_article_text_does_not_run(page, store):
    open_page(page, f"/article/{store['docs']['beta.txt']}")
    title = page.locator("h1").inner_text()
    assert "<script>" in title  # shown as text
    assert "onerror=" in page.locator("#article-body").inner_text()
    page.check("#show-removed")
    removed = page.locator(".removed").first
    removed.hover()
    page.locator("#article-body .hl.event").first.hover()
    assert page.locator("#tip").is_visible()
    assert "THREATEN" in page.locator("#tip").inner_text()
    assert page.locator("#article-body img, #article-body script, main b[onmouseover]").count() == 0
    page.screenshot(path=str(SHOTS / "article-hostile.png"), full_page=True)
    for path in ["/", "/timeline", "/search?q=reader", "/actor/T.STH"]:
        open_page(page, path)
    assert page.evaluate("window.__pwned") is None
    assert not page.errors, page.errors


def test_mention_hover_names_the_actor(page, store):
    open_page(page, f"/article/{store['docs']['alpha.txt']}")
    page.locator("#article-body .hl.mention").first.focus()  # keyboard reaches highlights too
    assert "Northland" in page.locator("#tip").inner_text()
    page.get_by_role("button", name="ASSAULT").click()
    assert page.locator("#article-body .hl.flash").count() == 1


def test_network_slider_and_node_click(page):
    open_page(page, "/network")
    status = page.locator("p[aria-live]")
    assert "3 actors" in status.inner_text()
    page.locator("#from-year").focus()
    page.keyboard.press("End")  # from = last year: only 2024 remains
    page.wait_for_function("document.querySelector('svg.net').dataset.window === '2024-2024'")
    page.wait_for_function(
        "!document.querySelector('p[aria-live]').textContent.includes('Loading')"
    )
    assert "2024" in status.inner_text()
    assert page.locator("svg.net line").count() == 2  # Northland-Southmark, Front-Southmark
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "network-2024.png"), full_page=True)
    assert "since=2024" in page.url
    page.locator("svg.net .node[data-id='T.EFR'] circle").click()
    page.wait_for_url("**/actor/T.EFR")
    page.wait_for_function("window.__ngReady === true")
    assert page.locator("h1").inner_text() == "Eastern Front"


def test_network_node_opens_with_keyboard(page):
    open_page(page, "/network")
    node = page.locator("svg.net .node").first
    node.focus()
    assert page.locator("#tip").is_visible()
    page.keyboard.press("Enter")
    page.wait_for_url("**/actor/**")


def test_search_from_the_header_and_facets(page):
    open_page(page, "/")
    page.fill("#quick-q", "river")
    page.press("#quick-q", "Enter")
    page.wait_for_url("**/search?q=river")
    page.wait_for_function("window.__ngReady === true")
    assert page.locator("ol.hits > li").count() == 2
    assert page.locator(".snippet mark").first.inner_text().lower() == "river"
    page.locator(".facets a", has_text="ASSAULT").click()
    page.wait_for_url("**type=ASSAULT**")
    page.wait_for_function("window.__ngReady === true")
    assert page.locator("ol.hits > li").count() == 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "search-facet.png"), full_page=True)


def test_copy_pair_side_by_side(page):
    open_page(page, "/copies")
    page.get_by_role("link", name="Compare").first.click()
    page.wait_for_url("**/copies/*/*")
    page.wait_for_function("window.__ngReady === true")
    assert page.locator("table.pair tr.both").count() >= 3
    assert page.locator("table.pair tr.only-a").count() >= 1
    assert page.locator("table.pair tr.only-b").count() >= 1
    assert "ten" in page.locator(".w-del").all_inner_texts()
    assert "decade." in page.locator(".w-ins").all_inner_texts()


def test_timeline_filters_through_the_form(page):
    open_page(page, "/timeline")
    page.fill("#f-actor", "Southmark")
    page.select_option("#f-type", "REJECT")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/timeline?**")
    page.wait_for_function("window.__ngReady === true")
    items = page.locator("ol.tl > li")
    assert items.count() == 1
    assert "rejected" in items.first.inner_text()
    open_page(page, "/timeline?since=soon")
    assert "not a date" in page.locator(".error").inner_text()


def test_pages_work_under_the_servers_csp(browser, server, store):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server.base)
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.goto(f"/article/{store['docs']['beta.txt']}")
    pg.wait_for_selector("#article-body .hl.event")
    pg.goto("/network")
    pg.wait_for_selector("svg.net .node")
    assert pg.evaluate("window.__pwned") is None
    context.close()
    assert not errors, errors
