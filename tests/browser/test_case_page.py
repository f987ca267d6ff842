"""The officer's case page and queue as a user test found them (Chromium, nl and en, 1280
and 390 px wide): work typed is never lost, a refusal is explained at the form, a
consequential action asks first and says what changes, the queue shows red flags, the clock
stops at the decision, the page works on a phone, and codes are said in words."""

from __future__ import annotations

import re
from copy import copy

import pytest

from foro.licensing import services
from foro.licensing.clock import clock_for
from foro.licensing.models import Application, Licence
from foro.licensing.tests.conftest import (
    EMBARGOED,
    SANCTIONED_PARTIES,
    assessed,
    granted,
    proposed,
    submitted,
)
from tests.browser.conftest import axe_violations, screenshot, sign_in

DIRTY = """() => { const e = new Event('beforeunload', {cancelable: true});
  window.dispatchEvent(e); return e.defaultPrevented; }"""


def _page(browser, live_server, *, width=1280, language="nl"):
    context = browser.new_context(
        base_url=live_server.url,
        locale="nl-BE" if language == "nl" else "en-GB",
        viewport={"width": width, "height": 844 if width < 600 else 900},
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.foro_language = language
    page.foro_base_url = live_server.url
    return page


def _sign_in(page, username: str) -> None:
    """Sign in, then choose the page's language (signing in applies the account's saved
    language, Dutch for the demo accounts)."""
    sign_in(page, username)
    if page.foro_language == "en":
        page.context.add_cookies(
            [{"name": "foro_language", "value": "en", "url": page.foro_base_url}]
        )


def _under_assessment(accounts, **overrides) -> Application:
    app = submitted(accounts, **overrides)
    services.application_start_assessment(actor=accounts["officer"], application=app)
    return app


# ------------------------------------------------------------------ 3


def test_two_criteria_changed_are_both_saved_and_the_page_returns_to_them(
    browser, live_server, accounts, watchlist
):
    app = _under_assessment(accounts)
    page = _page(browser, live_server, language="en")
    _sign_in(page, "officer")
    page.goto(f"/licensing/applications/{app.pk}/")
    assert page.evaluate(DIRTY) is False
    page.select_option("#risk-1", "none")
    page.fill("#reason-1", "No risk.\nEnd user is a state body.")
    page.select_option("#risk-2", "low")
    page.fill("#reason-2", "Human rights record reviewed.")
    # leaving now would lose both: the page warns
    assert page.evaluate(DIRTY) is True
    assert page.locator("form[action$='/act/assess/']").count() == 1
    page.click("form[action$='/act/assess/'] button[type=submit]")
    page.wait_for_url(re.compile(r"#h-assessment$"))
    assert dict(app.assessments.values_list("criterion", "risk")) == {1: "none", 2: "low"}
    assert app.assessments.get(criterion=1).reasoning == "No risk.\nEnd user is a state body."
    assert page.evaluate(DIRTY) is False
    # the assessment section is in view, not the top of the page
    assert page.evaluate("() => window.scrollY") > 300

    # a mistake: nothing saved, everything typed still there, the message at the criterion
    page.select_option("#risk-4", "high")
    page.fill("#reason-5", "Typed but no risk chosen")
    page.click("form[action$='/act/assess/'] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#assess-errors").is_visible()
    assert page.input_value("#risk-4") == "high"
    assert page.input_value("#reason-5") == "Typed but no risk chosen"
    assert page.locator("#reason-4[aria-invalid=true]").count() == 1
    assert page.locator("#risk-5[aria-invalid=true]").count() == 1
    assert app.assessments.count() == 2
    assert axe_violations(page) == []
    page.context.close()


# ------------------------------------------------------------------ 4


def test_a_refused_proposal_keeps_the_reasoning_and_explains_at_the_form(
    browser, live_server, accounts, watchlist
):
    app = _under_assessment(accounts)
    page = _page(browser, live_server, language="en")
    _sign_in(page, "officer")
    page.goto(f"/licensing/applications/{app.pk}/#h-decision")
    # an empty form goes to the server (no browser pop-up) and comes back explained
    page.click("form[action$='/act/propose_decision/'] button[type=submit]")
    page.wait_for_load_state()
    summary = page.locator("#propose-errors")
    assert summary.is_visible() and "Choose grant or refuse" in summary.inner_text()

    page.check("#p-decision-grant")
    page.fill("#p-reason", "A long reasoning the officer typed.")
    response_status = []
    page.on("response", lambda r: response_status.append(r.status) if "/act/" in r.url else None)
    page.click("form[action$='/act/propose_decision/'] button[type=submit]")
    page.wait_for_load_state()
    assert 422 in response_status
    assert page.input_value("#p-reason") == "A long reasoning the officer typed."
    assert page.is_checked("#p-decision-grant")
    summary = page.locator("#propose-errors")
    assert "Assess every criterion first" in summary.inner_text()
    # focused and on screen: not at the top of a long page
    assert page.evaluate("() => document.activeElement.id") == "propose-errors"
    top = summary.evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"]
    # the summary is at the form, not at the top of the page
    form_top = page.locator("form[action$='/act/propose_decision/']").bounding_box()["y"]
    box = summary.bounding_box()
    assert 0 <= form_top - (box["y"] + box["height"]) < 100
    summary.locator("a[href='#h-assessment']").click()
    assert page.url.endswith("#h-assessment")
    assert axe_violations(page) == []
    page.context.close()


# ------------------------------------------------------------------ 5


def test_the_minister_decides_only_after_a_confirmation_that_names_the_new_deadline(
    browser, live_server, accounts, watchlist
):
    app = _under_assessment(accounts)
    app.refresh_from_db()
    changed = copy(app)
    changed.minister_decides = True
    new = clock_for(changed).deadline
    new_text = new.strftime("%d/%m/%Y")
    page = _page(browser, live_server, language="en")
    _sign_in(page, "officer")
    page.goto(f"/licensing/applications/{app.pk}/")
    page.click("a[href$='/confirm/minister/']")
    page.wait_for_url(re.compile(r"/confirm/minister/"))
    assert new_text in page.inner_text("main") and "You are about to" in page.inner_text("main")
    assert axe_violations(page) == []
    page.click("text=Cancel")
    page.wait_for_url(f"**/licensing/applications/{app.pk}/")
    app.refresh_from_db()
    assert not app.minister_decides
    page.click("a[href$='/confirm/minister/']")
    page.click("form[action$='/act/minister/'] button[type=submit]")
    page.wait_for_url(f"**/licensing/applications/{app.pk}/")
    app.refresh_from_db()
    assert app.minister_decides
    assert new_text in page.inner_text(".messages")
    page.context.close()


def test_countersigning_asks_first_and_says_which_licence_went_to_whom(
    browser, live_server, accounts, watchlist
):
    app = proposed(accounts)
    page = _page(browser, live_server, language="en")
    _sign_in(page, "senior")
    page.goto(f"/licensing/applications/{app.pk}/")
    page.fill("#cs-comment", "Checked.")
    page.click("form[action$='/confirm/countersign/'] button[type=submit]")
    page.wait_for_url(re.compile(r"/confirm/countersign/"))
    text = page.inner_text("main")
    assert app.organisation.name in text and "licence will be issued" in text
    assert page.input_value("#cs-comment") == "Checked."
    app.refresh_from_db()
    assert app.status == "decision_proposed"
    assert axe_violations(page) == []
    page.click("form[action$='/act/countersign/'] button[type=submit]")
    page.wait_for_url(f"**/licensing/applications/{app.pk}/")
    licence = Licence.objects.get(application=app)
    message = page.inner_text(".messages")
    assert licence.number in message and app.organisation.name in message
    page.context.close()


# ------------------------------------------------------------------ 6


def test_the_queue_shows_red_flags_and_filters_on_them(browser, live_server, accounts, watchlist):
    plain = submitted(accounts)
    flagged = submitted(accounts, parties=SANCTIONED_PARTIES)
    embargoed = submitted(accounts, **EMBARGOED)
    page = _page(browser, live_server, language="en")
    _sign_in(page, "officer")
    page.goto("/licensing/")
    row = page.locator("tr", has=page.locator(f"a:text-is('{flagged.reference}')"))
    assert "open sanctions hit" in row.inner_text()
    row = page.locator("tr", has=page.locator(f"a:text-is('{embargoed.reference}')"))
    assert "Arms embargoes: Blocking" in row.inner_text()
    page.check("#f-open-hits")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"open_hits=1"))
    body = page.inner_text("tbody")
    assert flagged.reference in body and plain.reference not in body
    assert axe_violations(page) == []
    page.context.close()


