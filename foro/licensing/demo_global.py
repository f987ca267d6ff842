"""Demo data of the global kinds (issue 10): one global transfer and one global (combined)
export application in every state, made by ``demo.load`` through the same services as the
others; the granted ones have usage recorded per consignee."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import time_machine

from foro.core.models import User
from foro.licensing.models import Application, Licence

GLOBAL_KINDS = ("transfer-global", "export-military-global")

#: (country, consignee, end user) per kind: two consignees each
CONSIGNEES = {
    "transfer-global": [
        ("NL", "Defensie Materieel Organisatie", "Koninklijke Landmacht"),
        ("DE", "Rheinmetall Landsysteme GmbH", "Bundeswehr Heer"),
        ("FR", "Direction générale de l'armement", "Armée de Terre"),
    ],
    "export-military-global": [
        ("CA", "Department of National Defence Canada", "Canadian Army"),
        ("NO", "Norwegian Defence Materiel Agency", "Norwegian Army"),
        ("AU", "Capability Acquisition and Sustainment Group", "Australian Army"),
    ],
}
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


def global_plans(rng: random.Random, today: date, plan_type: Any, at: Any) -> list[Any]:
    """One plan per kind and state in the last months, the granted one first and oldest so
    that it has usage (``plan_type`` is ``demo.Plan``, ``at`` its ``_at``)."""
    from foro.licensing.demo import MILITARY_GOODS

    plans = []
    start = today - timedelta(days=150)
    for k, kind in enumerate(GLOBAL_KINDS):
        for j, outcome in enumerate(OUTCOMES):
            day = start + timedelta(days=(k * len(OUTCOMES) + j) * 6 + rng.randint(0, 2))
            country, consignee, end_user = CONSIGNEES[kind][0]
            goods = rng.sample(MILITARY_GOODS, k=2)
            plans.append(
                plan_type(
                    kind,
                    "applicant" if j % 3 else "applicant2",
                    (country, end_user, ""),
                    goods,
                    at(day),
                    outcome,
                )
            )
    return plans


def global_data(plan: Any, goods: list[dict[str, Any]], rng: random.Random) -> dict[str, Any]:
    """The draft of a global plan: two or three consignees with their end users, a period
    from a few days after the draft, and per consignee ceilings that share each line."""
    count = 2 + rng.randint(0, 1)
    chosen = CONSIGNEES[plan.kind][:count]
    parties = [{"role": "consignee", "name": c, "country": code} for code, c, _e in chosen]
    parties += [{"role": "end_user", "name": e, "country": code} for code, _c, e in chosen]
    allowances = []
    for line, g in enumerate(goods, start=1):
        quantity, value = Decimal(g["quantity"]), Decimal(g["value_eur"])
        for party in range(1, count + 1):
            share_q = (quantity / count).quantize(Decimal("1"), rounding="ROUND_DOWN")
            share_v = (value / count).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
            if share_q <= 0:
                continue
            allowances.append(
                {"party": party, "line": line, "quantity": str(share_q), "value_eur": str(share_v)}
            )
    start = plan.start.date() + timedelta(days=5)
    return {
        "end_use": "Deliveries over the period to the armed forces named as end users.",
        "applicant_reference": f"FW-{rng.randint(10000, 99999)}",
        "goods": goods,
        "parties": parties,
        "period_from": start,
        "period_until": start + timedelta(days=720),
        "allowances": allowances,
    }


def global_usage(app: Application, applicant: User, rng: random.Random, at: Any) -> None:
    """Shipments to each consignee of a granted global licence, within its ceilings."""
    from django.utils import timezone

    from foro.licensing.services.usage import usage_record

    licence = app.licence
    today = timezone.localdate()
    for n, ceiling in enumerate(licence.ceilings.order_by("pk")):
        day = licence.valid_from + timedelta(days=10 + 12 * n + rng.randint(0, 5))
        if day > min(today, licence.valid_until) or n % 3 == 2:
            continue  # a consignee without shipments yet
        quantity = (ceiling.authorised_quantity * Decimal("0.4")).quantize(Decimal("1"))
        if quantity <= 0:
            continue
        value = (ceiling.authorised_value_eur * quantity / ceiling.authorised_quantity).quantize(
            Decimal("0.01")
        )
        with time_machine.travel(at(day, 15), tick=False):
            usage_record(
                actor=applicant,
                licence=licence,
                consignee_id=ceiling.consignee_id,
                line_id=ceiling.licence_line_id,
                shipped_on=day,
                quantity=quantity,
                value_eur=value,
                customs_declaration=f"{str(day.year)[2:]}BE{rng.randint(10**12, 10**13 - 1)}",
            )
        licence.refresh_from_db()
        if licence.status != Licence.Status.VALID:
            return
