"""The network in the browser: a post page, a post report's life from draft to archive
(the post writes and submits, the named reader at headquarters reads and comments, the post
archives) and the page of a strategic objective. axe checks each page."""

from __future__ import annotations

import re

from foro.network import services
from foro.relations.tests.conftest import make_interaction, make_partner
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.conftest import sign_in as _sign_in


def sign_in(page, username: str) -> None:
    """Sign in, then read the pages in English (signing in applies the account's language,
    Dutch for the demo accounts)."""
    _sign_in(page, username)
    base = page.url.split("/", 3)
    page.context.add_cookies(
        [{"name": "foro_language", "value": "en", "url": f"{base[0]}//{base[2]}"}]
    )


def test_a_post_page_with_its_staff(page, accounts):
    services.staff_assign(
        actor="system",
        data={
            "representation_code": "FL-IT",
            "name": "Anke Peeters",
            "function": "head",
            "accreditation": "Italy, Malta",
            "starts_on": "2021-09-01",
        },
    )
    sign_in(page, "post")
    page.goto("/network/representations/FL-IT/")
    assert page.locator("#h-staff").is_visible()
    assert page.get_by_text("Anke Peeters").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "network-post")
    page.screenshot(path="/tmp/network-post.png", full_page=True)


def test_a_post_report_from_draft_to_archive(page, accounts):
    sign_in(page, "post")
    page.goto("/network/reports/new/")
    page.select_option("#f-kind", "political")
    page.fill("#f-title", "Coalition talks in Rome")
    page.fill("#f-body", "The coalition negotiations continue.")
    page.select_option("#f-classification", "restricted")
    page.select_option("#f-readers", ["policy"])
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/network-report-form.png", full_page=True)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/network/reports/\d+/$"))
    report_url = page.url
    assert page.locator("#report-state").inner_text() == "Draft"
    page.click("text=Submit to headquarters…")
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/network-report-confirm.png", full_page=True)
    page.click("text=Confirm: Submit to headquarters")
    page.wait_for_url(report_url)
    assert page.locator("#report-state").inner_text() == "Submitted"
    page.context.clear_cookies()

    sign_in(page, "officer")  # no clearance: the restricted report does not exist for them
    response = page.goto(report_url)
    assert response.status == 404
    page.goto("/network/reports/")
    assert page.get_by_text("Coalition talks in Rome").count() == 0
    page.context.clear_cookies()

    sign_in(page, "policy")
    page.goto(report_url)
    page.click("text=Mark as read…")
    page.click("text=Confirm: Mark as read")
    page.wait_for_url(report_url)
    assert page.locator("#report-state").inner_text() == "Read"
    page.fill("#comment", "Useful analysis, thank you.")
    page.click("text=Add the comment")
    page.wait_for_url(report_url)
    assert page.get_by_text("Useful analysis, thank you.").is_visible()
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/network-report-read.png", full_page=True)
    page.context.clear_cookies()

    sign_in(page, "post")
    page.goto(report_url)
    page.click("text=Archive…")
    page.click("text=Confirm: Archive")
    page.wait_for_url(report_url)
    assert page.locator("#report-state").inner_text() == "Archived"
    screenshot(page, "network-report-archived")


def test_the_objective_page(page, accounts):
    partner = make_partner()
    from datetime import date

    make_interaction(partner, day=date(2026, 3, 2), objectives=(4,), subject="Heritage cooperation")
    sign_in(page, "management")
    page.goto("/relations/objectives/4/?year=2026")
    assert page.locator("#h-obj-relations").is_visible()
    assert page.get_by_text("Heritage cooperation").is_visible()
    assert page.locator("svg.objective-chart rect").count() == 5
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/network-objective.png", full_page=True)
    screenshot(page, "objective")
    with page.expect_download() as download:
        page.click("text=Annual activity report (PDF)")
    assert download.value.suggested_filename == "objective-4-2026.pdf"
