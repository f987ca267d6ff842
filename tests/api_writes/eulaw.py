"""EU law's API writes (see tests/api_writes/__init__.py)."""

from __future__ import annotations

from typing import Any

from tests.api_writes import V1, Write

D = f"{V1}/eu/directives/{{directive_id}}"
C = f"{V1}/eu/infringements/{{case_id}}"


def _nothing(accounts: Any) -> dict[str, Any]:
    return {}


def _directive(accounts: Any) -> dict[str, Any]:
    from foro.eulaw.tests.conftest import make_directive

    return {"directive_id": make_directive(accounts["policy"]).pk}


def _measure(accounts: Any) -> dict[str, Any]:
    from foro.eulaw import services
    from foro.eulaw.tests.conftest import make_directive

    d = make_directive(accounts["policy"])
    m = services.measure_create(actor=accounts["policy"], directive=d, data={"title": "Decreet"})
    return {"measure_id": m.pk}


def _case(accounts: Any) -> dict[str, Any]:
    from foro.eulaw import services

    case = services.infringement_create(
        actor=accounts["policy"], data={"number": "2024/0999", "kind": "non_communication"}
    )
    return {"case_id": case.pk}


WRITES = [
    Write(
        "POST",
        f"{V1}/eu/directives",
        "policy",
        _nothing,
        lambda p: {
            "celex": "32019L1024",
            "title": "Open data",
            "domain": "governance",
            "competence": "competent",
            "deadlines": [{"dueOn": "2021-07-17"}],
        },
        201,
        expect={"number": "2019/1024", "status": "not_started"},
    ),
    Write(
        "POST",
        f"{D}/steps",
        "policy",
        _directive,
        lambda p: {"action": "start", "occurredOn": "2024-01-15"},
        expect={"status": "in_progress"},
    ),
    Write(
        "POST",
        f"{D}/measures",
        "policy",
        _directive,
        lambda p: {"title": "Decreet van 3 mei 2024", "adoptedOn": "2024-05-03"},
        201,
        expect={"title": "Decreet van 3 mei 2024"},
    ),
    Write(
        "POST",
        f"{V1}/eu/measures/{{measure_id}}/correlations",
        "policy",
        _measure,
        lambda p: {"directiveArticle": "Art. 5", "provision": "Art. 7 §1"},
        201,
    ),
    Write(
        "POST",
        f"{V1}/eu/infringements",
        "policy",
        _nothing,
        lambda p: {"number": "2024/0123", "kind": "non_conformity"},
        201,
        expect={"stage": ""},
    ),
    Write(
        "POST",
        f"{C}/stages",
        "policy",
        _case,
        lambda p: {"action": "lfn_258", "decidedOn": "2024-07-25"},
        expect={"stage": "lfn_258"},
    ),
]
