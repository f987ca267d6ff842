"""Network API: flat query cost of the lists, real HTTP write."""

from __future__ import annotations

import json
import urllib.request

import pytest
from django.test import Client

from foro.core.services import apitoken_create
from foro.network import services
from foro.network.tests.conftest import submitted_report
from tests.test_api_queries import assert_page_cost_is_flat

V1 = "/api/v1/network"


@pytest.fixture
def many(accounts):
    for i in range(30):
        submitted_report(accounts, ("public", "internal", "restricted")[i % 3], title=f"Report {i}")
        services.staff_assign(
            actor="system",
            data={
                "representation_code": "FL-IT",
                "name": f"Staff {i}",
                "function": "diplomat",
                "starts_on": "2024-01-01",
            },
        )
        services.mission_create(
            actor="system",
            data={
                "kind": "incoming",
                "title": f"Visit {i}",
                "country": "IT",
                "starts_on": "2026-01-01",
                "ends_on": "2026-01-02",
                "objectives": [1],
                "programme": [{"day": "2026-01-01", "description": "Meeting"}],
            },
        )


@pytest.mark.parametrize("path", ["reports", "staff", "missions"])
def test_list_pages_cost_the_same(accounts, many, path):
    client = Client()
    client.force_login(accounts["management"])
    assert_page_cost_is_flat(client, f"{V1}/{path}")


def test_staff_shows_the_rotation(accounts):
    services.staff_assign(
        actor="system",
        data={
            "representation_code": "FL-IT",
            "name": "A",
            "function": "head",
            "starts_on": "2024-02-29",
        },
    )
    client = Client()
    client.force_login(accounts["post"])
    item = client.get(f"{V1}/staff?representation=FL-IT").json()["items"][0]
    assert item["rotationDue"] == "2029-02-28"


def test_an_unknown_step_is_refused(accounts):
    report = submitted_report(accounts, "internal")
    client = Client()
    client.force_login(accounts["post"])
    response = client.post(
        f"{V1}/reports/{report.pk}/transitions",
        {"action": "publish"},
        content_type="application/json",
    )
    assert response.status_code == 422
    response = client.post(
        f"{V1}/reports/{report.pk}/transitions",
        {"action": "archive"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["type"] == "urn:problem-type:foro:transitionNotAllowed"


@pytest.mark.django_db(transaction=True)
def test_network_writes_over_http_with_only_a_token(live_server, accounts):
    _token, secret = apitoken_create(actor=accounts["post"], name="script")

    def post(path, body):
        request = urllib.request.Request(
            live_server.url + path,
            method="POST",
            data=json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())

    status, report = post(
        f"{V1}/reports",
        {
            "kind": "thematic",
            "title": "Culture",
            "body": "Text",
            "classification": "public",
            "readers": ["policy"],
        },
    )
    assert (status, report["state"]) == (201, "draft")
    status, report = post(f"{V1}/reports/{report['id']}/transitions", {"action": "submit"})
    assert (status, report["state"]) == (200, "submitted")
