"""Test helpers for global licences: a complete global application of each kind (two
consignees with their end users, two goods lines, a period, ceilings per consignee), driven
through the life cycle with the services."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

from django.utils import timezone

from conftest import grant_prior_authorisation
from foro.licensing import services
from foro.licensing.models import Application
from foro.licensing.tests.conftest import PDF

GLOBAL_KINDS = ("transfer-global", "export-military-global")

_GOODS = [
    {
        "description": "Thermal imaging sights",
        "control_entry": "ML15.c",
        "cn_code": "90138000",
        "quantity": "40",
        "unit": "pieces",
        "value_eur": "600000.00",
    },
    {
        "description": "Spare barrels for rifles",
        "control_entry": "ML1.d",
        "cn_code": "93059100",
        "quantity": "50",
        "unit": "pieces",
        "value_eur": "12500.00",
    },
]

#: parties 1 and 2 are the consignees; 3 and 4 their end users
_PARTIES = {
    "transfer-global": [
        {"role": "consignee", "name": "Defensie Materieel Organisatie", "country": "NL"},
        {"role": "consignee", "name": "Rheinmetall Landsysteme GmbH", "country": "DE"},
        {"role": "end_user", "name": "Koninklijke Landmacht", "country": "NL"},
        {"role": "end_user", "name": "Bundeswehr Heer", "country": "DE"},
    ],
    "export-military-global": [
        {"role": "consignee", "name": "Department of National Defence Canada", "country": "CA"},
        {"role": "consignee", "name": "Norwegian Defence Materiel Agency", "country": "NO"},
        {"role": "end_user", "name": "Canadian Army Training Centre", "country": "CA"},
        {"role": "end_user", "name": "Norwegian Army", "country": "NO"},
    ],
}

_ALLOWANCES = [
    {"party": 1, "line": 1, "quantity": "20", "value_eur": "300000.00"},
    {"party": 1, "line": 2, "quantity": "30", "value_eur": "7500.00"},
    {"party": 2, "line": 1, "quantity": "16", "value_eur": "240000.00"},
]


def global_data(kind: str, **overrides: Any) -> dict[str, Any]:
    today = timezone.localdate()
    data = {
        "end_use": "Integration into armoured vehicles and training of the armed forces",
        "goods": copy.deepcopy(_GOODS),
        "parties": copy.deepcopy(_PARTIES[kind]),
        "period_from": today,
        "period_until": today + timedelta(days=700),
        "allowances": copy.deepcopy(_ALLOWANCES),
    }
    data.update(overrides)
    return data


def gdraft(user, kind: str = "transfer-global", **overrides: Any) -> Application:
    """A complete global draft of ``user``'s company, which holds a prior authorisation in
    force (the global kinds require one to submit)."""
    if user.organisation is not None:
        grant_prior_authorisation(user.organisation)
    app = services.application_create(actor=user, kind=kind, data=global_data(kind, **overrides))
    if "end_user_certificate" in app.kind_def.required_documents:
        services.application_attach_document(
            actor=user, application=app, kind="end_user_certificate", name="euc.pdf", content=PDF
        )
    return app


def gsubmitted(accounts, kind: str = "transfer-global", **overrides: Any) -> Application:
    app = gdraft(accounts["applicant"], kind, **overrides)
    services.application_submit(actor=accounts["applicant"], application=app)
    app.refresh_from_db()
    return app


def gproposed(accounts, kind: str = "transfer-global", **overrides: Any) -> Application:
    app = gsubmitted(accounts, kind, **overrides)
    officer = accounts["officer"]
    services.application_start_assessment(actor=officer, application=app)
    for criterion in range(1, 9):
        services.assessment_record(
            actor=officer,
            application=app,
            criterion=criterion,
            risk="low",
            reasoning=f"Reasoning for criterion {criterion}",
        )
    services.decision_propose(
        actor=officer,
        application=app,
        decision="grant",
        reasoning="Assessed against the eight criteria for every consignee.",
        conditions="No re-export without prior consent.",
        criteria_cited=[],
    )
    return app


def ggranted(accounts, kind: str = "transfer-global", **overrides: Any) -> Application:
    app = gproposed(accounts, kind, **overrides)
    services.decision_countersign(actor=accounts["senior"], application=app)
    app.refresh_from_db()
    return app
