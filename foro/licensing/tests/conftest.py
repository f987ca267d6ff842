"""Licensing test helpers: documents and functions that drive an
application through its life cycle with the services."""

from __future__ import annotations

from conftest import grant_prior_authorisation
from foro.licensing import services

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

GOOD_DATA = {
    "export-military": {
        "destination": "CA",
        "end_use": "Training ammunition for the Canadian Armed Forces",
        "goods": [
            {
                "description": "5.56 mm training ammunition",
                "control_entry": "ML3.a",
                "cn_code": "93063090",
                "quantity": "100000",
                "unit": "pieces",
                "value_eur": "45000.00",
            },
            {
                "description": "Spare barrels for rifles",
                "control_entry": "ML1.d",
                "cn_code": "93059100",
                "quantity": "50",
                "unit": "pieces",
                "value_eur": "12500.00",
            },
        ],
        "parties": [
            {
                "role": "consignee",
                "name": "Department of National Defence Canada",
                "address": "101 Colonel By Drive, Ottawa",
                "country": "CA",
            },
            {
                "role": "end_user",
                "name": "Canadian Army Training Centre",
                "address": "CFB Gagetown",
                "country": "CA",
            },
        ],
    },
    "transfer-intra-eu": {
        "destination": "NL",
        "end_use": "Integration into armoured vehicles of the Royal Netherlands Army",
        "goods": [
            {
                "description": "Thermal imaging sights",
                "control_entry": "ML15.c",
                "cn_code": "90138000",
                "quantity": "24",
                "unit": "pieces",
                "value_eur": "360000.00",
            }
        ],
        "parties": [
            {
                "role": "consignee",
                "name": "Defensie Materieel Organisatie",
                "address": "Utrecht",
                "country": "NL",
            },
            {
                "role": "end_user",
                "name": "Koninklijke Landmacht",
                "address": "Den Haag",
                "country": "NL",
            },
        ],
    },
    "export-dual-use": {
        "destination": "JP",
        "end_use": "Semiconductor research at a university laboratory",
        "goods": [
            {
                "description": "Sodium fluoride, 99.9 %",
                "control_entry": "1C350",
                "cn_code": "28261990",
                "quantity": "250.5",
                "unit": "kg",
                "value_eur": "8200.00",
            }
        ],
        "parties": [
            {
                "role": "consignee",
                "name": "Tokyo Scientific Supplies KK",
                "address": "Chiyoda-ku, Tokyo",
                "country": "JP",
            },
            {
                "role": "end_user",
                "name": "Kyoto Materials Laboratory",
                "address": "Sakyo-ku, Kyoto",
                "country": "JP",
            },
        ],
    },
}


#: parties of which the consignee is on the watch list (PETROV, Ivan Sergeyevich)
SANCTIONED_PARTIES = [
    {
        "role": "consignee",
        "name": "Ivan Petroff",
        "address": "Limassol",
        "country": "CY",
        "is_person": True,
    },
    {
        "role": "end_user",
        "name": "Canadian Army Training Centre",
        "address": "CFB Gagetown",
        "country": "CA",
    },
]
#: an application to a country under a full arms embargo
EMBARGOED = {
    "destination": "RU",
    "parties": [
        {"role": "consignee", "name": "Rosoboronexport", "address": "Moscow", "country": "RU"},
        {"role": "end_user", "name": "Ministry of Defence", "address": "Moscow", "country": "RU"},
    ],
}


def draft(user, kind="export-military", **overrides):
    """A complete draft of ``user``'s company, which holds a prior authorisation in force
    (see ``grant_prior_authorisation``) so that the draft can be submitted."""
    if user.organisation is not None:
        grant_prior_authorisation(user.organisation)
    data = {**GOOD_DATA[kind], **overrides}
    app = services.application_create(actor=user, kind=kind, data=data)
    if kind != "transfer-intra-eu":
        services.application_attach_document(
            actor=user, application=app, kind="end_user_certificate", name="euc.pdf", content=PDF
        )
    return app


def submitted(accounts, kind="export-military", **overrides):
    app = draft(accounts["applicant"], kind, **overrides)
    services.application_submit(actor=accounts["applicant"], application=app)
    return app


def assessed(accounts, kind="export-military", risk="low", **overrides):
    app = submitted(accounts, kind, **overrides)
    officer = accounts["officer"]
    services.application_start_assessment(actor=officer, application=app)
    for criterion in range(1, 9):
        services.assessment_record(
            actor=officer,
            application=app,
            criterion=criterion,
            risk=risk,
            reasoning=f"Reasoning for criterion {criterion}",
        )
    return app


def proposed(accounts, kind="export-military", decision="grant", **overrides):
    app = assessed(accounts, kind, **overrides)
    services.decision_propose(
        actor=accounts["officer"],
        application=app,
        decision=decision,
        reasoning="Assessed against the eight criteria.",
        conditions="No re-export without prior consent." if decision == "grant" else "",
        criteria_cited=[] if decision == "grant" else [2, 7],
    )
    return app


def granted(accounts, kind="export-military", **overrides):
    app = proposed(accounts, kind, "grant", **overrides)
    services.decision_countersign(actor=accounts["senior"], application=app)
    app.refresh_from_db()
    return app
