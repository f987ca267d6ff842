"""The network API's write operations (run by tests/test_api_clients.py)."""

from __future__ import annotations

from typing import Any

from tests.api_writes import V1, Write


def _nothing(accounts: Any) -> dict[str, Any]:
    return {}


def _draft(accounts: Any) -> dict[str, Any]:
    from foro.network.tests.conftest import make_report

    return {"report_id": make_report(accounts["post"], "internal").pk}


def _submitted(accounts: Any) -> dict[str, Any]:
    from foro.network.tests.conftest import submitted_report

    return {"report_id": submitted_report(accounts, "restricted").pk}


REPORT_BODY = {
    "kind": "economic",
    "title": "Economic outlook",
    "body": "Growth slows.",
    "classification": "internal",
    "readers": ["policy"],
    "countries": ["IT"],
}

WRITES = [
    Write(
        "POST",
        f"{V1}/network/staff",
        "admin",
        _nothing,
        lambda p: {
            "representation": "FL-IT",
            "name": "Anke Peeters",
            "function": "head",
            "startsOn": "2024-09-01",
        },
        201,
        expect={"rotationDue": "2029-09-01"},
    ),
    Write(
        "POST",
        f"{V1}/network/reports",
        "post",
        _nothing,
        lambda p: REPORT_BODY,
        201,
        expect={"state": "draft", "representation": "FL-IT"},
    ),
    Write(
        "POST",
        f"{V1}/network/reports/{{report_id}}/transitions",
        "post",
        _draft,
        lambda p: {"action": "submit"},
        expect={"state": "submitted"},
    ),
    Write(
        "POST",
        f"{V1}/network/reports/{{report_id}}/comments",
        "policy",
        _submitted,
        lambda p: {"text": "Thank you."},
        201,
        expect={"state": "submitted"},
    ),
    Write(
        "POST",
        f"{V1}/network/missions",
        "policy",
        _nothing,
        lambda p: {
            "kind": "economic",
            "title": "Economic mission to Italy",
            "representation": "FL-IT",
            "country": "IT",
            "startsOn": "2026-03-02",
            "endsOn": "2026-03-04",
            "programme": [{"day": "2026-03-02", "time": "10:00", "description": "Roundtable"}],
        },
        201,
        expect={"country": "IT"},
    ),
]
