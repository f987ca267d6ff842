"""The relations API's write operations (run by tests/test_api_clients.py)."""

from __future__ import annotations

from typing import Any

from tests.api_writes import V1, Write


def _nothing(accounts: Any) -> dict[str, Any]:
    return {}


def _partner(accounts: Any) -> dict[str, Any]:
    from foro.relations.tests.conftest import make_partner

    return {"partner_id": make_partner().pk}


def _interaction(accounts: Any) -> dict[str, Any]:
    from foro.relations.tests.conftest import make_interaction, make_partner

    return {"interaction_id": make_interaction(make_partner()).pk}


def _action(accounts: Any) -> dict[str, Any]:
    from foro.relations import services
    from foro.relations.tests.conftest import make_interaction, make_partner

    action = services.action_create(
        actor="system",
        interaction=make_interaction(make_partner()),
        data={"description": "Send minutes", "owner": "post", "due_date": "2026-03-20"},
    )
    return {"action_id": action.pk}


WRITES = [
    Write(
        "POST",
        f"{V1}/relations/partners",
        "policy",
        _nothing,
        lambda p: {"name": "UNESCO", "kind": "international", "country": "FR"},
        201,
        expect={"name": "UNESCO", "kind": "international"},
    ),
    Write(
        "POST",
        f"{V1}/relations/interactions",
        "post",
        _partner,
        lambda p: {
            "kind": "meeting",
            "date": "2026-03-02",
            "subject": "Annual consultation",
            "partners": [p.get("partner_id", 1)],
            "objectives": [1, 7],
        },
        201,
        expect={"subject": "Annual consultation", "objectives": [1, 7]},
    ),
    Write(
        "POST",
        f"{V1}/relations/interactions/{{interaction_id}}/actions",
        "policy",
        _interaction,
        lambda p: {"description": "Send minutes", "owner": "post", "dueDate": "2026-03-20"},
        201,
        expect={"status": "open", "owner": "post"},
    ),
    Write(
        "POST",
        f"{V1}/relations/actions/{{action_id}}/complete",
        "post",
        _action,
        None,
        expect={"status": "done"},
    ),
    Write(
        "POST",
        f"{V1}/relations/instruments",
        "policy",
        _partner,
        lambda p: {
            "kind": "mou",
            "title": "MoU on heritage",
            "startsOn": "2026-01-01",
            "partners": [p.get("partner_id", 1)],
        },
        201,
        expect={"kind": "mou"},
    ),
]
