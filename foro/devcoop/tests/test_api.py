"""The API: the portfolio list and one activity for internal roles, nothing for applicants;
writes refused with problem+json; the public IATI files without sign-in."""

from __future__ import annotations

import json
import urllib.request

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from foro.core.services import apitoken_create
from foro.devcoop import services
from foro.devcoop.iati import validate
from foro.devcoop.tests.helpers import activity_data, full_activity

V = "/api/v1/devcoop"


@pytest.mark.django_db
def test_applicant_sees_no_activity(client, accounts):
    full_activity(accounts["devcoop"])
    client.force_login(accounts["applicant"])
    assert client.get(f"{V}/activities").json()["count"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["devcoop", "management", "policy", "post"])
def test_internal_roles_list_activities(client, accounts, who):
    a = full_activity(accounts["devcoop"])
    client.force_login(accounts[who])
    body = client.get(f"{V}/activities").json()
    assert body["count"] == 1 and body["items"][0]["iatiIdentifier"] == a.iati_identifier
    detail = client.get(f"{V}/activities/{a.pk}").json()
    assert detail["transactions"][1]["valueEur"] is not None


@pytest.mark.django_db
def test_management_cannot_create_and_gets_problem_json(client, accounts):
    client.force_login(accounts["management"])
    response = client.post(
        f"{V}/activities",
        data=json.dumps({"identifier": "X", "titleEn": "X"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_list_costs_the_same_for_5_and_25(client, accounts):
    for i in range(26):
        services.activity_create(actor=accounts["devcoop"], data=activity_data(identifier=f"Q-{i}"))
    client.force_login(accounts["devcoop"])
    counts = []
    for size in (5, 25):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"{V}/activities?pageSize={size}").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_public_file_needs_no_sign_in_and_serves_the_last_approved_version(client, accounts):
    assert client.get(f"{V}/iati/activities.xml").status_code == 404
    a = full_activity(accounts["devcoop"])
    services.publication_request(actor=accounts["devcoop"], activity=a)
    services.publication_approve(actor=accounts["management"], activity=a)
    services.activity_reopen(actor=accounts["devcoop"], activity=a)
    services.activity_update(
        actor=accounts["devcoop"],
        activity=a,
        data=activity_data(title_en="A new title, unapproved"),
    )
    response = client.get(f"{V}/iati/activities.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    assert b"A new title, unapproved" not in response.content
    assert b"Climate-resilient agriculture in Zomba" in response.content
    assert validate.errors(validate.validate(response.content)) == []
    services.organisation_publish(actor=accounts["management"])
    org = client.get(f"{V}/iati/organisation.xml")
    assert org.status_code == 200
    doc = etree.fromstring(org.content).getroottree()
    assert validate.validate(doc, kind="organisation") == []


@pytest.mark.django_db(transaction=True)
def test_devcoop_writes_over_http_with_only_a_token(live_server, accounts):
    _token, secret = apitoken_create(actor=accounts["devcoop"], name="script")
    body = {
        "identifier": "MW-HTTP-1",
        "titleEn": "School gardens in Zomba",
        "plannedStart": "2025-01-01",
        "recipientCountry": "MW",
        "sectors": [{"code": "11220", "percentage": 100}],
    }
    request = urllib.request.Request(
        live_server.url + f"{V}/activities",
        method="POST",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 201
        created = json.loads(response.read())
    assert created["iatiIdentifier"].endswith("MW-HTTP-1") and created["state"] == "draft"


def test_the_api_enums_are_the_shipped_iati_codelists():
    from foro.devcoop import api
    from foro.devcoop.iati.codelists import codelist

    assert sorted(codelist("ActivityStatus")) == api.IATI_ACTIVITY_STATUS
    assert sorted(codelist("OrganisationRole")) == api.IATI_ORGANISATION_ROLE
