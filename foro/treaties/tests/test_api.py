"""The treaty API: visibility, filters, paging cost, problems, and a write over real HTTP."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from foro.core.services import apitoken_create
from foro.treaties.models import Status
from foro.treaties.tests.conftest import drive, make_treaty

V1 = "/api/v1/treaties"


@pytest.mark.django_db
def test_applicants_get_403_and_staff_read(client, accounts):
    make_treaty()
    client.force_login(accounts["applicant"])
    assert client.get(V1).status_code == 403
    client.force_login(accounts["management"])
    body = client.get(V1).json()
    assert body["count"] == 1 and body["items"][0]["kind"] == "bilateral"
    assert body["items"][0]["nextStep"]["overdue"] is True  # under negotiation since 2020


@pytest.mark.django_db
def test_filters(client, accounts):
    make_treaty(short_title="A")
    drive(make_treaty(short_title="B", countries=["NL"], domains=["culture"]), Status.IN_FORCE)
    client.force_login(accounts["policy"])
    assert client.get(f"{V1}?status=in_force").json()["count"] == 1
    assert client.get(f"{V1}?status=pending").json()["count"] == 1
    assert client.get(f"{V1}?country=NL").json()["items"][0]["shortTitle"] == "B"
    assert client.get(f"{V1}?domain=culture").json()["count"] == 1
    assert client.get(f"{V1}?overdue=true").json()["items"][0]["shortTitle"] == "A"


@pytest.mark.django_db
def test_management_cannot_write_and_bad_input_is_a_problem(client, accounts):
    treaty = make_treaty()
    client.force_login(accounts["management"])
    r = client.post(
        f"{V1}/{treaty.pk}/steps",
        {"action": "sign", "occurredOn": "2024-01-01"},
        content_type="application/json",
    )
    assert r.status_code == 403 and r["Content-Type"] == "application/problem+json"
    client.force_login(accounts["policy"])
    r = client.post(
        f"{V1}/{treaty.pk}/steps",
        {"action": "enter_into_force", "occurredOn": "2024-01-01"},
        content_type="application/json",
    )
    assert r.status_code == 409
    r = client.post(
        V1,
        {"titleNl": "", "kind": "bilateral", "competence": "mixed"},
        content_type="application/json",
    )
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} >= {"titleNl", "countries"}


@pytest.mark.django_db
def test_a_page_of_25_costs_what_a_page_of_5_costs(client, accounts):
    for n in range(26):
        make_treaty(short_title=f"T{n:02d}", countries=["NL", "DE"])
    client.force_login(accounts["management"])

    def cost(size: int) -> int:
        client.get(f"{V1}?pageSize={size}")
        with CaptureQueriesContext(connection) as ctx:
            body = client.get(f"{V1}?pageSize={size}").json()
        assert len(body["items"]) == size
        return len(ctx.captured_queries)

    assert cost(5) == cost(25)


def _http(
    live_server: Any, method: str, path: str, secret: str, body: Any = None
) -> tuple[int, Any]:
    request = urllib.request.Request(
        live_server.url + path,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


@pytest.mark.django_db(transaction=True)
def test_writes_over_real_http_with_a_token(live_server, accounts):
    _token, secret = apitoken_create(actor=accounts["policy"], name="script")
    status, treaty = _http(
        live_server,
        "POST",
        V1,
        secret,
        {
            "titleNl": "Akkoord Vlaanderen–Chili",
            "kind": "bilateral",
            "competence": "flemish",
            "countries": ["CL"],
            "startedOn": "2024-01-02",
        },
    )
    assert status == 201, treaty
    assert treaty["actions"] == ["initial", "sign"]
    status, treaty = _http(
        live_server,
        "POST",
        f"{V1}/{treaty['id']}/steps",
        secret,
        {"action": "sign", "occurredOn": "2024-03-04"},
    )
    assert (status, treaty["status"]) == (200, "signed")
    status, problem = _http(
        live_server,
        "POST",
        f"{V1}/{treaty['id']}/steps",
        secret,
        {"action": "sign", "occurredOn": "2024-03-04", "x": 1},
    )
    assert status == 422 and problem["errors"][0]["code"] == "unknown_field"


@pytest.mark.django_db
def test_update_checks_the_revision(client, accounts):
    treaty = make_treaty()
    client.force_login(accounts["policy"])
    body = {
        "titleNl": "Nieuwe titel",
        "kind": "bilateral",
        "competence": "mixed",
        "countries": ["ZA"],
        "revision": 1,
    }
    r = client.put(f"{V1}/{treaty.pk}", body, content_type="application/json")
    assert (
        r.status_code == 200 and r.json()["revision"] == 2 and r.json()["titleNl"] == "Nieuwe titel"
    )
    r = client.put(f"{V1}/{treaty.pk}", body, content_type="application/json")
    assert r.status_code == 409
    client.force_login(accounts["management"])
    assert (
        client.put(
            f"{V1}/{treaty.pk}", {**body, "revision": 2}, content_type="application/json"
        ).status_code
        == 403
    )
