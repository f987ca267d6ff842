"""What an applicant and a customs officer see: the portal and /verify/ on a phone (390 px)
and a desktop (1280 px), in Dutch and English."""

from __future__ import annotations

import pytest

from foro.core.dates import BRUSSELS
from foro.licensing.tests.conftest import draft, granted
from tests.browser.conftest import axe_violations, screenshot, sign_in

WIDTHS = [390, 1280]


@pytest.fixture
def context_for(browser, live_server):
    made = []

    def make(width: int, language: str):
        ctx = browser.new_context(
            base_url=live_server.url,
            locale="nl-BE" if language == "nl" else "en-US",
            viewport={"width": width, "height": 844 if width < 600 else 900},
        )
        _set_language(ctx, live_server.url, language)
        made.append(ctx)
        pg = ctx.new_page()
        pg.set_default_timeout(15000)
        return pg

    yield make
    for ctx in made:
        ctx.close()


def _set_language(ctx, url: str, language: str) -> None:
    """The language cookie (signing in sets it to the user's saved choice)."""
    ctx.add_cookies([{"name": "foro_language", "value": language, "url": url}])


def _no_sideways_scroll(pg, width: int) -> None:
    scroll = pg.evaluate("document.documentElement.scrollWidth")
    if scroll > width:
        wide = pg.evaluate(
            """w => [...document.querySelectorAll('body *')]
              .filter(e => e.getBoundingClientRect().right > w)
              .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' +
                Math.round(e.getBoundingClientRect().right))""",
            width,
        )
        pytest.fail(f"{pg.url} is {scroll} px wide at {width} px: {wide}")


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_portal_pages_fit_the_screen_and_keep_the_status_visible(
    context_for, accounts, watchlist, width, language
):
    app = granted(accounts)
    edit_app = draft(accounts["applicant"])
    pg = context_for(width, language)
    sign_in(pg, "applicant")
    _set_language(pg.context, pg.url, language)
    pages = {
        "portal-list": "/portal/",
        "portal-application": f"/portal/applications/{app.pk}/",
        "portal-edit": f"/portal/applications/{edit_app.pk}/edit/",
        "portal-licence": f"/portal/licences/{app.licence.pk}/",
        "verify": f"/verify/{app.licence.verification_code}/",
    }
    for name, url in pages.items():
        pg.goto(url)
        _no_sideways_scroll(pg, width)
        assert axe_violations(pg) == [], (name, width, language)
        screenshot(pg, f"{name}-{width}-{language}")
    pg.goto("/portal/")
    # the status of the application is on screen without scrolling sideways
    row = pg.locator("table").first.locator("tbody tr", has_text=app.reference)
    badge = row.locator(".status").first
    assert badge.is_visible()
    b = badge.bounding_box()
    assert b is not None and b["x"] >= 0 and b["x"] + b["width"] <= width
    decided = app.decided_at.astimezone(BRUSSELS).strftime("%d/%m/%Y")
    assert decided in row.inner_text()
    if language == "en":
        assert f"decided on {decided}" in row.inner_text()


@pytest.mark.parametrize("width", WIDTHS)
def test_customs_officer_types_the_code_as_they_read_it(context_for, accounts, watchlist, width):
    lic = granted(accounts).licence
    code = lic.verification_code
    # as typed off the paper: lower case, spaces for dashes, O for 0 and I for 1
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "i")
    pg = context_for(width, "en")
    pg.goto("/verify/")
    _no_sideways_scroll(pg, width)
    pg.fill("#code", typed)
    pg.click("main button[type=submit]")
    pg.wait_for_url(f"**/verify/{code}/")
    assert "This licence is valid." in pg.inner_text("main")
    assert lic.number in pg.inner_text("main")
    _no_sideways_scroll(pg, width)
    assert axe_violations(pg) == []
    screenshot(pg, f"verify-found-{width}")

    pg.fill("#code", "ZZZZ ZZZZ ZZZZ ZZZZ")
    pg.click("main button[type=submit]")
    text = pg.inner_text("main")
    assert "No licence matches this code. Check the code and try again." in text
    assert "not a licence" not in text
    _no_sideways_scroll(pg, width)
    assert axe_violations(pg) == []
    screenshot(pg, f"verify-unknown-{width}")
