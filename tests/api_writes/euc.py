"""Write operations of end-user certificates, their verification by a representation
abroad, and International Import Certificates."""

from __future__ import annotations

from typing import Any

from tests.api_writes import V1, Write

L = f"{V1}/licensing"


def _draft(accounts) -> dict[str, Any]:
    from foro.licensing.tests.conftest import draft

    app = draft(accounts["applicant"])
    return {"app_id": app.pk, "end_user": app.parties.get(role="end_user").pk}


def _case(accounts) -> dict[str, Any]:
    from foro.licensing.tests.euc_helpers import submitted_with_certificate

    return {"app_id": submitted_with_certificate(accounts).pk}


def _open(accounts) -> dict[str, Any]:
    from foro.licensing.tests.euc_helpers import verification_in

    return {"verification_id": verification_in(accounts, "open").pk}


def _import_case(accounts) -> dict[str, Any]:
    from foro.licensing.tests.movement_helpers import msubmitted

    return {"app_id": msubmitted(accounts, "import-military").pk}


def _proposed(accounts) -> dict[str, Any]:
    from foro.licensing import iic
    from foro.licensing.tests.movement_helpers import msubmitted

    app = msubmitted(accounts, "import-military")
    c = iic.iic_propose(actor=accounts["officer"], application=app, exporting_country="NO")
    return {"certificate_id": c.pk}


WRITES: list[Write] = [
    Write(
        "PUT",
        f"{L}/applications/{{app_id}}/end-user-certificate",
        "applicant",
        _draft,
        lambda p: {
            "issuer": "Department of National Defence",
            "issuingCountry": "CA",
            "issuedOn": "2026-01-15",
            "reference": "DND-EUC-2026-0042",
            "statedEndUse": "Training of the Canadian Army",
            "noReexportClause": True,
            "endUser": p["end_user"],
        },
        expect={"reference": "DND-EUC-2026-0042", "issuingCountry": "CA"},
    ),
    Write(
        "POST",
        f"{L}/applications/{{app_id}}/end-user-certificate/review",
        "officer",
        _case,
        lambda p: {
            "review": "accepted",
            "originalSeenBy": "C. Janssens",
            "originalSeenOn": "2026-02-01",
        },
        expect={"review": "accepted", "blocking": []},
    ),
    Write(
        "POST",
        f"{L}/applications/{{app_id}}/end-user-certificate/verifications",
        "officer",
        _case,
        lambda p: {"representation": "FL-IT", "question": "Did the ministry issue it?"},
        201,
        expect={"status": "open", "representation": "FL-IT"},
    ),
    Write(
        "POST",
        f"{L}/euc-verifications/{{verification_id}}/answer",
        "post",
        _open,
        lambda p: {"answer": "authentic", "note": "Confirmed by the ministry."},
        expect={"status": "answered", "answer": "authentic"},
    ),
    Write(
        "POST",
        f"{L}/euc-verifications/{{verification_id}}/withdraw",
        "officer",
        _open,
        lambda p: {"reason": "Original seen in Brussels."},
        expect={"status": "withdrawn"},
    ),
    Write(
        "POST",
        f"{L}/applications/{{app_id}}/import-certificates",
        "officer",
        _import_case,
        lambda p: {"exportingCountry": "NO"},
        201,
        expect={"status": "proposed", "exportingCountry": "NO"},
    ),
    Write(
        "POST",
        f"{L}/import-certificates/{{certificate_id}}/issue",
        "senior",
        _proposed,
        None,
        expect={"status": "issued"},
    ),
    Write(
        "POST",
        f"{L}/import-certificates/{{certificate_id}}/send-back",
        "senior",
        _proposed,
        lambda p: {"comment": "Wrong exporting country."},
        expect={"status": "sent_back"},
    ),
]
