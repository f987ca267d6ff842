"""Relations test helpers: partners and interactions made with the services."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from foro.relations import services


def make_partner(
    name: str = "Government of Québec", kind: str = "region", country: str = "CA", **extra: Any
):
    return services.partner_create(
        actor="system", data={"name": name, "kind": kind, "country": country, **extra}
    )


def make_interaction(
    partner, *, day: date | None = None, objectives=(1,), subject="Annual consultation"
):
    return services.interaction_create(
        actor="system",
        data={
            "kind": "meeting",
            "date": day or date(2026, 3, 2),
            "subject": subject,
            "partners": [partner.pk],
            "objectives": list(objectives),
            "country": partner.country_id or "",
        },
    )


@pytest.fixture
def partner(reference):
    return make_partner()


@pytest.fixture
def interaction(partner):
    return make_interaction(partner)
