"""The EU-law API: visibility, filters, paging cost, stages, a write over real HTTP."""

from __future__ import annotations

import json
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from foro.core.actors import SystemActor
from foro.core.services import apitoken_create
from foro.eulaw.services import infringements_import
from foro.eulaw.tests.conftest import make_directive

V1 = "/api/v1/eu"
DATA = Path(__file__).parent / "data"


@pytest.mark.django_db
def test_applicants_get_403(client, accounts):
    client.force_login(accounts["applicant"])
    for path in ("/directives", "/measures", "/infringements"):
        assert client.get(V1 + path).status_code == 403


@pytest.mark.django_db
def test_directive_filters_and_deadline_window(client, accounts):
    today = timezone.localdate()
    make_directive(
        accounts["policy"], title="Late", deadlines=[today - timedelta(days=1)], domain="economy"
    )
    make_directive(accounts["policy"], title="Soon", deadlines=[today + timedelta(days=10)])
    client.force_login(accounts["management"])
    assert [d["title"] for d in client.get(f"{V1}/directives?window=overdue").json()["items"]] == [
        "Late"
    ]
    assert [d["title"] for d in client.get(f"{V1}/directives?window=90").json()["items"]] == [
        "Soon"
    ]
    assert client.get(f"{V1}/directives?domain=economy").json()["count"] == 1
    due_from = (today + timedelta(days=5)).isoformat()
    assert client.get(f"{V1}/directives?dueFrom={due_from}").json()["count"] == 1
    assert client.get(f"{V1}/directives?dueFrom=31/02/2024").status_code == 422


@pytest.mark.django_db
def test_infringements_paged_and_filtered_at_a_flat_cost(client, accounts):
    infringements_import(actor=SystemActor.SYSTEM, paths=[DATA / "euip_cases_BE.sample.csv"])
    client.force_login(accounts["management"])
    body = client.get(f"{V1}/infringements?stage=closed&memberState=BE").json()
    assert body["count"] > 0 and all(c["stage"] == "closed" for c in body["items"])
    assert client.get(f"{V1}/infringements?year=2004").json()["count"] > 0

    def cost(size: int) -> int:
        client.get(f"{V1}/infringements?pageSize={size}")
        with CaptureQueriesContext(connection) as ctx:
            items = client.get(f"{V1}/infringements?pageSize={size}").json()["items"]
        assert len(items) == size
        return len(ctx.captured_queries)

    assert cost(5) == cost(25)


@pytest.mark.django_db
def test_directive_list_cost_is_flat(client, accounts):
    for _ in range(26):
        make_directive()
    client.force_login(accounts["management"])

    def cost(size: int) -> int:
        client.get(f"{V1}/directives?pageSize={size}")
        with CaptureQueriesContext(connection) as ctx:
            items = client.get(f"{V1}/directives?pageSize={size}").json()["items"]
        assert len(items) == size
        return len(ctx.captured_queries)

    assert cost(5) == cost(25)


@pytest.mark.django_db(transaction=True)
def test_a_write_over_real_http(live_server, accounts):
    _token, secret = apitoken_create(actor=accounts["policy"], name="script")
    request = urllib.request.Request(
        live_server.url + f"{V1}/infringements",
        method="POST",
        data=json.dumps({"number": "2025/0001", "kind": "non_communication"}).encode(),
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 201
        assert json.loads(response.read())["actions"] == ["lfn_258"]
