"""A company reports a market-access barrier through the portal, the policy officer
assesses it (confirming the step), proposes a public summary, management publishes it,
and the public reads it without signing in. axe checks each page."""

from foro.trade.models import Barrier
from tests.browser.conftest import axe_violations, screenshot, sign_in


def _english(page):
    """Read the pages in English: the language switch's cookie (signing in sets the
    account's saved language, Dutch for the demo accounts)."""
    page.context.add_cookies([{"name": "foro_language", "value": "en", "url": page.url}])


def test_company_reports_officer_assesses_management_publishes(page, browser, live_server):
    sign_in(page, "applicant")
    page.goto("/portal/")
    page.click("a[href='/trade/barriers/report/']")
    page.wait_for_url("**/trade/barriers/report/")
    page.fill("#b-title", "Import licence for cheese")
    page.select_option("#b-country", "IN")
    page.fill("#b-sector", "Dairy")
    page.fill("#b-hs", "0406, 7701")
    page.fill("#b-desc", "A licence per consignment, 90 days.")
    page.fill("#b-value", "1200000")
    page.click("main button[type=submit]")
    # the unknown HS code is named, and what was typed is still there
    assert page.locator(".field-error").count() == 1
    assert "7701" in page.locator("#b-hs_error").text_content()
    assert page.input_value("#b-desc") == "A licence per consignment, 90 days."
    assert not Barrier.objects.exists()
    assert axe_violations(page) == []
    screenshot(page, "trade-report-error")
    page.fill("#b-hs", "0406")
    page.click("main button[type=submit]")
    page.wait_for_url("**/trade/barriers/*/")
    barrier = Barrier.objects.get()
    assert barrier.organisation.name.startswith("Flandrix")
    assert axe_violations(page) == []
    screenshot(page, "trade-barrier-company")

    officer = browser.new_context(base_url=live_server.url, locale="en-US").new_page()
    sign_in(officer, "policy")
    _english(officer)
    officer.goto(f"/trade/barriers/{barrier.pk}/")
    form = officer.locator("form.step-form", has=officer.locator("h3", has_text="assessment"))
    form.locator("input[value=high]").check()
    form.locator("textarea").fill("Confirmed by the post in Mumbai.")
    form.locator("button[type=submit]").click()
    # a confirmation says what changes; nothing changed yet
    assert "Assessed" in officer.inner_text("main") or "Beoordeeld" in officer.inner_text("main")
    barrier.refresh_from_db()
    assert barrier.status == "reported"
    assert axe_violations(officer) == []
    screenshot(officer, "trade-confirm")
    officer.click(".confirm-actions button[type=submit]")
    officer.wait_for_url(f"**/trade/barriers/{barrier.pk}/")
    barrier.refresh_from_db()
    assert barrier.status == "assessed"
    officer.fill("#s-title", "Cheese import licensing")
    officer.fill("#s-summary", "Each consignment needs its own import licence.")
    officer.click("form[action$='/summary/propose/'] button[type=submit]")
    officer.wait_for_url(f"**/trade/barriers/{barrier.pk}/")
    screenshot(officer, "trade-barrier-officer")

    manager = browser.new_context(base_url=live_server.url, locale="en-US").new_page()
    sign_in(manager, "management")
    _english(manager)
    manager.goto(f"/trade/barriers/{barrier.pk}/")
    manager.click("form[action$='/summary/approve/'] button[type=submit]")
    manager.click(".confirm-actions button[type=submit]")
    manager.wait_for_url(f"**/trade/barriers/{barrier.pk}/")

    public = browser.new_context(base_url=live_server.url, locale="en-US").new_page()
    public.context.add_cookies([{"name": "foro_language", "value": "en", "url": live_server.url}])
    public.goto("/trade/public/barriers/")
    public.click("text=Cheese import licensing")
    assert "Each consignment needs its own import licence." in public.inner_text("main")
    assert "Flandrix" not in public.inner_text("body")
    assert axe_violations(public) == []
    screenshot(public, "trade-public")


def test_figures_page_shows_the_chart_and_its_source(page):
    from foro.trade import demo

    demo.load()
    sign_in(page, "policy")
    page.goto("/trade/figures/?country=US")
    assert page.locator("figure svg[role=img]").is_visible()
    assert page.locator("figure svg rect").count() == 10  # 5 years, exports and imports
    assert "ext_st_eu27_2020sitc" in page.locator("figcaption").text_content()
    assert axe_violations(page) == []
    screenshot(page, "trade-figures")
