"""The applicant's global application in the browser (issue 10): two consignees with their
end users, the period asked and a ceiling per consignee; a mistake in a ceiling is shown at
its field with nothing typed lost; the complete draft is submitted. axe checks each page."""

import re

import pytest
from django.utils import timezone

from foro.licensing.models import Application
from tests.browser.conftest import axe_violations, screenshot, sign_in

#: the global kinds need the company's prior authorisation in force
pytestmark = pytest.mark.usefixtures("prior_authorised")

GOODS = {
    "#id_goods-0-description": "Thermal imaging sights",
    "#id_goods-0-control_entry": "ML15.c",
    "#id_goods-0-cn_code": "90138000",
    "#id_goods-0-quantity": "40",
    "#id_goods-0-unit": "pieces",
    "#id_goods-0-value_eur": "600.000,00",
}
PARTIES = [
    ("consignee", "Defensie Materieel Organisatie", "NL"),
    ("consignee", "Rheinmetall Landsysteme GmbH", "DE"),
    ("end_user", "Koninklijke Landmacht", "NL"),
]


def test_the_applicant_fills_in_a_global_transfer_with_two_consignees(page, watchlist):
    sign_in(page, "applicant")
    page.goto("/portal/")
    page.select_option("#kind", "transfer-global")
    page.click("form[action$='/applications/new/'] button[type=submit]")
    page.wait_for_url(re.compile(r"/portal/applications/\d+/edit/"))
    app_id = int(re.search(r"/applications/(\d+)/", page.url).group(1))
    assert page.locator("#id_destination").count() == 0  # the consignees' countries instead
    page.fill("#id_end_use", "Integration into armoured vehicles")
    for selector, value in GOODS.items():
        page.fill(selector, value)
    for i, (role, name, country) in enumerate(PARTIES):
        if i:
            page.click("button[name=add_party]")
            page.wait_for_url(re.compile(r"add=party"))
        page.select_option(f"#id_parties-{i}-role", role)
        page.fill(f"#id_parties-{i}-name", name)
        page.select_option(f"#id_parties-{i}-country", country)
    today = timezone.localdate()
    page.fill("#id_period_from", today.strftime("%d/%m/%Y"))
    page.fill("#id_period_until", today.replace(year=today.year + 2).strftime("%d/%m/%Y"))
    # the first ceiling: the first consignee, 20 sights; the second: party 3, an end user
    page.select_option("#id_ceilings-0-party", "1")
    page.select_option("#id_ceilings-0-line", "1")
    page.fill("#id_ceilings-0-quantity", "20")
    page.fill("#id_ceilings-0-value_eur", "300.000,00")
    page.click("button[name=add_ceiling]")
    page.wait_for_url(re.compile(r"add=ceiling"))
    assert page.locator("#id_ceilings-1-party option").count() == 3  # —, two consignees
    page.select_option("#id_ceilings-1-party", "2")
    page.select_option("#id_ceilings-1-line", "1")
    page.fill("#id_ceilings-1-quantity", "25")  # 20 + 25 is more than the 40 of the line
    page.fill("#id_ceilings-1-value_eur", "240000")
    assert axe_violations(page) == []
    screenshot(page, "portal-global-edit")
    page.click("button[name=to_submit]")
    page.wait_for_url(f"**/portal/applications/{app_id}/")
    assert page.locator("#h-global-terms").count() == 1
    assert (
        "Rheinmetall Landsysteme GmbH" in page.locator("#h-global-terms").locator("..").inner_text()
    )
    assert page.locator(".notice-warn").count() == 1  # not complete yet: 45 of 40 sights
    assert axe_violations(page) == []
    page.goto(f"/portal/applications/{app_id}/edit/")
    assert page.input_value("#id_ceilings-1-quantity") == "25"  # kept
    page.fill("#id_ceilings-1-quantity", "abc")
    page.click("button[name=to_submit]")
    # refused at its field; what was typed is still there
    assert page.locator("#error-summary").count() == 1
    assert page.locator("#id_ceilings-1-quantity_error").count() == 1
    assert page.input_value("#id_ceilings-1-value_eur") == "240000,00"
    assert axe_violations(page) == []
    screenshot(page, "portal-global-error")
    page.fill("#id_ceilings-1-quantity", "16")
    page.click("button[name=to_submit]")
    page.wait_for_url(f"**/portal/applications/{app_id}/")
    page.click("form[action$='/act/submit/'] button[type=submit]")
    page.wait_for_url(f"**/portal/applications/{app_id}/")
    app = Application.objects.get(pk=app_id)
    assert app.status == "submitted" and app.destination_id == "NL"
    assert list(app.allowances.values_list("party_position", "quantity")) == [(1, 20), (2, 16)]
