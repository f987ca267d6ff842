"""Demo data of the brokering and technical-assistance kinds (issue 10): one application of
each kind in every state, made by ``demo.load`` through the same services as the others."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from foro.licensing.demo_instruments import OUTCOMES, SUPPLIERS, TRANSIT_DESTINATIONS

BROKERING_KINDS = (
    "brokering-military",
    "technical-assistance-military",
    "brokering-dual-use",
    "technical-assistance-dual-use",
)


def brokering_plans(rng: random.Random, today: date, plan_type: Any, at: Any) -> list[Any]:
    """One plan per kind and state, in the last ten months (``plan_type`` is ``demo.Plan``,
    ``at`` its ``_at``: passed in so that this module does not import the demo)."""
    from foro.licensing.demo import DUAL_USE_GOODS, MILITARY_GOODS

    plans = []
    start = today - timedelta(days=300)
    for k, kind in enumerate(BROKERING_KINDS):
        catalogue = DUAL_USE_GOODS if kind.endswith("dual-use") else MILITARY_GOODS
        for j, outcome in enumerate(OUTCOMES):
            i = k * len(OUTCOMES) + j
            day = start + timedelta(days=i * 7 + rng.randint(0, 2))
            goods = rng.sample(catalogue, k=1)
            destination = TRANSIT_DESTINATIONS[(i + 3) % len(TRANSIT_DESTINATIONS)]
            applicant = "applicant" if (i % 3) else "applicant2"
            plans.append(plan_type(kind, applicant, destination, goods, at(day), outcome))
    return plans


def brokering_data(plan: Any, goods: list[dict[str, Any]], rng: random.Random) -> dict[str, Any]:
    """The draft data of a brokering or technical-assistance demo plan: for brokering, a
    seller in another third country than the buyer."""
    code, name, address = plan.destination
    data: dict[str, Any] = {
        "destination": code,
        "goods": goods,
        "parties": [{"role": "end_user", "name": name, "address": address, "country": code}],
    }
    if plan.kind.startswith("technical-assistance"):
        data["end_use"] = f"Maintenance training and technical support for {name}."
        data["applicant_reference"] = f"TA-{rng.randint(10000, 99999)}"
        return data
    sellers = [s for s in SUPPLIERS if s[0] != code]
    origin, seller, seller_address = sellers[rng.randrange(len(sellers))]
    data["parties"].insert(
        0, {"role": "consignee", "name": name, "address": address, "country": code}
    )
    data["end_use"] = f"Brokered purchase from {seller} for {name}."
    data["applicant_reference"] = f"BRK-{rng.randint(10000, 99999)}"
    data["consignor"] = {"name": seller, "address": seller_address, "country": origin}
    data["origin"] = origin
    return data
