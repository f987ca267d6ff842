"""Demo data of the import and transit kinds (issue 10): one application of each kind in
every state, made by ``demo.load`` through the same services as the others."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

#: the kinds with a movement (consignor, origin, route, transport)
MOVEMENT_KINDS = ("import-military", "transit-military")

#: (origin, consignor, address): suppliers outside the EU, no embargo on their country
SUPPLIERS = [
    ("US", "General Dynamics Land Systems", "Sterling Heights, MI"),
    ("CH", "RUAG Ammotec", "Thun"),
    ("NO", "Nammo Raufoss", "Raufoss"),
    ("IL", "Elbit Systems", "Haifa"),
    ("CA", "General Dynamics OTS Canada", "Repentigny, QC"),
    ("KR", "Hanwha Aerospace", "Changwon"),
    ("GB", "BAE Systems Land", "Telford"),
    ("AU", "Thales Australia", "Lithgow"),
    ("JP", "Japan Steel Works", "Tokyo"),
]
#: (destination, authority, address) of the transits through Antwerp or Zaventem
TRANSIT_DESTINATIONS = [
    ("NO", "Norwegian Defence Materiel Agency", "Kolsås"),
    ("CH", "armasuisse", "Bern"),
    ("GB", "Defence Equipment and Support", "Bristol"),
    ("CA", "Department of National Defence", "Ottawa"),
    ("US", "US Army Contracting Command", "Warren, MI"),
    ("AU", "Capability Acquisition and Sustainment Group", "Canberra"),
    ("NZ", "New Zealand Defence Force", "Wellington"),
    ("KR", "Defense Acquisition Program Administration", "Seoul"),
    ("JP", "Acquisition, Technology & Logistics Agency", "Tokyo"),
]
OUTCOMES = (
    "granted",
    "refused",
    "withdrawn",
    "decision_proposed",
    "consultation",
    "information_requested",
    "under_assessment",
    "submitted",
    "draft",
)


def movement_plans(rng: random.Random, today: date, plan_type: Any, at: Any) -> list[Any]:
    """One plan per kind and state, in the last months (``plan_type`` is ``demo.Plan``,
    ``at`` its ``_at``: passed in so that this module does not import the demo)."""
    from foro.licensing.demo import MILITARY_GOODS

    plans = []
    start = today - timedelta(days=160)
    for k, kind in enumerate(MOVEMENT_KINDS):
        for j, outcome in enumerate(OUTCOMES):
            i = k * len(OUTCOMES) + j
            day = start + timedelta(days=i * 7 + rng.randint(0, 2))
            goods = rng.sample(MILITARY_GOODS, k=1 + (i % 3 == 0))
            if kind == "import-military":
                destination = SUPPLIERS[j % len(SUPPLIERS)]
            else:
                destination = TRANSIT_DESTINATIONS[j % len(TRANSIT_DESTINATIONS)]
            applicant = "applicant" if (i % 3) else "applicant2"
            plans.append(plan_type(kind, applicant, destination, goods, at(day), outcome))
    return plans


def movement_data(plan: Any, goods: list[dict[str, Any]], rng: random.Random) -> dict[str, Any]:
    """The draft data of an import or transit demo plan."""
    code, name, address = plan.destination
    if plan.kind == "import-military":
        return {
            "end_use": f"For the Belgian Defence: goods bought from {name} for maintenance.",
            "applicant_reference": f"IMP-{rng.randint(10000, 99999)}",
            "goods": goods,
            "parties": [],
            "consignor": {"name": name, "address": address, "country": code},
            "origin": code,
            "transport": rng.choice(["sea", "air", "road"]),
        }
    origin, consignor, consignor_address = SUPPLIERS[rng.randrange(len(SUPPLIERS))]
    if origin == code:
        origin, consignor, consignor_address = SUPPLIERS[
            (SUPPLIERS.index((origin, consignor, consignor_address)) + 1) % len(SUPPLIERS)
        ]
    port = rng.choice([("Antwerp", "sea"), ("Brussels Airport", "air")])
    return {
        "destination": code,
        "end_use": f"For use by {name}: operational needs of the national armed forces.",
        "applicant_reference": f"TRN-{rng.randint(10000, 99999)}",
        "goods": goods,
        "parties": [
            {"role": "consignee", "name": name, "address": address, "country": code},
            {"role": "end_user", "name": name, "address": address, "country": code},
        ],
        "consignor": {"name": consignor, "address": consignor_address, "country": origin},
        "origin": origin,
        "transport": "multimodal",
        "route": f"{origin} to {port[0]} by {port[1]}, transhipment, then on to {code}",
        "transit_points": [{"country": "BE", "place": port[0]}],
    }
