"""EU law on shared pages: the home panel, the objective slot and search."""

from __future__ import annotations

from datetime import date

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from foro.core import search
from foro.core.models import StrategicObjective
from foro.core.slots import ObjectiveYear
from foro.eulaw import panels
from foro.eulaw.tests.conftest import make_directive

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_home_shows_the_officers_deadlines(client, accounts):
    d = make_directive(accounts["policy"])
    client.force_login(accounts["policy"])
    body = client.get("/").content.decode()
    assert 'id="panel-eulaw"' in body and d.number in body


def test_objective_count_and_render(accounts):
    make_directive(objectives=[1], deadlines=[date(2021, 6, 25)])
    objective = StrategicObjective.objects.get(number=1)
    section = panels.objective_section(
        _request(accounts["management"]), ObjectiveYear(objective, 2021)
    )
    assert section is not None and section["context"]["count"] == 1
    html = render_to_string(section["template"], {"data": section["context"]})
    assert "2021" in html
    assert (
        panels.objective_section(_request(accounts["applicant"]), ObjectiveYear(objective, 2021))
        is None
    )


def test_search_directives_and_cases_only_for_staff(accounts):
    from foro.core.actors import SystemActor
    from foro.eulaw import services

    make_directive(celex="32019L1024", title="Open data")
    services.infringement_create(
        actor=SystemActor.SYSTEM,
        data={"number": "2024/0321", "kind": "non_conformity", "celex": "32019L1024"},
    )
    keys = {g.key: g.total for g in search.search(accounts["management"], "32019L1024")}
    assert keys == {"directives": 1, "infringements": 1}
    assert search.search(accounts["applicant"], "32019L1024") == []
