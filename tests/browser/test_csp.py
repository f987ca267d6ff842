"""The Content-Security-Policy in a real browser: the main pages of each role load and
work without a single CSP violation (an inline script, an inline handler, a <style>
element, a resource from another origin would each be reported)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot, sign_in

PAGES = {
    None: ["/", "/login/", "/verify/", "/open-data/", "/api/v1/docs"],
    "applicant": ["/", "/portal/", "/account/"],
    "officer": ["/", "/licensing/", "/screening/", "/countries/", "/organisations/"],
    "admin": ["/", "/operations/"],
}


@pytest.mark.parametrize("who", list(PAGES), ids=lambda w: w or "anonymous")
def test_pages_load_without_csp_violations(page, who):
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    if who:
        sign_in(page, who)
    for url in PAGES[who]:
        response = page.goto(url)
        assert response is not None and response.ok, url
        assert "script-src 'self'" in response.headers["content-security-policy"]
    if who == "admin":
        screenshot(page, "operations")
    assert violations == []
