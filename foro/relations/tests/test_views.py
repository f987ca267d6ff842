"""Relations pages: every page opens for the internal roles, forms keep what was typed and
show each problem, applicants are refused, the objective page and its report files."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from foro.relations import services
from foro.relations.models import Partner
from foro.relations.tests.conftest import make_interaction


def _client(user, lang: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["foro_language"] = lang
    return client


@pytest.fixture
def world(partner, accounts):
    interaction = make_interaction(partner, day=date(2026, 3, 2), objectives=(4,))
    action = services.action_create(
        actor="system",
        interaction=interaction,
        data={"description": "Send minutes", "owner": "post", "due_date": "2026-01-01"},
    )
    instrument = services.instrument_create(
        actor="system",
        data={
            "kind": "mou",
            "title": "MoU heritage",
            "partners": [partner.pk],
            "starts_on": "2025-01-01",
            "objectives": [4],
        },
    )
    services.contribution_create(
        actor="system",
        partner=partner,
        data={"year": 2026, "fund": "Fund", "amount_eur": "1000", "objectives": [4]},
    )
    return {
        "interaction": interaction,
        "action": action,
        "instrument": instrument,
        "partner": partner,
    }


def _pages(world) -> list[str]:
    p, i, n = world["partner"].pk, world["interaction"].pk, world["instrument"].pk
    return [
        "/relations/",
        f"/relations/partners/{p}/",
        "/relations/multilateral/",
        "/relations/interactions/",
        f"/relations/interactions/{i}/",
        "/relations/actions/",
        "/relations/actions/?all=1",
        "/relations/instruments/",
        f"/relations/instruments/{n}/",
        "/relations/objectives/",
        "/relations/objectives/4/?year=2026",
    ]


FORMS = [
    "/relations/partners/new/",
    "/relations/interactions/new/",
    "/relations/instruments/new/",
    "/relations/import/",
]


@pytest.mark.parametrize("role", ["policy", "post", "management", "officer", "admin"])
def test_every_page_opens_for_internal_roles(accounts, world, role):
    client = _client(accounts[role])
    for url in _pages(world):
        assert client.get(url).status_code == 200, url
    writer = role in ("policy", "post")
    for url in FORMS:
        assert client.get(url).status_code == (200 if writer else 403), url


def test_applicants_are_refused_everywhere(accounts, world):
    client = _client(accounts["applicant"])
    for url in _pages(world) + FORMS:
        assert client.get(url).status_code == 403, url


def test_a_refused_form_keeps_what_was_typed(accounts):
    client = _client(accounts["policy"])
    response = client.post(
        "/relations/partners/new/",
        {"name": "Ministry of Culture", "kind": "", "country": "IT", "website": "www.x"},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert 'value="Ministry of Culture"' in html and 'value="IT" selected' in html
    assert "Choose one." in html and "https://" in html
    assert not Partner.objects.exists()


def test_a_partner_and_contact_are_added_through_the_pages(accounts):
    client = _client(accounts["post"])
    response = client.post(
        "/relations/partners/new/", {"name": "ILO", "kind": "international", "country": "CH"}
    )
    partner = Partner.objects.get(name="ILO")
    assert response.status_code == 302
    response = client.post(
        f"/relations/partners/{partner.pk}/contacts/new/",
        {
            "last_name": "Keller",
            "consent_basis": "consent",
            "consent_date": "2026-03-01",
            "source": "meeting",
        },
    )
    assert response.status_code == 302 and partner.contacts.count() == 1


def test_actions_are_marked_done_from_the_list(accounts, world):
    client = _client(accounts["post"])
    html = client.get("/relations/actions/").content.decode()
    assert "Send minutes" in html and "overdue" in html
    client.post(
        f"/relations/actions/{world['action'].pk}/complete/", {"next": "/relations/actions/"}
    )
    world["action"].refresh_from_db()
    assert world["action"].status == "done"


def test_the_home_page_shows_a_diplomats_open_follow_ups(accounts, world):
    html = _client(accounts["post"]).get("/").content.decode()
    assert 'id="h-my-actions"' in html and "Send minutes" in html
    assert "Send minutes" not in _client(accounts["management"]).get("/").content.decode()


def test_the_country_page_shows_partners_and_interactions(accounts, world):
    html = _client(accounts["officer"]).get("/countries/CA/").content.decode()
    assert 'id="h-relations"' in html and "Government of Québec" in html
    assert "Annual consultation" in html


def test_the_objective_page_totals_the_modules_and_charts_the_years(accounts, world):
    html = (
        _client(accounts["management"]).get("/relations/objectives/4/?year=2026").content.decode()
    )
    assert 'id="h-obj-relations"' in html and 'id="h-obj-network"' in html
    assert "<svg" in html and "<script" not in html.split("</head>")[1]
    assert (
        "3 activities for this objective in 2026." in html
    )  # interaction, instrument, contribution
    other = (
        _client(accounts["management"]).get("/relations/objectives/4/?year=2020").content.decode()
    )
    assert "0 activities" in other


def test_the_annual_report_as_pdf_and_xlsx(accounts, world):
    client = _client(accounts["management"])
    pdf = client.get("/relations/objectives/4/report.pdf?year=2026")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get("/relations/objectives/4/report.xlsx?year=2026")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert client.get("/relations/objectives/4/report.doc?year=2026").status_code == 404
    assert client.get("/relations/objectives/99/").status_code == 404


def test_search_finds_partners_contacts_and_interactions(accounts, world):
    from foro.core.search import search

    services.contact_create(
        actor="system",
        partner=world["partner"],
        data={
            "last_name": "Tremblay",
            "consent_basis": "consent",
            "consent_date": "2026-01-01",
            "source": "x",
        },
    )
    keys = {g.key for g in search(accounts["officer"], "Québec")}
    assert "partners" in keys
    assert {g.key for g in search(accounts["officer"], "Tremblay")} == {"contacts"}
    assert {g.key for g in search(accounts["officer"], "consultation")} >= {"interactions"}
    assert search(accounts["applicant"], "Québec") == []
