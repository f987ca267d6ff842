"""The country page for three roles, and the global search from the header box."""

from foro.trade import demo as trade_demo
from tests.browser.conftest import axe_violations, screenshot, sign_in


def _prepare():
    trade_demo.load()


def _sections(page) -> list[str]:
    return [t.strip() for t in page.locator(".country-toc li a").all_text_contents()]


def test_country_page_for_three_roles(page, browser, live_server):
    _prepare()
    seen = {}
    for username in ("policy", "officer", "post"):
        context = browser.new_context(
            base_url=live_server.url, locale="en-US", viewport={"width": 1280, "height": 900}
        )
        pg = context.new_page()
        sign_in(pg, username)
        pg.goto("/countries/IN/")
        seen[username] = pg.inner_text("main")
        toc = _sections(pg)
        assert len(toc) >= 4, toc
        # every entry of the table of contents leads to a heading on the page
        for href in pg.locator(".country-toc li a").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        ):
            assert pg.locator(href).count() == 1
        assert axe_violations(pg) == []
        screenshot(pg, f"country-IN-{username}")
        context.close()
    # the barrier reported by the company is on the policy officer's and the post's page,
    # not on the licensing officer's
    assert "Import licence for processed cheese" in seen["policy"]
    assert "Import licence for processed cheese" in seen["post"]
    assert "Import licence for processed cheese" not in seen["officer"]


def test_search_from_the_header(page):
    _prepare()
    sign_in(page, "policy")
    page.fill("#header-q", "cheese")
    page.press("#header-q", "Enter")
    page.wait_for_url("**/search/?q=cheese")
    assert page.locator("#h-search-barriers").is_visible()
    assert page.locator(".search-group li a", has_text="processed cheese").count() == 1
    assert page.input_value("#header-q") == "cheese"
    assert axe_violations(page) == []
    screenshot(page, "search-cheese")
    page.fill("#search-page-q", "Flandrix")
    page.click("main form[role=search] button[type=submit]")
    page.wait_for_url("**/search/?q=Flandrix")
    assert page.locator("#h-search-organisations").is_visible()
    screenshot(page, "search-flandrix")
