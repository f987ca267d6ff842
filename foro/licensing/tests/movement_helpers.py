"""Test data and helpers of the import and transit kinds (issue 10)."""

from __future__ import annotations

import copy
from datetime import date, timedelta

from conftest import grant_prior_authorisation
from foro.licensing import services
from foro.licensing.models import Application, Status

GOODS = [
    {
        "description": "155 mm artillery fuzes",
        "control_entry": "ML3.d",
        "cn_code": "93069090",
        "quantity": "400",
        "unit": "pieces",
        "value_eur": "152000.00",
    }
]

MOVEMENT_DATA = {
    "import-military": {
        "end_use": "Maintenance stock of the Belgian Defence",
        "goods": GOODS,
        "parties": [],
        "consignor": {"name": "Nammo Raufoss AS", "address": "Raufoss", "country": "NO"},
        "origin": "NO",
        "transport": "road",
    },
    "transit-military": {
        "destination": "CA",
        "end_use": "Training of the Canadian Armed Forces",
        "goods": GOODS,
        "parties": [
            {
                "role": "consignee",
                "name": "Department of National Defence Canada",
                "address": "Ottawa",
                "country": "CA",
            },
            {
                "role": "end_user",
                "name": "Canadian Army Training Centre",
                "address": "CFB Gagetown",
                "country": "CA",
            },
        ],
        "consignor": {"name": "RUAG Ammotec AG", "address": "Thun", "country": "CH"},
        "origin": "CH",
        "transport": "multimodal",
        "route": "Thun to Antwerp by rail, then by sea to Halifax",
        "transit_points": [{"country": "BE", "place": "Antwerp"}],
    },
}
KINDS = list(MOVEMENT_DATA)

DUAL_USE_GOODS = [
    {
        "description": "Sodium fluoride, 99.9 %",
        "control_entry": "1C350",
        "cn_code": "28261990",
        "quantity": "250",
        "unit": "kg",
        "value_eur": "8200.00",
    }
]
#: brokering and technical assistance: the seller (consignor) and the goods abroad, the
#: buyer or the recipient of the assistance in another third country
BROKERING_DATA = {
    "brokering-military": {
        "destination": "CA",
        "end_use": "Training of the Canadian Armed Forces",
        "goods": GOODS,
        "parties": MOVEMENT_DATA["transit-military"]["parties"],
        "consignor": {"name": "Acme Ordnance Inc.", "address": "Dallas", "country": "US"},
        "origin": "US",
    },
    "technical-assistance-military": {
        "destination": "CA",
        "end_use": "Training of Canadian armourers in the maintenance of artillery fuzes",
        "goods": GOODS,
        "parties": [MOVEMENT_DATA["transit-military"]["parties"][1]],
    },
    "brokering-dual-use": {
        "destination": "JP",
        "end_use": "Semiconductor research at a university laboratory",
        "goods": DUAL_USE_GOODS,
        "parties": [
            {
                "role": "consignee",
                "name": "Tokyo Scientific KK",
                "address": "Tokyo",
                "country": "JP",
            },
            {
                "role": "end_user",
                "name": "Kyoto Materials Lab",
                "address": "Kyoto",
                "country": "JP",
            },
        ],
        "consignor": {"name": "Alpine Chemicals AG", "address": "Basel", "country": "CH"},
        "origin": "CH",
    },
    "technical-assistance-dual-use": {
        "destination": "JP",
        "end_use": "Commissioning of a fluorination line at a university laboratory",
        "goods": DUAL_USE_GOODS,
        "parties": [
            {
                "role": "end_user",
                "name": "Kyoto Materials Lab",
                "address": "Kyoto",
                "country": "JP",
            },
        ],
    },
}
BROKERING_KINDS = list(BROKERING_DATA)
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def mdraft(user, kind: str, **overrides) -> Application:
    if user.organisation is not None:  # the transit kind needs a prior authorisation
        grant_prior_authorisation(user.organisation)
    data = {**copy.deepcopy({**MOVEMENT_DATA, **BROKERING_DATA}[kind]), **overrides}
    app = services.application_create(actor=user, kind=kind, data=data)
    for document in app.kind_def.required_documents:
        services.application_attach_document(
            actor=user, application=app, kind=document, name=f"{document}.pdf", content=PDF
        )
    return app


def msubmitted(accounts, kind: str, **overrides) -> Application:
    app = mdraft(accounts["applicant"], kind, **overrides)
    services.application_submit(actor=accounts["applicant"], application=app)
    return app


def massessed(accounts, kind: str, risk: str = "low", **overrides) -> Application:
    app = msubmitted(accounts, kind, **overrides)
    officer = accounts["officer"]
    services.application_start_assessment(actor=officer, application=app)
    for criterion in range(1, 9):
        services.assessment_record(
            actor=officer, application=app, criterion=criterion, risk=risk, reasoning="r"
        )
    return app


def mproposed(accounts, kind: str, decision: str = "grant", **overrides) -> Application:
    app = massessed(accounts, kind, **overrides)
    services.decision_propose(
        actor=accounts["officer"],
        application=app,
        decision=decision,
        reasoning="Assessed.",
        criteria_cited=[] if decision == "grant" else [7],
    )
    return app


def mgranted(accounts, kind: str, **overrides) -> Application:
    app = mproposed(accounts, kind, **overrides)
    services.decision_countersign(actor=accounts["senior"], application=app)
    app.refresh_from_db()
    return app


def m_in_state(accounts, kind: str, state: str) -> Application:
    """An application of ``kind`` of the demo applicant in ``state``."""
    officer = accounts["officer"]
    if state == Status.DRAFT:
        return mdraft(accounts["applicant"], kind)
    if state == Status.SUBMITTED:
        return msubmitted(accounts, kind)
    if state == Status.UNDER_ASSESSMENT:
        return massessed(accounts, kind)
    if state == Status.INFORMATION_REQUESTED:
        app = massessed(accounts, kind)
        services.information_request(actor=officer, application=app, question="Q?")
        return app
    if state == Status.CONSULTATION:
        app = massessed(accounts, kind)
        services.consultation_start(
            actor=officer,
            application=app,
            body="defence",
            question="Q?",
            due_date=date.today() + timedelta(days=9),
        )
        return app
    if state == Status.DECISION_PROPOSED:
        return mproposed(accounts, kind)
    if state == Status.GRANTED:
        return mgranted(accounts, kind)
    if state == Status.REFUSED:
        app = mproposed(accounts, kind, decision="refuse")
        services.decision_countersign(actor=accounts["senior"], application=app)
        return app
    if state == Status.WITHDRAWN:
        app = msubmitted(accounts, kind)
        services.application_withdraw(actor=accounts["applicant"], application=app)
        return app
    raise AssertionError(state)
