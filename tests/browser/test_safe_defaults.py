"""Nothing is pre-chosen where an officer records a decision with legal weight: a sanctions
hit on the case page and the risk of a criterion not yet assessed (issue 15, point 1); the
hit queue names the case and the party's role and says why in words (point 6); page titles
read "Page · foro" (point 10). At 1280 and 390 px, in Dutch and English, axe clean."""

import pytest

from foro.licensing import services
from foro.licensing.tests.conftest import GOOD_DATA, submitted
from foro.screening.models import ScreeningHit
from tests.browser.conftest import axe_violations, sign_in

SIZES = [(1280, "en"), (390, "nl")]


def _case_with_hit(accounts):
    parties = [dict(p) for p in GOOD_DATA["export-military"]["parties"]]
    parties[0] = {**parties[0], "name": "ACME DUAL-USE TRADING FZE", "country": "AE"}
    app = submitted(accounts, parties=parties, destination="CA")
    services.application_start_assessment(actor=accounts["officer"], application=app)
    return app


@pytest.fixture(params=SIZES, ids=[f"{w}-{lang}" for w, lang in SIZES])
def officer_page(request, browser, live_server, accounts):
    width, lang = request.param
    context = browser.new_context(
        base_url=live_server.url, locale="nl-BE", viewport={"width": width, "height": 900}
    )
    pg = context.new_page()
    pg.set_default_timeout(15000)
    sign_in(pg, "officer")
    context.add_cookies([{"name": "foro_language", "value": lang, "url": live_server.url}])
    yield pg, width, lang
    context.close()


def test_hit_and_criteria_start_with_nothing_chosen(officer_page, watchlist, accounts):
    page, width, _lang = officer_page
    app = _case_with_hit(accounts)
    hit = ScreeningHit.objects.filter(status="open", matched_name__icontains="ACME").first()
    assert hit is not None, "the listed consignee must give an open hit"

    page.goto(f"/licensing/applications/{app.pk}/")
    radios = page.locator(f"input[name=status][id^='hit-status-{hit.pk}-']")
    assert radios.count() == 2
    assert all(not radios.nth(i).is_checked() for i in range(2))
    for criterion in range(1, 9):
        assert page.locator(f"#risk-{criterion}").input_value() == ""
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # The browser's own check is bypassed, as a hand-written request would: the server refuses.
    page.evaluate(
        "document.querySelectorAll('input[name=status]').forEach(e => e.removeAttribute('required'))"
    )
    page.fill(f"#hit-reason-{hit.pk}", "Looks like another company")
    page.click(f"form:has(#hit-reason-{hit.pk}) button[type=submit]")
    page.wait_for_load_state()
    hit.refresh_from_db()
    assert hit.status == "open"

    # An explicit choice is recorded as chosen.
    page.check(f"#hit-status-{hit.pk}-confirmed")
    page.fill(f"#hit-reason-{hit.pk}", "Same registration number as the listed entity")
    page.click(f"form:has(#hit-reason-{hit.pk}) button[type=submit]")
    page.wait_for_load_state()
    hit.refresh_from_db()
    assert hit.status == "confirmed"


def test_the_hit_queue_names_the_case_and_says_why_in_words(officer_page, watchlist, accounts):
    page, width, lang = officer_page
    app = _case_with_hit(accounts)
    page.goto("/screening/hits/")
    row = page.locator("tbody tr", has_text="ACME DUAL-USE TRADING FZE").first
    text = row.inner_text()
    assert app.reference in text and ("Consignee" in text or "Geadresseerde" in text)
    assert "licensing.party" not in text
    assert ("alike" if lang == "en" else "gelijkend") in text  # the reason in words
    assert page.title().endswith(" · foro")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
