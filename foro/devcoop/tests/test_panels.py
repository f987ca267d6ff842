"""What devcoop shows on shared pages: country page, home page, objective count, search."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from foro.core import search
from foro.core.models import Country, StrategicObjective
from foro.core.slots import ObjectiveYear
from foro.devcoop import panels, services
from foro.devcoop.tests.helpers import activity_data, full_activity

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_country_page_shows_projects_and_spending(client, accounts):
    full_activity(accounts["devcoop"])
    client.force_login(accounts["post"])
    html = client.get(reverse("core:country-detail", args=["MW"])).content.decode()
    assert "Climate-resilient agriculture in Zomba" in html or "Klimaatbestendige landbouw" in html
    section = panels.country_section(_request(accounts["post"]), Country.objects.get(code="MW"))
    assert section is not None
    money = section["context"]["money"]
    assert money.committed == 1200000 and 0 < money.disbursed < 300000  # USD converted


def test_country_section_is_empty_for_applicants_and_countries_without_activities(accounts):
    full_activity(accounts["devcoop"])
    mw = Country.objects.get(code="MW")
    assert panels.country_section(_request(accounts["applicant"]), mw) is None
    assert (
        panels.country_section(_request(accounts["post"]), Country.objects.get(code="FR")) is None
    )


def test_home_panel_lists_the_officers_activities_needing_attention(client, accounts):
    services.activity_create(actor=accounts["devcoop"], data=activity_data(identifier="THIN-1"))
    section = panels.home_panel(_request(accounts["devcoop"]))
    assert section is not None and section["context"]["attention"]
    client.force_login(accounts["devcoop"])
    assert "THIN-1" in client.get("/").content.decode() or section["context"]["drafts"] == 1
    assert panels.home_panel(_request(accounts["policy"])) is None


def test_home_panel_counts_publications_to_approve_but_not_ones_own(accounts):
    a = full_activity(accounts["devcoop"])
    services.publication_request(actor=accounts["devcoop"], activity=a)
    assert panels.home_panel(_request(accounts["devcoop"]))["context"]["to_approve"] == 0
    assert panels.home_panel(_request(accounts["management"]))["context"]["to_approve"] == 1


def test_objective_count_is_the_activities_tagged_and_active_in_the_year(accounts):
    climate = StrategicObjective.objects.get(number=9)
    full_activity(accounts["devcoop"], objectives=[9])  # 2024-02 to 2027-12
    full_activity(
        accounts["devcoop"],
        identifier="OLD-1",
        objectives=[9],
        planned_start="2019-01-01",
        actual_start="2019-01-01",
        planned_end="2020-12-31",
        actual_end="2020-12-31",
    )
    full_activity(accounts["devcoop"], identifier="OTHER-1", objectives=[8])
    request = _request(accounts["management"])
    assert panels.objective_section(request, ObjectiveYear(climate, 2025))["context"]["count"] == 1
    assert panels.objective_section(request, ObjectiveYear(climate, 2020))["context"]["count"] == 1
    assert panels.objective_section(request, ObjectiveYear(climate, 2018))["context"]["count"] == 0
    assert (
        panels.objective_section(_request(accounts["applicant"]), ObjectiveYear(climate, 2025))
        is None
    )


def test_search_finds_activities_and_papers_for_staff_only(accounts):
    full_activity(accounts["devcoop"])
    services.strategy_paper_create(
        actor=accounts["devcoop"],
        data={
            "country": "MW",
            "title_nl": "Landenstrategiepapier Malawi",
            "title_en": "Country strategy paper Malawi",
            "period_start": "2023-01-01",
            "period_end": "2027-12-31",
            "budget_eur": "1",
        },
    )
    groups = {g.key: g for g in search.search(accounts["policy"], "Zomba")}
    assert groups["devcoop-activities"].total == 1
    groups = {g.key: g for g in search.search(accounts["policy"], "strategy Malawi")}
    assert groups["devcoop-strategies"].total == 1
    assert not [
        g for g in search.search(accounts["applicant"], "Zomba") if g.key.startswith("devcoop")
    ]
