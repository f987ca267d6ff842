"""The trade API: paged lists, writes through the services, problems."""

from __future__ import annotations

import json
import urllib.request

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from foro.core.services import apitoken_create
from foro.trade import services
from foro.trade.demo import DEMO_FIGURES
from foro.trade.tests.conftest import barrier_in


@pytest.mark.django_db
def test_report_refuses_unknown_hs_code_as_problem(accounts, client):
    client.force_login(accounts["policy"])
    _t, secret = apitoken_create(actor=accounts["policy"], name="t")
    response = client.post(
        "/api/v1/trade/barriers",
        {"title": "t", "country": "IN", "sector": "s", "hsCodes": ["7701"], "description": "d"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "hsCodes"


@pytest.mark.django_db
def test_disallowed_step_is_a_409(accounts, client):
    barrier = barrier_in(accounts, "reported")
    _t, secret = apitoken_create(actor=accounts["policy"], name="t")
    response = client.post(
        f"/api/v1/trade/barriers/{barrier.pk}/actions/resolve",
        {"note": "x"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 409
    assert response.json()["type"] == "urn:problem-type:foro:transitionNotAllowed"


@pytest.mark.django_db
def test_figures_are_paged_and_carry_their_source(accounts, client):
    services.figures_import(
        actor=accounts["policy"], path=DEMO_FIGURES, source="Eurostat test", is_fixture=True
    )
    client.force_login(accounts["officer"])
    body = client.get(
        "/api/v1/trade/figures?country=US&flow=export&product=TOTAL&pageSize=2"
    ).json()
    assert body["count"] == 5 and len(body["items"]) == 2
    assert body["items"][0]["writtenFromDocumentation"] is True
    assert body["items"][0]["source"] == "Eurostat test"
    client.force_login(accounts["applicant"])
    assert client.get("/api/v1/trade/figures").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/v1/trade/barriers", "/api/v1/trade/agreements", "/api/v1/trade/figures"]
)
def test_a_page_of_5_costs_what_a_page_of_25_costs(accounts, client, path):
    from foro.trade import demo

    demo.load()
    for i in range(30):
        barrier_in(accounts, "reported", title=f"b{i}")
    for i in range(26):
        services.agreement_create(
            actor=accounts["policy"],
            data={
                "name_nl": f"a{i}",
                "name_en": f"a{i}",
                "kind": "fta",
                "status": "negotiating",
                "partners": ["CL", "PE"],
            },
        )
    client.force_login(accounts["policy"])
    counts = []
    for size in (5, 25):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"{path}?pageSize={size}").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db(transaction=True)
def test_barrier_report_over_http_with_only_a_token(live_server, accounts):
    _t, secret = apitoken_create(actor=accounts["applicant"], name="script")
    request = urllib.request.Request(
        f"{live_server.url}/api/v1/trade/barriers",
        data=json.dumps(
            {
                "title": "Quota",
                "country": "BR",
                "sector": "Optics",
                "hsCodes": ["9005"],
                "description": "d",
            }
        ).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - the test server
        assert response.status == 201
        body = json.loads(response.read())
    assert body["reportedBy"] == "company" and body["hsCodes"] == ["9005"]
