"""Trade's home panel and objective section, per role."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from foro.core.models import StrategicObjective
from foro.core.slots import ObjectiveYear
from foro.trade import panels
from foro.trade.tests.conftest import barrier_in


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


@pytest.mark.django_db
def test_home_panel_counts_the_barriers_waiting(accounts):
    barrier_in(accounts, "reported")
    barrier_in(accounts, "escalated")
    section = panels.home_panel(_request(accounts["policy"]), accounts["policy"])
    assert section["context"] == {"reported": 1, "assessed": 0, "escalated": 1}
    assert panels.home_panel(_request(accounts["officer"]), accounts["officer"]) is None
    # a company's panel counts only its own barriers
    barrier_in(accounts, "reported", reporter="applicant2")
    own = panels.home_panel(_request(accounts["applicant2"]), accounts["applicant2"])
    assert own["context"]["reported"] == 1


@pytest.mark.django_db
def test_objective_section_counts_tagged_barriers_visible_to_the_reader(accounts):
    from django.utils import timezone

    objective = StrategicObjective.objects.order_by("number").first()
    if objective is None:
        objective = StrategicObjective.objects.create(number=1, name_nl="Doel", name_en="Goal")
    tagged = barrier_in(accounts, "reported")
    tagged.objectives.add(objective)
    barrier_in(accounts, "reported")  # not tagged
    year = ObjectiveYear(objective, timezone.now().year)
    section = panels.objective_section(_request(accounts["policy"]), year)
    assert section["context"]["count"] == 1
    assert isinstance(section["context"]["count"], int)
    assert panels.objective_section(_request(accounts["devcoop"]), year) is None
