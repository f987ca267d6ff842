"""Write operations of licensing part B: licence versions (amendments, renewals) and the
denials shared between member states."""

from __future__ import annotations

from typing import Any

from tests.api_writes import V1, Write

L = f"{V1}/licensing/licences/{{licence_id}}"


def _licence(accounts) -> dict[str, Any]:
    from foro.licensing.tests.conftest import granted

    return {"licence_id": granted(accounts).licence.pk}


def _proposed(accounts) -> dict[str, Any]:
    from foro.licensing.services import amendments
    from foro.licensing.tests.conftest import granted

    lic = granted(accounts).licence
    v = amendments.amendment_propose(
        actor=accounts["officer"], licence=lic, kind="amendment", reason="x", conditions="New"
    )
    return {"licence_id": lic.pk, "version_id": v.pk}


WRITES: list[Write] = [
    Write(
        "POST",
        f"{L}/versions",
        "officer",
        _licence,
        lambda p: {"kind": "amendment", "reason": "Follow-up order", "conditions": "Report."},
        201,
        expect={"state": "proposed"},
    ),
    Write(
        "POST",
        f"{L}/versions/{{version_id}}/countersign",
        "senior",
        _proposed,
        lambda p: {"comment": ""},
        expect={"state": "in_force", "number": 2},
    ),
    Write(
        "POST",
        f"{L}/versions/{{version_id}}/send-back",
        "senior",
        _proposed,
        lambda p: {"comment": "Check the value"},
        expect={"state": "sent_back"},
    ),
    Write(
        "POST",
        f"{L}/versions/{{version_id}}/withdraw",
        "officer",
        _proposed,
        None,
        expect={"state": "withdrawn"},
    ),
]
