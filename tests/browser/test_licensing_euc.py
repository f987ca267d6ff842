"""End-user certificate verification in the browser: the officer asks the Rome post to
verify a certificate from the case page, the post finds the request in its list and answers
"not authentic", and the officer sees the blocking finding on the case page. axe checks
each page."""

from __future__ import annotations

import re

from foro.licensing.tests.euc_helpers import submitted_with_certificate
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.conftest import sign_in as _sign_in


def sign_in(page, username: str) -> None:
    _sign_in(page, username)
    base = page.url.split("/", 3)
    page.context.add_cookies(
        [{"name": "foro_language", "value": "en", "url": f"{base[0]}//{base[2]}"}]
    )


def test_officer_requests_verification_and_the_post_answers(page, accounts):
    app = submitted_with_certificate(accounts)
    sign_in(page, "officer")
    page.goto(f"/licensing/applications/{app.pk}/#h-euc")
    page.select_option("#euc-post", "FL-IT")
    page.fill("#euc-question", "Please confirm with the ministry that it issued this certificate.")
    assert axe_violations(page) == []
    page.click("#euc-verify-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/licensing/applications/{app.pk}/"))
    assert page.get_by_text("Rome (FL-IT)").first.is_visible()

    page.context.clear_cookies()
    sign_in(page, "post")
    page.click("nav.main-nav a[href='/licensing/euc-verifications/']")
    assert axe_violations(page) == []
    page.click("main table a")
    page.wait_for_url(re.compile(r"/licensing/euc-verifications/\d+/$"))
    assert page.get_by_text("DND-EUC-2026-0042").is_visible()
    page.select_option("#v-answer", "not_authentic")
    page.fill("#v-note", "The ministry has no record of this number.")
    assert axe_violations(page) == []
    screenshot(page, "euc-verification-answer")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/licensing/euc-verifications/\d+/$"))
    assert page.get_by_text("Your answer is sent to the licensing service.").is_visible()

    page.context.clear_cookies()
    sign_in(page, "officer")
    page.goto(f"/licensing/applications/{app.pk}/")
    assert page.get_by_text("Blocking finding: end-user certificate").first.is_visible()
    assert page.get_by_text("The ministry has no record of this number.").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "euc-case-blocking")
    page.screenshot(path="/tmp/euc-case.png", full_page=True)
