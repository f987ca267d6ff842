"""Nothing is pre-chosen where an officer records a decision with legal weight: a sanctions
hit on the case page and the risk of a criterion not yet assessed (issue 15, point 1)."""

from foro.licensing import services
from foro.licensing.tests.conftest import GOOD_DATA, submitted
from foro.screening.models import ScreeningHit
from tests.browser.conftest import axe_violations, sign_in


def _case_with_hit(accounts):
    parties = [dict(p) for p in GOOD_DATA["export-military"]["parties"]]
    parties[0] = {**parties[0], "name": "ACME DUAL-USE TRADING FZE", "country": "AE"}
    app = submitted(accounts, parties=parties, destination="CA")
    services.application_start_assessment(actor=accounts["officer"], application=app)
    return app


def test_hit_and_criteria_start_with_nothing_chosen(page, watchlist, accounts):
    app = _case_with_hit(accounts)
    hit = ScreeningHit.objects.filter(status="open", matched_name__icontains="ACME").first()
    assert hit is not None, "the listed consignee must give an open hit"

    sign_in(page, "officer")
    page.goto(f"/licensing/applications/{app.pk}/")
    radios = page.locator(f"input[name=status][id^='hit-status-{hit.pk}-']")
    assert radios.count() == 2
    assert all(not radios.nth(i).is_checked() for i in range(2))
    for criterion in range(1, 9):
        assert page.locator(f"#risk-{criterion}").input_value() == ""
    assert axe_violations(page) == []

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
