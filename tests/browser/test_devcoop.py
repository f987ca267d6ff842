"""An activity from draft to published in the browser: a development officer creates it,
adds a budget and a transaction and asks for publication; management approves after a
confirmation (four eyes); the public IATI file then holds it. axe checks each page."""

import re

from foro.devcoop.iati import validate
from foro.devcoop.models import Activity
from tests.browser.conftest import axe_violations, screenshot, sign_in


def test_activity_from_draft_to_published(page, browser, live_server):
    page.set_default_timeout(60000)  # the shared machine may be busy
    sign_in(page, "devcoop")
    # read the pages in English: the language switch's cookie (signing in sets the
    # account's saved language, Dutch)
    page.context.add_cookies([{"name": "foro_language", "value": "en", "url": live_server.url}])
    page.goto("/devcoop/")
    assert axe_violations(page) == []
    screenshot(page, "devcoop-portfolio")
    page.click("a[href='/devcoop/activities/new/']")
    page.fill("#f-identifier", "MW-BROWSER-1")
    page.fill("#f-title-nl", "Waterpunten in Dedza")
    page.fill("#f-title-en", "Water points in Dedza")
    page.fill("#f-desc-en", "Boreholes and water committees in Dedza district.")
    page.select_option("#f-status", "2")
    page.fill("#f-ps", "2024-01-01")
    page.fill("#f-as", "2024-02-01")
    page.fill("#f-pe", "2026-12-31")
    page.select_option("#f-country", "MW")
    page.select_option("select[name='participants-0-role']", "1")
    page.fill("input[name='participants-0-name']", "Flemish Government")
    page.select_option("select[name='participants-1-role']", "4")
    page.fill("input[name='participants-1-name']", "UNICEF Malawi")
    page.select_option("select[name='sectors-0-code']", "14030")
    page.fill("input[name='sectors-0-percentage']", "70")
    page.select_option("select[name='sectors-1-code']", "43060")
    page.fill("input[name='sectors-1-percentage']", "20")
    assert axe_violations(page) == []
    screenshot(page, "devcoop-form")
    page.click("form.devcoop-form button[type=submit]")
    # 70 + 20 is not 100: refused, nothing typed lost
    assert "2.1.2" in page.content()
    assert page.input_value("input[name='sectors-1-percentage']") == "20"
    assert page.input_value("#f-title-en") == "Water points in Dedza"
    page.fill("input[name='sectors-1-percentage']", "30")
    page.click("form.devcoop-form button[type=submit]")
    page.wait_for_url(re.compile(r"/devcoop/activities/\d+/$"))
    activity_url = page.url
    page.fill("#b-start", "2025-01-01")
    page.fill("#b-end", "2025-12-31")
    page.fill("#b-value", "250000")
    page.click("form[action$='/add/budget/'] button[type=submit]")
    page.wait_for_load_state()
    page.select_option("#t-type", "3")
    page.fill("#t-date", "2025-03-14")
    page.fill("#t-value", "100000")
    page.select_option("#t-cur", "USD")
    page.fill("#t-recv", "UNICEF Malawi")
    page.click("form[action$='/add/transaction/'] button[type=submit]")
    page.wait_for_load_state()
    assert "ECB" in page.content()
    assert axe_violations(page) == []
    screenshot(page, "devcoop-activity-draft")
    page.click("form[action$='/submit/'] button[type=submit]")
    page.wait_for_url(activity_url)
    assert "someone else approves" in page.content()
    assert page.locator("a[href$='/approve/']").count() == 0  # four eyes: not the asker

    other = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": 1280, "height": 900}
    )
    mgmt = other.new_page()
    mgmt.set_default_timeout(60000)
    sign_in(mgmt, "management")
    mgmt.goto("/devcoop/publication/")
    assert axe_violations(mgmt) == []
    mgmt.click(f"table a[href='{activity_url.replace(live_server.url, '')}']")
    mgmt.click("a[href$='/approve/']")
    assert "/api/v1/devcoop/iati/activities.xml" in mgmt.content()  # says what changes
    assert axe_violations(mgmt) == []
    screenshot(mgmt, "devcoop-confirm")
    mgmt.click("form[action$='/approve/'] button[type=submit]")
    mgmt.wait_for_url(activity_url)
    assert Activity.objects.get(iati_identifier__endswith="MW-BROWSER-1").state == "published"
    screenshot(mgmt, "devcoop-activity-published")
    mgmt.goto("/devcoop/dashboard/MW/")
    assert axe_violations(mgmt) == []
    screenshot(mgmt, "devcoop-dashboard")
    other.close()

    response = page.request.get("/api/v1/devcoop/iati/activities.xml")
    assert response.ok
    body = response.body()
    assert b"BE-BCE_KBO-0316380940-MW-BROWSER-1" in body
    assert validate.errors(validate.validate(body)) == []
