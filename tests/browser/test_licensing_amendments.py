"""The officer's amendment in the browser: an officer proposes a higher quantity and a
later end date on an issued licence, a senior officer reads what will change on the
confirmation page and confirms, the public verification page shows version 2. axe checks
each page."""

import re

from foro.licensing.models import LicenceVersion
from foro.licensing.tests.conftest import granted
from tests.browser.conftest import axe_violations, screenshot, sign_in


def english(page, live_server) -> None:
    """Read the pages in English: the language switch's cookie (signing in sets the
    account's saved language, Dutch)."""
    page.context.add_cookies([{"name": "foro_language", "value": "en", "url": live_server.url}])


def test_an_officer_amends_a_licence_and_a_senior_officer_countersigns(
    page, live_server, accounts, watchlist
):
    lic = granted(accounts).licence
    line = lic.lines.order_by("goods_line__position").first()
    sign_in(page, "officer")
    english(page, live_server)
    page.goto(f"/licensing/licences/{lic.pk}/")
    page.click("text=Propose an amendment or renewal")
    page.wait_for_url(f"**/licensing/licences/{lic.pk}/amend/")
    assert axe_violations(page) == []
    page.check("#kind-amendment")
    page.fill(f"#f-line-{line.pk}-quantity", "-1")
    page.fill("#f-reason", "Follow-up order from the Canadian Army")
    page.click("form.stacked button[type=submit]")
    # refused: the page says why and keeps what was typed
    assert page.locator(".error-summary").is_visible()
    assert page.input_value("#f-reason") == "Follow-up order from the Canadian Army"
    screenshot(page, "amendment-form-refused")
    page.fill(f"#f-line-{line.pk}-quantity", "120000")
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(rf"/licensing/licences/{lic.pk}/#version-\d+"))
    assert "awaits" in page.content() or "Awaiting" in page.content()
    screenshot(page, "licence-version-proposed")
    page.click("text=Sign out")

    sign_in(page, "senior")
    english(page, live_server)
    page.goto(f"/licensing/licences/{lic.pk}/")
    page.click("text=Countersign the new version")
    page.wait_for_url(re.compile(r"/versions/\d+/confirm/"))
    body = page.content()
    assert "Countersign version 2?" in body and "120000" in body
    assert axe_violations(page) == []
    screenshot(page, "amendment-confirm")
    page.click("text=Confirm: version 2 comes into force")
    page.wait_for_url(f"**/licensing/licences/{lic.pk}/#h-versions")
    assert "Version 2 is in force." in page.content()
    assert axe_violations(page) == []
    screenshot(page, "licence-versions")
    v = LicenceVersion.objects.get(licence=lic, number=2)
    assert v.proposed_by.username == "officer" and v.reviewed_by.username == "senior"

    page.goto(f"/verify/{lic.verification_code}/")
    assert page.inner_text("#version-in-force") == "2"
    screenshot(page, "verify-version")


def test_an_officer_records_a_denial_and_its_consultation_on_the_case(
    page, live_server, accounts, watchlist
):
    from datetime import timedelta

    from django.utils import timezone

    from foro.licensing.models import DenialConsultation
    from foro.licensing.tests.conftest import assessed

    today = timezone.localdate()

    app = assessed(accounts)
    sign_in(page, "officer")
    english(page, live_server)
    page.goto("/licensing/")
    page.click("text=Denials shared between member states")
    page.wait_for_url("**/licensing/denials/")
    page.select_option("#fd-issuingState", "DE")
    page.fill("#fd-reference", "DE-2026-0042")
    page.fill("#fd-deniedOn", (today - timedelta(days=3)).strftime("%d/%m/%Y"))
    page.select_option("#fd-destination", "CA")
    page.fill("#fd-controlCategories", "ML3")
    page.fill("#fd-endUserName", "CANADIAN ARMY TRAINING CENTRE LTD")
    page.fill("#fd-criteria", "7")
    page.click("form.stacked[novalidate] button[type=submit]")
    page.wait_for_url("**/licensing/denials/")
    assert "DE-2026-0042" in page.content()
    assert axe_violations(page) == []
    screenshot(page, "denials")

    page.goto(f"/licensing/applications/{app.pk}/#h-denials")
    assert "Denials of other member states" in page.content()
    page.fill("[id^=dc-date-]", today.strftime("%d/%m/%Y"))
    page.select_option("[id^=dc-outcome-]", "no_objection")
    page.fill("[id^=dc-answer-]", "BAFA has no objection.")
    page.click("text=Record the consultation")
    page.wait_for_url(re.compile(rf"/licensing/applications/{app.pk}/#h-denials"))
    assert DenialConsultation.objects.filter(application=app).exists()
    assert axe_violations(page) == []
    page.locator("#h-denials").scroll_into_view_if_needed()
    screenshot(page, "case-denials")
