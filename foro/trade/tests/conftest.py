"""Trade test helpers: a barrier in any state, made through the services."""

from __future__ import annotations

from typing import Any

import pytest

from foro.trade import services
from foro.trade.models import Barrier, BarrierStatus

GOOD_BARRIER = {
    "title": "Import licence for processed cheese",
    "country": "IN",
    "sector": "Dairy",
    "hs_codes": "0406, 0406.10",
    "description": "An import licence is required per consignment.",
    "value_at_stake_eur": "1200000",
    "priority": "high",
}

#: how to reach each state from "reported", as (action, inputs) steps by the policy officer
PATHS: dict[str, list[tuple[str, dict[str, str]]]] = {
    BarrierStatus.REPORTED: [],
    BarrierStatus.ASSESSED: [("assess", {"note": "ok", "priority": "high"})],
    BarrierStatus.ESCALATED: [
        ("assess", {"note": "ok", "priority": "high"}),
        ("escalate", {"note": "to the EU", "escalated_to": "eu"}),
    ],
    BarrierStatus.RESOLVED: [
        ("assess", {"note": "ok", "priority": "low"}),
        ("resolve", {"note": "done"}),
    ],
    BarrierStatus.PARTLY_RESOLVED: [
        ("assess", {"note": "ok", "priority": "low"}),
        ("partly_resolve", {"note": "half"}),
    ],
    BarrierStatus.CLOSED: [("close", {"note": "no case"})],
}

#: inputs that satisfy every guard of any step
FULL_INPUTS = {"note": "why", "priority": "medium", "escalated_to": "federal"}


def barrier_in(accounts: Any, state: str, reporter: str = "applicant", **data: Any) -> Barrier:
    barrier = services.barrier_report(actor=accounts[reporter], data={**GOOD_BARRIER, **data})
    for action, inputs in PATHS[state]:
        barrier = services.barrier_act(
            actor=accounts["policy"], barrier=barrier, action=action, **inputs
        )
    assert barrier.status == state
    return barrier


@pytest.fixture
def barrier(accounts: Any) -> Barrier:
    return barrier_in(accounts, BarrierStatus.REPORTED)
