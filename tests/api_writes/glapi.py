"""Write operations of general licences: registration (applicant), a usage report (the
registered company), suspension and its lifting (officers)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.api_writes import V1, Write

R = f"{V1}/licensing/general-registrations"
FLEMISH = "general-transfer-armed-forces"


def _authorised(accounts) -> dict[str, Any]:
    from foro.licensing.tests.test_general_services import granted

    granted(accounts)
    return {}


def _registered(accounts) -> dict[str, Any]:
    from foro.licensing.tests.test_general_services import registered

    return {"registration_id": registered(accounts).pk}


def _suspended(accounts) -> dict[str, Any]:
    from foro.licensing.services import general as svc
    from foro.licensing.tests.test_general_services import registered

    reg = svc.registration_change_status(
        actor=accounts["officer"],
        registration=registered(accounts),
        action="suspend",
        reason="Reports late",
    )
    return {"registration_id": reg.pk}


def _report(params: dict[str, Any]) -> dict[str, Any]:
    from django.utils import timezone

    today = timezone.localdate()
    return {
        "periodStart": (today - timedelta(days=180)).isoformat(),
        "periodEnd": today.isoformat(),
        "destination": "NL",
        "goodsDescription": "Thermal imaging sights",
        "controlEntry": "ML15.c",
        "valueEur": "120000.50",
    }


WRITES: list[Write] = [
    Write(
        "POST",
        R,
        "applicant",
        _authorised,
        lambda p: {"licenceCode": FLEMISH},
        201,
        expect={"status": "registered", "licenceCode": FLEMISH},
    ),
    Write(
        "POST",
        f"{R}/{{registration_id}}/reports",
        "applicant",
        _registered,
        _report,
        201,
        expect={"destination": "NL", "controlEntry": "ML15.C"},
    ),
    Write(
        "POST",
        f"{R}/{{registration_id}}/suspend",
        "officer",
        _registered,
        lambda p: {"reason": "Usage reports late"},
        expect={"status": "suspended"},
    ),
    Write(
        "POST",
        f"{R}/{{registration_id}}/reinstate",
        "officer",
        _suspended,
        lambda p: {"reason": "Reports received"},
        expect={"status": "registered"},
    ),
]
