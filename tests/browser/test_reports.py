"""A manager reads the licensing report, switches the period, publishes the half-year as
open data, and the public open-data page shows it. axe checks each page."""

import re

from foro.reporting.models import Publication
from foro.reporting.tests.conftest import COMPANY_AND_PARTY_NAMES, known  # noqa: F401
from tests.browser.conftest import axe_violations, screenshot, sign_in


def test_manager_reads_switches_period_and_publishes(page, known):  # noqa: F811
    sign_in(page, "management")
    page.goto("/reports/?period=2025-H1")
    # the chart is drawn (an SVG image with a title and a description) next to its table
    chart = page.locator("#chart-top-third-countries")
    assert chart.is_visible()
    assert chart.get_attribute("role") == "img"
    assert "Canada" in page.locator("#chart-top-third-countries-desc").text_content()
    assert page.locator("#chart-top-third-countries rect").count() == 2  # Canada, Japan
    table = page.locator("#table-granted-third-countries")
    assert table.is_visible()
    canada = table.locator("tbody tr", has_text="Canada")
    assert "60.500" in canada.locator("td.total").text_content()
    assert page.locator("#table-refusals-third-countries tfoot td.total").text_content() == "2"
    assert axe_violations(page) == []
    screenshot(page, "report-2025-h1")

    # another period: the whole year, chosen in the picker
    page.select_option("#f-period", "2025")
    page.click("form.report-picker button[type=submit]")
    page.wait_for_url(re.compile(r"period=2025(&|$)"))
    exports = page.locator("#table-exports-third-countries tbody tr", has_text="Canada")
    assert "15.000" in exports.locator("td.total").text_content()  # June + July exports
    assert page.locator("#chart-categories").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "report-2025")

    # publish the first half-year as open data
    page.click("nav.downloads a[href='/reports/open-data/']")
    page.wait_for_url("**/reports/open-data/")
    assert axe_violations(page) == []
    page.select_option("#p-period", "2025-H1")
    page.click("form[action$='/publish/'] button[type=submit]")
    # a confirmation step says what will change; nothing is published before it
    confirm_text = page.inner_text("main")
    assert "kan achteraf niet gewijzigd worden" in confirm_text  # the page is in Dutch
    assert not Publication.objects.exists()
    assert axe_violations(page) == []
    page.click("button[name=confirm][value=yes]")
    page.wait_for_url("**/reports/open-data/")
    pub = Publication.objects.get()
    assert (pub.version, pub.state) == (1, "published")
    assert page.locator(f"a[href='/open-data/{pub.pk}/']").count() == 1
    screenshot(page, "publications")

    # the public, without signing in
    page.context.clear_cookies()
    page.goto("/open-data/")
    assert axe_violations(page) == []
    page.click(f"a[href='/open-data/{pub.pk}/']")
    page.wait_for_url(f"**/open-data/{pub.pk}/")
    assert page.locator("#table-granted-third-countries").is_visible()
    assert page.locator("#table-exports-third-countries").count() == 0
    content = page.content()
    for name in COMPANY_AND_PARTY_NAMES:
        assert name not in content
    assert axe_violations(page) == []
    screenshot(page, "open-data-period")
