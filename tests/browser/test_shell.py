"""Each demo role signs in, sees its home page, switches language, and every main page
passes axe-core with no serious or critical violation."""

import pytest

from tests.browser.conftest import axe_violations, screenshot, sign_in

ROLES = [
    "applicant",
    "applicant2",
    "officer",
    "officer2",
    "senior",
    "policy",
    "devcoop",
    "post",
    "management",
    "admin",
]

STAFF_PAGES = [
    "/",
    "/countries/",
    "/countries/ZA/",
    "/organisations/",
    "/network/representations/",
    "/network/representations/FL-IT/",
    "/reference/",
    "/reference/military-list/",
    "/reference/dual-use/",
    "/reference/criteria/",
    "/reference/embargoes/",
    "/account/",
]


def test_anonymous_pages_are_accessible(page):
    for url in ["/", "/login/"]:
        page.goto(url)
        assert axe_violations(page) == [], url
    screenshot(page, "login")


@pytest.mark.parametrize("role", ROLES)
def test_each_role_signs_in_and_switches_language(page, role, accounts):
    sign_in(page, role)
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h1").inner_text().startswith("Welkom")
    assert accounts[role].first_name in page.locator("h1").inner_text()
    assert axe_violations(page) == []
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text().startswith("Welcome")
    # the choice persists on the next page and after signing in again
    page.goto("/account/")
    assert page.locator("h1").inner_text() == "Your account"
    page.click("text=Sign out")
    sign_in(page, role)
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot(page, f"home-{role}")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_main_pages_have_no_serious_accessibility_violations(page, language):
    sign_in(page, "management")
    if language == "en":
        page.click("button[name=language][value=en]")
        page.wait_for_load_state()
    failures = {}
    for url in STAFF_PAGES:
        response = page.goto(url)
        assert response.status == 200, url
        violations = axe_violations(page)
        if violations:
            failures[url] = violations
        screenshot(page, f"{language}{url.strip('/').replace('/', '_') or '_home'}")
    assert failures == {}


def test_keyboard_user_can_skip_to_content(page):
    sign_in(page, "policy")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_applicant_is_refused_the_network_page(page):
    sign_in(page, "applicant")
    response = page.goto("/network/representations/")
    assert response.status == 403
    assert page.locator("h1").inner_text() == "Geen toegang"
