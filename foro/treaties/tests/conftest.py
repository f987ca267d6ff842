"""Treaty test helpers: a treaty driven through its procedure with the services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from foro.core.actors import SystemActor
from foro.treaties import services
from foro.treaties.models import Status, Treaty

#: the action that leads into each state (the path the helper walks)
PATH = {
    Status.INITIALLED: "initial",
    Status.SIGNED: "sign",
    Status.ASSENT_SUBMITTED: "submit_assent",
    Status.ASSENT_ADOPTED: "adopt_assent",
    Status.CONSENT_EXPRESSED: "express_consent",
    Status.IN_FORCE: "enter_into_force",
    Status.SUSPENDED: "suspend",
    Status.DENOUNCED: "denounce",
    Status.TERMINATED: "terminate",
}
ORDER = [
    Status.INITIALLED,
    Status.SIGNED,
    Status.ASSENT_SUBMITTED,
    Status.ASSENT_ADOPTED,
    Status.CONSENT_EXPRESSED,
    Status.IN_FORCE,
]

DATA: dict[str, Any] = {
    "title_nl": "Samenwerkingsakkoord tussen Vlaanderen en de Republiek Zuid-Afrika",
    "title_en": "Cooperation agreement between Flanders and the Republic of South Africa",
    "short_title": "Akkoord Vlaanderen–Zuid-Afrika",
    "kind": "bilateral",
    "competence": "flemish",
    "countries": ["ZA"],
    "domains": ["foreign_affairs"],
    "objectives": [],
}


def make_treaty(
    actor: Any = SystemActor.SYSTEM, started: date | None = None, **extra: Any
) -> Treaty:
    started = started or date(2020, 1, 6)
    return services.treaty_create(actor=actor, data={**DATA, **extra}, started_on=started)


def drive(treaty: Treaty, state: str, actor: Any = SystemActor.SYSTEM) -> Treaty:
    """Walk ``treaty`` to ``state`` along the usual path, one day per step."""
    on = treaty.status_since
    path: list[str] = []
    if state in ORDER:
        path = ORDER[: ORDER.index(state) + 1]
    elif state == Status.SUSPENDED:
        path = [*ORDER, Status.SUSPENDED]
    elif state == Status.DENOUNCED:
        path = [*ORDER, Status.DENOUNCED]
    elif state == Status.TERMINATED:
        path = [*ORDER, Status.TERMINATED]
    for target in path:
        on += timedelta(days=1)
        treaty = services.treaty_step(
            actor=actor, treaty=treaty, action=PATH[Status(target)], occurred_on=on
        )
    return treaty


@pytest.fixture
def treaty(accounts: dict[str, Any]) -> Treaty:
    return make_treaty(accounts["policy"])
