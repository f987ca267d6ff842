"""An officer screens a name ad hoc and disposes of a hit from the review queue; every
screening page passes axe-core with no serious or critical violation."""

import pytest

from foro.screening.models import ScreeningHit
from foro.screening.services import subject_screen
from foro.screening.tests.helpers import IMMEDIATE, KASTEEL, ORLOV, import_rows, register
from tests.browser.conftest import axe_violations, screenshot, sign_in


@pytest.fixture
def screening_data(settings, tmp_path, accounts):
    settings.TASKS = IMMEDIATE
    version = import_rows(tmp_path, [ORLOV, KASTEEL])
    hit = subject_screen(subject=register("Dmitry Orlovsky", kind="person"))[0]
    return {"version": version, "hit": hit}


def test_officer_screens_a_name_and_disposes_of_a_hit(page, screening_data):
    hit = screening_data["hit"]
    sign_in(page, "officer")
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()

    page.click("nav.main-nav >> text=Screening")
    page.wait_for_url("**/screening/")
    assert axe_violations(page) == []
    page.click("main a.button")  # "Screen a name"
    page.wait_for_url("**/screening/screen/")
    assert axe_violations(page) == []

    page.fill("#field-name", "Dmitri Orlovsky")
    page.select_option("#field-type", "person")
    page.fill("#field-dob", "1966")
    page.click("#screen-form button[type=submit]")
    page.wait_for_load_state()
    results = page.locator("#results-heading + p + .table-wrap table")
    assert "ORLOVSKY, Dmitri Ivanovich" in results.inner_text()
    assert "born 1966 = 1966" in results.inner_text()
    assert axe_violations(page) == []
    screenshot(page, "screening-ad-hoc")

    page.goto("/screening/hits/")
    assert axe_violations(page) == []
    page.click(f"a[href='/screening/hits/{hit.pk}/']")
    page.wait_for_url(f"**/screening/hits/{hit.pk}/")
    assert "ORLOVSKY, Dmitri Ivanovich" in page.locator("main").inner_text()
    assert axe_violations(page) == []

    # a decision without a reason is refused with a message that leads to the field
    page.check("#status-false_positive")
    page.click("#decision-form button[type=submit]")
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert "Give the reason" in summary.inner_text()
    assert axe_violations(page) == []
    screenshot(page, "screening-hit-error")

    page.check("#status-false_positive")
    page.fill("#field-reason", "Our party was born in 1990; the listed person in 1966.")
    page.click("#decision-form button[type=submit]")
    page.wait_for_url("**/screening/hits/")
    assert "false positive" in page.locator(".messages").inner_text()
    assert "Dmitry Orlovsky" not in page.locator("main table").inner_text()
    hit.refresh_from_db()
    assert hit.status == ScreeningHit.Status.FALSE_POSITIVE
    assert hit.disposition_reason.startswith("Our party was born in 1990")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_screening_pages_are_accessible(page, screening_data, language):
    sign_in(page, "senior")
    if language == "en":
        page.click("button[name=language][value=en]")
        page.wait_for_load_state()
    version, hit = screening_data["version"], screening_data["hit"]
    failures = {}
    for url in [
        "/screening/",
        "/screening/screen/",
        "/screening/lists/",
        f"/screening/versions/{version.pk}/",
        f"/screening/versions/{version.pk}/?part=added",
        f"/screening/versions/{version.pk}/entries/W-1/",
        "/screening/hits/",
        f"/screening/hits/{hit.pk}/",
    ]:
        response = page.goto(url)
        assert response.status == 200, url
        violations = axe_violations(page)
        if violations:
            failures[url] = violations
        screenshot(
            page, f"screening-{language}-{url.strip('/').replace('/', '_').replace('?', '_')}"
        )
    assert failures == {}


def test_the_lists_page_shows_a_refused_import(page, screening_data, tmp_path):
    from foro.screening.importers import ImportFormatError
    from foro.screening.services import list_import

    bad = tmp_path / "watch-2026-12.csv"
    bad.write_text("id,name,type\nW-1,Someone,person\nW-2,Other,spaceship\n", encoding="utf-8")
    with pytest.raises(ImportFormatError):
        list_import(actor="system", list_code="foro-watch", fmt="foro-csv", paths=[bad])
    sign_in(page, "officer")
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    page.goto("/screening/lists/")
    section = page.locator("section[aria-labelledby=list-foro-watch]")
    assert "Refused imports" in section.inner_text()
    assert "watch-2026-12.csv" in section.inner_text()
    assert "spaceship" in section.inner_text()
    assert axe_violations(page) == []
    screenshot(page, "screening-lists-refused")
