"""The treaty register's API writes (see tests/api_writes/__init__.py)."""

from __future__ import annotations

from typing import Any

from tests.api_writes import V1, Write

T = f"{V1}/treaties/{{treaty_id}}"


def _nothing(accounts: Any) -> dict[str, Any]:
    return {}


def _treaty(accounts: Any, kind: str = "bilateral") -> dict[str, Any]:
    from foro.treaties.tests.conftest import make_treaty

    extra = {"countries": []} if kind == "multilateral" else {}
    return {"treaty_id": make_treaty(accounts["policy"], kind=kind, **extra).pk}


WRITES = [
    Write(
        "POST",
        f"{V1}/treaties",
        "policy",
        _nothing,
        lambda p: {
            "titleNl": "Akkoord tussen Vlaanderen en Chili",
            "kind": "bilateral",
            "competence": "flemish",
            "countries": ["CL"],
            "domains": ["education"],
        },
        201,
        expect={"status": "negotiation", "countries": ["CL"]},
    ),
    Write(
        "PUT",
        T,
        "policy",
        _treaty,
        lambda p: {
            "titleNl": "Samenwerkingsakkoord Vlaanderen–Zuid-Afrika (gewijzigd)",
            "kind": "bilateral",
            "competence": "mixed",
            "countries": ["ZA"],
            "revision": 1,
        },
        expect={"competence": "mixed", "revision": 2},
    ),
    Write(
        "POST",
        f"{T}/steps",
        "policy",
        _treaty,
        lambda p: {"action": "sign", "occurredOn": "2024-02-01"},
        expect={"status": "signed"},
    ),
    Write(
        "POST",
        f"{T}/parties",
        "policy",
        lambda a: _treaty(a, "multilateral"),
        lambda p: {
            "country": "NL",
            "signedOn": "2024-01-10",
            "consentKind": "ratification",
            "consentOn": "2024-05-02",
        },
        expect={"kind": "multilateral"},
    ),
]
