"""The API of shared denials: staff only, the list costs the same for 5 or 25 rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import login
from foro.licensing.services import denials as svc

pytestmark = pytest.mark.django_db


def _denials(accounts, n: int) -> None:
    for i in range(n):
        svc.foreign_denial_record(
            actor=accounts["officer"],
            data={
                "issuingState": "DE",
                "reference": f"DE-{i}",
                "destination": "CA",
                "controlCategories": "ML3",
                "endUserName": f"End user {i}",
                "criteria": "7",
                "deniedOn": timezone.localdate() - timedelta(days=i),
            },
        )


def test_the_list_costs_the_same_for_5_and_25_rows(accounts, client):
    _denials(accounts, 25)
    login(client, accounts["officer"])
    counts = []
    for size in (5, 25):
        with CaptureQueriesContext(connection) as queries:
            answer = client.get(f"/api/v1/licensing/denials?pageSize={size}")
        assert answer.status_code == 200 and len(answer.json()["items"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_applicants_get_nothing(accounts, client):
    _denials(accounts, 1)
    login(client, accounts["applicant"])
    assert client.get("/api/v1/licensing/denials").status_code == 403
    answer = client.post(
        "/api/v1/licensing/denials",
        {
            "issuingState": "DE",
            "reference": "DE-X",
            "destination": "CA",
            "controlCategories": ["ML3"],
            "endUserName": "X",
            "criteria": [7],
            "deniedOn": timezone.localdate().isoformat(),
        },
        content_type="application/json",
    )
    assert answer.status_code == 403