# ------------------------------------------------------------------ 7


def test_a_granted_case_says_when_it_was_decided_not_that_the_clock_is_paused(
    browser, live_server, accounts, watchlist
):
    app = granted(accounts)
    page = _page(browser, live_server)
    _sign_in(page, "officer")
    page.goto(f"/licensing/applications/{app.pk}/")
    text = page.inner_text("main")
    assert "geschorst" not in page.inner_text(".case-summary").replace("Dagen geschorst", "")
    assert "beslist op" in text or "decided on" in text
    page.context.close()


# ------------------------------------------------------------------ 8


@pytest.mark.parametrize("width", [390, 1280])
def test_the_case_page_fits_a_phone_and_reaches_the_decision_quickly(
    browser, live_server, accounts, watchlist, width
):
    app = assessed(accounts, parties=SANCTIONED_PARTIES, destination="NO")
    page = _page(browser, live_server, width=width)
    _sign_in(page, "officer")
    page.goto(f"/licensing/applications/{app.pk}/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    # the in-page navigation reaches every section
    nav = page.locator("nav.case-nav")
    for target in ("h-checks", "h-parties", "h-assessment", "h-decision", "h-timeline"):
        assert nav.locator(f"a[href='#{target}']").count() == 1
    # from the top of the page, the decision is a few key presses away: the skip link,
    # then the in-page navigation (the main navigation grows with every module, so a
    # keyboard user skips it rather than tabbing through it)
    page.locator("body").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#main"
    page.keyboard.press("Enter")
    href = None
    for presses in range(1, 16):
        page.keyboard.press("Tab")
        href = page.evaluate("() => document.activeElement.getAttribute('href')")
        if href == "#h-decision":
            break
    assert href == "#h-decision", f"not reached in {presses} tab presses after the skip link"
    page.keyboard.press("Enter")
    assert page.url.endswith("#h-decision")
    # no word is broken in the middle: every fact and cell wraps between words
    broken = page.evaluate(
        """() => [...document.querySelectorAll('main dl.facts dd, main td, main th, main .lead')]
          .filter(el => !el.closest('.mono'))
          .map(el => getComputedStyle(el))
          .filter(s => s.hyphens === 'auto' || s.wordBreak === 'break-all'
                       || s.overflowWrap === 'anywhere').length"""
    )
    assert broken == 0
    assert "Noorwegen" in page.inner_text(".lead")
    assert axe_violations(page) == []
    screenshot(page, f"case-page-{width}")
    # the queue, with its flags column, fits too (the table scrolls inside its frame)
    page.goto("/licensing/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []
    screenshot(page, f"queue-{width}")
    page.context.close()


# ------------------------------------------------------------------ 9


def test_the_english_case_page_says_codes_in_words(browser, live_server, accounts, watchlist):
    app = _under_assessment(accounts, **EMBARGOED)
    services.assessment_record(
        actor=accounts["officer"], application=app, criterion=1, risk="none", reasoning="x"
    )
    services.application_set_minister_decides(
        actor=accounts["officer"], application=app, minister_decides=True
    )
    page = _page(browser, live_server, language="en")
    _sign_in(page, "officer")
    page.goto(f"/licensing/applications/{app.pk}/")
    checks = page.inner_text("#h-checks + .table-wrap")
    # stored in Dutch when the applicant submitted; shown in English here
    assert "destination (RU)" in checks and "bestemming" not in checks
    assert "parties screened" in checks and "gescreend" not in checks
    timeline = page.inner_text("ol.timeline")
    assert "No risk identified" in timeline and "risk none" not in timeline
    assert "= True" not in timeline and "the minister takes the decision" in timeline
    page.context.close()
