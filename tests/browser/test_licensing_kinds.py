"""The applicant's import and transit forms in the browser (issue 10): the movement fields
(consignor, origin, transport, route and transit points) are asked for, a mistake is shown
at its field with nothing typed lost, and a complete draft is submitted. The officer's case
page shows the movement and the reference page of rows due for review. axe checks each page."""

import re

import pytest

from foro.licensing.models import Application
from tests.browser.conftest import axe_violations, screenshot, sign_in

#: the applicants' companies hold a prior authorisation: their export, transfer and transit
#: applications may be submitted (the refusal without one: test_prior_authorisation.py)
pytestmark = pytest.mark.usefixtures("prior_authorised")

GOODS = {
    "#id_goods-0-description": "155 mm artillery fuzes",
    "#id_goods-0-control_entry": "ML3.d",
    "#id_goods-0-cn_code": "93069090",
    "#id_goods-0-quantity": "400",
    "#id_goods-0-unit": "pieces",
    "#id_goods-0-value_eur": "152.000,00",
}


def _new(page, kind: str) -> int:
    page.goto("/portal/")
    page.select_option("#kind", kind)
    page.click("form[action$='/applications/new/'] button[type=submit]")
    page.wait_for_url(re.compile(r"/portal/applications/\d+/edit/"))
    return int(re.search(r"/applications/(\d+)/", page.url).group(1))


def test_the_applicant_fills_in_and_submits_an_import(page, watchlist):
    sign_in(page, "applicant")
    app_id = _new(page, "import-military")
    assert page.locator("#id_destination").count() == 0  # an import comes to Flanders
    page.fill("#id_end_use", "Maintenance stock of the Belgian Defence")
    for selector, value in GOODS.items():
        page.fill(selector, value)
    page.fill("#id_consignor_name", "Nammo Raufoss AS")
    page.fill("#id_consignor_address", "Raufoss")
    page.select_option("#id_consignor_country", "NO")
    assert page.locator("#id_origin option[value=BE]").count() == 0
    page.select_option("#id_origin", "FR")  # a member state: refused at submission
    page.select_option("#id_transport", "road")
    assert axe_violations(page) == []
    screenshot(page, "portal-import-edit")
    page.click("button[name=to_submit]")
    page.wait_for_url(f"**/portal/applications/{app_id}/")
    assert "transfer" in page.content().lower() or "overbrenging" in page.content().lower()
    page.goto(f"/portal/applications/{app_id}/edit/")
    assert page.input_value("#id_consignor_name") == "Nammo Raufoss AS"  # kept
    page.select_option("#id_origin", "NO")
    page.click("button[name=to_submit]")
    page.wait_for_url(f"**/portal/applications/{app_id}/")
    assert axe_violations(page) == []
    assert page.locator("#h-movement-facts").count() == 1
    page.click("form[action$='/act/submit/'] button[type=submit]")
    page.wait_for_url(f"**/portal/applications/{app_id}/")
    app = Application.objects.get(pk=app_id)
    assert app.status == "submitted" and app.movement.origin_id == "NO"
    assert app.destination_id is None
    screenshot(page, "portal-import-submitted")


def test_the_applicant_gives_a_transit_route_and_a_mistake_keeps_what_was_typed(page, watchlist):
    sign_in(page, "applicant")
    app_id = _new(page, "transit-military")
    page.select_option("#id_destination", "CA")
    page.fill("#id_end_use", "Training of the Canadian Armed Forces")
    for selector, value in GOODS.items():
        page.fill(selector, value)
    page.select_option("#id_parties-0-role", "consignee")
    page.fill("#id_parties-0-name", "Department of National Defence Canada")
    page.select_option("#id_parties-0-country", "CA")
    page.fill("#id_consignor_name", "RUAG Ammotec AG")
    page.select_option("#id_consignor_country", "CH")
    page.select_option("#id_origin", "CH")
    page.select_option("#id_transport", "multimodal")
    page.fill("#id_route", "Thun to Antwerp by rail, then by sea to Halifax")
    page.fill("#id_points-0-place", "Antwerp")  # the country is forgotten
    page.click("button[name=add_point]")
    # refused: the transit point has no country; the page says where, and keeps the rest
    assert page.locator("#error-summary").count() == 1
    assert page.locator("#id_points-0-country_error").count() == 1
    assert page.input_value("#id_route") == "Thun to Antwerp by rail, then by sea to Halifax"
    assert page.input_value("#id_points-0-place") == "Antwerp"
    assert axe_violations(page) == []
    screenshot(page, "portal-transit-error")
    page.select_option("#id_points-0-country", "BE")
    page.click("button[name=add_point]")
    page.wait_for_url(re.compile(r"add=point"))
    page.select_option("#id_points-1-country", "CA")
    page.fill("#id_points-1-place", "Halifax")
    page.click("button[name=add_party]")
    page.wait_for_url(re.compile(r"add=party"))
    page.select_option("#id_parties-1-role", "end_user")
    page.fill("#id_parties-1-name", "Canadian Army Training Centre")
    page.select_option("#id_parties-1-country", "CA")
    page.click("button[name=to_submit]")
    page.wait_for_url(f"**/portal/applications/{app_id}/")
    page.click("form[action$='/act/submit/'] button[type=submit]")
    page.wait_for_url(f"**/portal/applications/{app_id}/")
    app = Application.objects.get(pk=app_id)
    assert app.status == "submitted"
    assert list(app.route_points.values_list("country_id", "place")) == [
        ("BE", "Antwerp"),
        ("CA", "Halifax"),
    ]
    page.click("text=Afmelden")
    sign_in(page, "officer")
    page.goto(f"/licensing/applications/{app_id}/")
    assert page.locator("#h-movement-facts").count() == 1
    assert "Halifax" in page.locator("#h-movement-facts").locator("..").inner_text()
    assert axe_violations(page) == []
    screenshot(page, "case-transit")
    page.goto("/reference/review/")
    assert axe_violations(page) == []
    screenshot(page, "reference-review")
