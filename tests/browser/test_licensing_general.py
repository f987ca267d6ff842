"""General licences in a browser: the officer's list and prior authorisation page, the
applicant's portal page and its usage report form (refused input kept), with axe."""

from __future__ import annotations

from foro.licensing.tests.test_general_services import proposed, registered
from tests.browser.conftest import axe_violations, screenshot, sign_in


def test_officer_pages(page, live_server, accounts):
    pa = proposed(accounts)
    sign_in(page, "officer")
    # read the pages in English: the language switch's cookie (signing in sets the
    # account's saved language, Dutch)
    page.context.add_cookies([{"name": "foro_language", "value": "en", "url": live_server.url}])
    page.goto("/licensing/general/")
    assert page.locator("tbody tr").count() == 13
    assert axe_violations(page) == []
    screenshot(page, "general-list")
    page.goto("/licensing/general/licences/general-export-eu001/")
    screenshot(page, "general-eu001")
    page.goto(f"/licensing/general/prior-authorisations/{pa.pk}/")
    assert page.get_by_text("four-eyes").count() >= 1
    assert axe_violations(page) == []
    screenshot(page, "general-pa-proposer")


def test_applicant_reports_a_use(page, accounts):
    reg = registered(accounts)
    sign_in(page, "applicant")
    page.goto("/portal/general/")
    assert axe_violations(page) == []
    screenshot(page, "general-portal")
    page.goto(f"/portal/general/registrations/{reg.pk}/")
    page.fill("#period_start", "2020-01-01")
    page.fill("#period_end", "2020-01-31")
    page.select_option("#destination", "US")
    page.fill("#goods_description", "Thermal sights")
    page.fill("#control_entry", "ML15.c")
    page.fill("#value_eur", "1000")
    page.click("main button[type=submit]")
    assert page.input_value("#goods_description") == "Thermal sights"
    assert page.locator(".field-error").count() >= 1
    assert axe_violations(page) == []
    screenshot(page, "general-portal-report-refused")
