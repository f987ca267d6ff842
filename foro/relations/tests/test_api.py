"""Relations API: reads per role, problem+json for bad input, flat query cost, real HTTP."""

from __future__ import annotations

import json
import urllib.request

import pytest
from django.test import Client

from foro.core.services import apitoken_create
from foro.relations.models import Interaction, Partner
from foro.relations.tests.conftest import make_interaction, make_partner
from tests.test_api_queries import assert_page_cost_is_flat

V1 = "/api/v1/relations"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ["policy", "post", "management", "officer", "admin"])
def test_internal_roles_read_the_relations_api(accounts, interaction, role):
    client = _client(accounts[role])
    for path in ("partners", "interactions", "instruments", "actions"):
        assert client.get(f"{V1}/{path}").status_code == 200, path


def test_applicants_read_nothing(accounts, interaction):
    client = _client(accounts["applicant"])
    for path in ("partners", "interactions", "instruments", "actions"):
        response = client.get(f"{V1}/{path}")
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"


def test_management_reads_but_does_not_write(accounts):
    response = _client(accounts["management"]).post(
        f"{V1}/partners", {"name": "X", "kind": "ngo"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not Partner.objects.filter(name="X").exists()


def test_bad_input_is_problem_json_with_every_field(accounts):
    response = _client(accounts["policy"]).post(
        f"{V1}/interactions",
        {"kind": "dinner", "date": "2026-03-02", "subject": "x", "objectives": [99]},
        content_type="application/json",
    )
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"kind", "partners", "objectives"}
    assert not Interaction.objects.exists()


@pytest.fixture
def many(reference):
    partner = make_partner()
    for i in range(30):
        make_interaction(partner, subject=f"Meeting {i}")
        make_partner(name=f"Partner {i}")


@pytest.mark.parametrize("path", ["partners", "interactions"])
def test_list_pages_cost_the_same(accounts, many, path):
    assert_page_cost_is_flat(_client(accounts["policy"]), f"{V1}/{path}")


@pytest.mark.django_db(transaction=True)
def test_relations_writes_over_http_with_only_a_token(live_server, accounts):
    _token, secret = apitoken_create(actor=accounts["policy"], name="script")

    def post(path, body):
        request = urllib.request.Request(
            live_server.url + path,
            method="POST",
            data=json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())

    status, partner = post(f"{V1}/partners", {"name": "ILO", "kind": "international"})
    assert status == 201
    status, interaction = post(
        f"{V1}/interactions",
        {
            "kind": "call",
            "date": "2026-03-02",
            "subject": "Trust fund",
            "partners": [partner["id"]],
        },
    )
    assert (status, interaction["partners"]) == (201, [partner["id"]])
