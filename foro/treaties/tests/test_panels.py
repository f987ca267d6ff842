"""What the register adds to shared pages: the country page, the home page, the objective
slot and search (only for readers who may open treaties)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from foro.core import search
from foro.core.models import StrategicObjective
from foro.core.slots import ObjectiveYear
from foro.treaties import panels
from foro.treaties.models import Status
from foro.treaties.tests.conftest import drive, make_treaty

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_country_page_shows_treaties_in_force_and_pending(client, accounts):
    drive(make_treaty(short_title="Akkoord in werking"), Status.IN_FORCE)
    make_treaty(short_title="Akkoord hangend")
    client.force_login(accounts["management"])
    body = client.get("/countries/ZA/").content.decode()
    assert "Akkoord in werking" in body and "Akkoord hangend" in body
    assert panels.country_section(_request(accounts["applicant"]), object()) is None


def test_home_shows_the_officers_next_steps(client, accounts):
    make_treaty(accounts["policy"], short_title="Mijn akkoord")
    client.force_login(accounts["policy"])
    body = client.get("/").content.decode()
    assert 'id="panel-treaties"' in body and "Mijn akkoord" in body
    assert panels.home_panel(_request(accounts["management"]), None) is None


def test_objective_count(accounts):
    objective = StrategicObjective.objects.get(number=1)
    drive(make_treaty(objectives=[1]), Status.SIGNED)  # steps dated 2020
    section = panels.objective_section(
        _request(accounts["management"]), ObjectiveYear(objective, 2020)
    )
    assert section is not None and section["context"]["count"] == 1
    section = panels.objective_section(
        _request(accounts["management"]), ObjectiveYear(objective, 2021)
    )
    assert section is not None and section["context"]["count"] == 0


def test_search_finds_treaties_only_for_staff(accounts):
    make_treaty(short_title="Zuid-Afrika akkoord")
    groups = search.search(accounts["post"], "Zuid-Afrika")
    assert any(g.key == "treaties" and g.total == 1 for g in groups)
    assert not any(g.key == "treaties" for g in search.search(accounts["applicant"], "Zuid-Afrika"))


def test_the_objective_section_renders(accounts):
    from django.template.loader import render_to_string

    objective = StrategicObjective.objects.get(number=1)
    drive(make_treaty(objectives=[1], short_title="Doelakkoord"), Status.SIGNED)
    section = panels.objective_section(
        _request(accounts["management"]), ObjectiveYear(objective, 2020)
    )
    assert section is not None
    html = render_to_string(section["template"], {"data": section["context"]})
    assert "Doelakkoord" in html and "2020" in html
