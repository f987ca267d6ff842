"""Write operations of global licences: the holder's record of a shipment to a consignee
(the period and the ceilings are written with the draft, PATCH /applications/{id})."""

from __future__ import annotations

from typing import Any

from tests.api_writes import V1, Write


def _global_licence(accounts) -> dict[str, Any]:
    from foro.licensing.tests.global_helpers import ggranted

    lic = ggranted(accounts, "export-military-global").licence
    ceiling = lic.ceilings.get(consignee__country_id="NO")
    return {
        "licence_id": lic.pk,
        "consignee_id": ceiling.consignee_id,
        "line_id": ceiling.licence_line_id,
    }


def _usage(p: dict[str, Any]) -> dict[str, Any]:
    from django.utils import timezone

    return {
        "consigneeId": p["consignee_id"],
        "lineId": p["line_id"],
        "shippedOn": timezone.localdate().isoformat(),
        "quantity": "4",
        "valueEur": "60000.00",
        "customsDeclaration": "26BE000000000000042",
    }


WRITES: list[Write] = [
    Write(
        "POST",
        f"{V1}/licensing/licences/{{licence_id}}/usage",
        "applicant",
        _global_licence,
        _usage,
        201,
    ),
]
