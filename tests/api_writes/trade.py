"""The trade router's write operations (see tests/api_writes/__init__.py)."""

from __future__ import annotations

from typing import Any

from tests.api_writes import V1, Write

B = f"{V1}/trade/barriers/{{barrier_id}}"

BARRIER_BODY = {
    "title": "Import licence for processed cheese",
    "country": "IN",
    "sector": "Dairy",
    "hsCodes": ["0406"],
    "description": "An import licence per consignment.",
    "valueAtStakeEur": "1200000",
    "priority": "high",
}

AGREEMENT_BODY = {
    "nameNl": "Vrijhandelsovereenkomst EU-Chili",
    "nameEn": "EU-Chile Advanced Framework Agreement",
    "kind": "fta",
    "status": "signed",
    "partners": ["CL"],
    "isMixed": True,
    "treatyReference": "Treaty register: EU-Chile AFA",
    "signedOn": "2023-12-13",
    "chapters": [{"title": "Trade in goods", "interest": "machinery"}],
}


def _barrier(accounts: Any, state: str = "reported") -> dict[str, Any]:
    from foro.trade.tests.conftest import barrier_in

    return {"barrier_id": barrier_in(accounts, state).pk}


def _assessed(accounts: Any) -> dict[str, Any]:
    return _barrier(accounts, "assessed")


def _proposed(accounts: Any) -> dict[str, Any]:
    from foro.trade import services
    from foro.trade.tests.conftest import barrier_in

    barrier = barrier_in(accounts, "assessed")
    services.barrier_summary_propose(
        actor=accounts["policy"], barrier=barrier, title="t", summary="s"
    )
    return {"barrier_id": barrier.pk}


def _nothing(accounts: Any) -> dict[str, Any]:
    return {}


def _agreement(accounts: Any) -> dict[str, Any]:
    from foro.trade import services

    agreement = services.agreement_create(
        actor=accounts["policy"],
        data={
            "name_nl": "A",
            "name_en": "A",
            "kind": "fta",
            "status": "negotiating",
            "partners": ["CL"],
        },
    )
    return {"agreement_id": agreement.pk}


WRITES = [
    Write(
        "POST",
        f"{V1}/trade/barriers",
        "applicant",
        _nothing,
        lambda p: BARRIER_BODY,
        201,
        expect={"status": "reported", "reportedBy": "company"},
    ),
    Write(
        "POST",
        f"{B}/actions/{{action}}",
        "policy",
        lambda a: {**_barrier(a), "action": "assess"},
        lambda p: {"note": "checked", "priority": "high"},
        expect={"status": "assessed"},
    ),
    Write(
        "POST",
        f"{B}/summary",
        "policy",
        _assessed,
        lambda p: {"publicTitle": "Cheese", "publicSummary": "A licence per consignment."},
        expect={"summaryStatus": "proposed"},
    ),
    Write(
        "POST",
        f"{B}/summary/approve",
        "management",
        _proposed,
        None,
        expect={"summaryStatus": "approved"},
    ),
    Write(
        "POST",
        f"{V1}/trade/agreements",
        "policy",
        _nothing,
        lambda p: AGREEMENT_BODY,
        201,
        expect={"status": "signed"},
    ),
    Write(
        "PUT",
        f"{V1}/trade/agreements/{{agreement_id}}",
        "policy",
        _agreement,
        lambda p: {**AGREEMENT_BODY, "status": "negotiating", "signedOn": None},
        expect={"status": "negotiating"},
    ),
]
