"""Pages: who sees what, forms keep what was typed, actions from the transition table."""

from __future__ import annotations

import pytest
from django.urls import reverse

from foro.devcoop.models import Activity
from foro.devcoop.tests.helpers import activity_data, full_activity

pytestmark = pytest.mark.django_db

PAGES = [
    ("devcoop:portfolio", ()),
    ("devcoop:activity-new", ()),
    ("devcoop:strategies", ()),
    ("devcoop:publication", ()),
    ("devcoop:dashboard-sector", ()),
    ("devcoop:dashboard-country", ("MW",)),
]


@pytest.mark.parametrize("name,args", PAGES)
def test_development_officer_opens_every_page(client, accounts, name, args):
    full_activity(accounts["devcoop"])
    client.force_login(accounts["devcoop"])
    assert client.get(reverse(name, args=args)).status_code == 200


@pytest.mark.parametrize("name,args", PAGES)
def test_applicant_is_refused_every_page(client, accounts, name, args):
    client.force_login(accounts["applicant"])
    assert client.get(reverse(name, args=args)).status_code == 403


@pytest.mark.parametrize("who", ["management", "policy", "post", "officer"])
def test_internal_roles_read_but_get_no_edit_buttons(client, accounts, who):
    a = full_activity(accounts["devcoop"])
    client.force_login(accounts[who])
    page = client.get(reverse("devcoop:activity", args=[a.pk]))
    assert page.status_code == 200
    assert reverse("devcoop:activity-edit", args=[a.pk]) not in page.content.decode()
    assert client.get(reverse("devcoop:activity-new")).status_code == 403


def test_activity_page_shows_completeness_and_iati_check(client, accounts):
    a = full_activity(accounts["devcoop"])
    client.force_login(accounts["devcoop"])
    html = client.get(reverse("devcoop:activity", args=[a.pk])).content.decode()
    assert "Completeness" in html or "Volledigheid" in html
    assert "related-activity" not in html  # not a recommended element
    assert "strategic objective (foro)" in html  # the helper's activity has none


def test_bad_form_keeps_what_was_typed_and_saves_nothing(client, accounts):
    client.force_login(accounts["devcoop"])
    form = {
        "identifier": "MW-X-1",
        "title_en": "Boreholes for Dedza",
        "recipient_country": "MW",
        "planned_start": "2025-01-01",
        "planned_end": "2024-01-01",
        "default_currency": "EUR",
        "status": "2",
        "sectors-0-vocabulary": "1",
        "sectors-0-code": "14030",
        "sectors-0-percentage": "70",
    }
    page = client.post(reverse("devcoop:activity-new"), form)
    assert page.status_code == 422
    html = page.content.decode()
    assert "Boreholes for Dedza" in html and 'value="70"' in html
    assert "error-summary" in html
    assert not Activity.objects.filter(iati_identifier__endswith="MW-X-1").exists()


def test_officer_creates_an_activity_through_the_form(client, accounts):
    client.force_login(accounts["devcoop"])
    data = activity_data(identifier="MW-FORM-1")
    form = {k: v for k, v in data.items() if isinstance(v, str)}
    for key in ("participants", "sectors", "locations", "markers"):
        for i, row in enumerate(data[key]):
            for f, v in row.items():
                form[f"{key}-{i}-{f}"] = v
    response = client.post(reverse("devcoop:activity-new"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    a = Activity.objects.get(iati_identifier__endswith="MW-FORM-1")
    assert a.sectors.count() == 2 and a.officer == accounts["devcoop"]
