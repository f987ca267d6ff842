"""The country page joins every module's section; each respects the reader's permissions,
and a section whose module holds nothing says so."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import timezone

from foro.core.models import Organisation
from foro.licensing import services as licensing
from foro.licensing.tests.conftest import granted, proposed
from foro.trade import services as trade
from foro.trade.tests.conftest import barrier_in

INTERNAL = ["officer", "senior", "policy", "devcoop", "post", "management", "admin"]


@pytest.fixture
def canada(accounts, watchlist):
    """Canada with a granted licence, a refusal, an open barrier and an agreement."""
    lic_app = granted(accounts)  # the helper's destination is CA
    refused = proposed(accounts, decision="refuse")
    licensing.decision_countersign(actor=accounts["senior"], application=refused)
    barrier = barrier_in(accounts, "assessed", country="CA", title="Canadian labelling rules")
    agreement = trade.agreement_create(
        actor=accounts["policy"],
        data={
            "name_nl": "CETA",
            "name_en": "CETA",
            "kind": "fta",
            "status": "provisional",
            "partners": ["CA"],
            "provisional_from": "2017-09-21",
        },
    )
    return {
        "licence": lic_app.licence,
        "refused": refused,
        "barrier": barrier,
        "agreement": agreement,
    }


def page(client, user, code="CA") -> str:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(f"/countries/{code}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_applicants_have_no_country_page(accounts, client):
    client.force_login(accounts["applicant"])
    assert client.get("/countries/CA/").status_code in (403, 404)


@pytest.mark.django_db
def test_country_page_per_role(accounts, client, canada):
    """One set of data, every role (the licensing cases take long to build)."""
    for username in INTERNAL:
        _toc(accounts, client, username)
        _licensing(
            accounts, client, canada, username, username in ("officer", "senior", "management")
        )
        _trade(accounts, client, canada, username, username in ("policy", "management", "post"))


def _toc(accounts, client, username):
    html = page(client, accounts[username])
    assert 'id="h-toc"' in html
    # every section in the page has an entry in the table of contents
    assert html.count('<a href="#h-') >= 2
    # embargoes and licensing figures are there for every internal reader
    assert 'id="h-embargoes"' in html and 'id="h-licensing"' in html


def _licensing(accounts, client, canada, username, sees_cases):
    """Counts and values for every internal reader; the cases for licensing staff only."""
    html = page(client, accounts[username])
    year = str(timezone.localdate().year)
    section = html.split('id="h-licensing"', 1)[1].split("</section>", 1)[0]
    assert f">{year}</th>" in section
    row = section.split(f">{year}</th>", 1)[1].split("</tr>", 1)[0]
    cells = [c.split(">", 1)[1] for c in row.split("</td>") if ">" in c]
    assert cells[0] == "1"  # one licence granted
    assert "57.500,00" in cells[1]  # its authorised value (45.000 + 12.500)
    assert cells[2] == "1"  # one refusal
    assert "57.500,00" in cells[3]  # the value refused
    assert (canada["licence"].number in html) is sees_cases
    assert (canada["refused"].reference in html) is False or sees_cases
    assert ('id="h-licensing"' in html) is True, username


def _trade(accounts, client, canada, username, sees_barriers):
    """Agreements for every internal reader; barriers for their readers only."""
    html = page(client, accounts[username])
    section = html.split('id="h-trade"', 1)[1].split("</section>", 1)[0]
    assert "CETA" in section  # agreements: every internal reader
    assert (canada["barrier"].reference in section) is sees_barriers
    assert ("Canadian labelling rules" in html) is sees_barriers
    assert ("Open market-access barriers" in section) is sees_barriers


@pytest.mark.django_db
def test_an_empty_module_says_so(accounts, client):
    html = page(client, accounts["policy"], "IS")  # Iceland: nothing recorded
    assert "No organisation from this country is registered." in html
    assert "No trade agreement with this country is registered." in html
    assert "No open market-access barrier for this country." in html
    assert "No trade figures for this country" in html
    assert "No licences or refusals for this destination" in html


@pytest.mark.django_db
def test_embargoes_in_force_are_shown(accounts, client):
    html = page(client, accounts["policy"], "RU")
    section = html.split('id="h-embargoes"', 1)[1].split("</section>", 1)[0]
    assert "<table" in section


@pytest.mark.django_db
def test_organisations_section_lists_them(accounts, client):
    org = Organisation.objects.filter(country_id="BE").first()
    html = page(client, accounts["officer"], "BE")
    assert org.name in html
