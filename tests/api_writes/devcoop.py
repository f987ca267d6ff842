"""The write operations of /api/v1/devcoop/."""

from __future__ import annotations

from typing import Any

from foro.devcoop import services
from foro.devcoop.tests.helpers import full_activity
from tests.api_writes import V1, Write

D = f"{V1}/devcoop"


def _nothing(accounts: Any) -> dict[str, Any]:
    return {}


def _draft(accounts: Any) -> dict[str, Any]:
    return {"activity_id": full_activity(accounts["devcoop"]).pk}


def _asked_by_another_officer(accounts: Any) -> dict[str, Any]:
    from foro.core.actors import SystemActor
    from foro.core.roles import Role
    from foro.core.services import user_create

    other = user_create(
        actor=SystemActor.DEMO, username="devcoop-other", password="x", roles=[Role.DEVCOOP]
    )
    activity = full_activity(other)
    services.publication_request(actor=other, activity=activity)
    return {"activity_id": activity.pk}


def _activity_body(params: dict[str, Any]) -> dict[str, Any]:
    return {
        "identifier": "MW-API-1",
        "titleEn": "Water points in Dedza",
        "titleNl": "Waterpunten in Dedza",
        "plannedStart": "2025-01-01",
        "plannedEnd": "2026-12-31",
        "recipientCountry": "MW",
        "sectors": [{"code": "14030", "percentage": 100}],
    }


WRITES = [
    Write(
        "POST",
        f"{D}/activities",
        "devcoop",
        _nothing,
        _activity_body,
        status=201,
        expect={"state": "draft", "recipientCountry": "MW"},
    ),
    Write(
        "POST",
        f"{D}/activities/{{activity_id}}/transactions",
        "devcoop",
        _draft,
        lambda p: {"type": "3", "date": "2024-05-02", "value": "1000", "currency": "USD"},
        status=201,
    ),
    Write(
        "POST",
        f"{D}/activities/{{activity_id}}/publication-request",
        "devcoop",
        _draft,
        None,
        expect={"state": "submitted"},
    ),
    Write(
        "POST",
        f"{D}/activities/{{activity_id}}/approve",
        "devcoop",
        _asked_by_another_officer,
        None,
        expect={"state": "published"},
    ),
]
