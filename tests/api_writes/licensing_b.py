"""Write operations of licensing part B: licence versions (amendments, renewals) and the
denials shared between member states."""

from __future__ import annotations

import io
from datetime import date
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
        # no API token countersigns (docs/security.md); a recent session does
        status=403,
        expect={"type": "urn:problem-type:foro:reauthenticationRequired"},
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


# ---------------------------------------------------------------- shared denials

D = f"{V1}/licensing/denials"
_KEY = bytes(range(32))


def _with_exchange_keys() -> None:
    """This installation's key and one trusted German key, for the next request only (the
    override ends when the response is closed)."""
    import base64

    from django.core.signals import request_finished
    from django.test import override_settings

    from foro.licensing import ed25519

    override = override_settings(
        FORO_DENIALS_STATE="BE",
        FORO_DENIALS_KEY_ID="BE-VLG-TEST",
        FORO_DENIALS_SIGNING_KEY=base64.b64encode(_KEY).decode(),
        FORO_DENIALS_TRUSTED_KEYS=[
            {
                "keyId": "DE-TEST",
                "state": "DE",
                "publicKey": base64.b64encode(ed25519.public_key(_KEY)).decode(),
            }
        ],
    )
    override.enable()

    def done(**kwargs: Any) -> None:
        request_finished.disconnect(done)
        override.disable()

    request_finished.connect(done, weak=False)


def _denial_data() -> dict[str, Any]:
    from django.utils import timezone

    return {
        "issuingState": "DE",
        "reference": "DE-2026-0042",
        "destination": "CA",
        "controlCategories": ["ML3"],
        "endUserName": "Canadian Army Training Centre",
        "endUserCountry": "CA",
        "criteria": [7],
        "deniedOn": timezone.localdate().isoformat(),
    }


def _foreign_denial(accounts) -> dict[str, Any]:
    from foro.licensing.services import denials

    data = _denial_data()
    data["deniedOn"] = date.fromisoformat(data["deniedOn"])
    d = denials.foreign_denial_record(actor=accounts["officer"], data=data)
    return {"denial_id": d.pk}


def _matching_case(accounts) -> dict[str, Any]:
    from foro.licensing.tests.conftest import assessed

    params = _foreign_denial(accounts)
    return {**params, "app_id": assessed(accounts).pk}


def _own_denial(accounts) -> dict[str, Any]:
    from foro.licensing import services
    from foro.licensing.tests.conftest import proposed

    app = proposed(accounts, decision="refuse")
    services.decision_countersign(actor=accounts["senior"], application=app)
    return {"denial_id": app.denial.pk}


def _signed_file(accounts) -> dict[str, Any]:
    from datetime import timedelta

    from django.utils import timezone

    from foro.licensing import denials_exchange as fmt

    _with_exchange_keys()
    today = timezone.localdate()
    content = fmt.build(
        fmt.SigningKey("DE-TEST", "DE", "BAFA", _KEY),
        [
            fmt.DenialNotice(
                "DE-1", today, today + timedelta(days=1095), "CA", ("ML3",), "", "X", "CA", (7,), ""
            )
        ],
        [],
    )
    return {"content": content}


def _signing_key(accounts) -> dict[str, Any]:
    _with_exchange_keys()
    return {}


WRITES += [
    Write(
        "POST",
        D,
        "officer",
        lambda accounts: {},
        lambda p: _denial_data(),
        201,
        expect={"reference": "DE-2026-0042", "inForce": True},
    ),
    Write(
        "POST",
        f"{D}/{{denial_id}}/revocation",
        "officer",
        _foreign_denial,
        lambda p: {"revokedOn": date.today().isoformat(), "reason": "x"},
        expect={"inForce": False},
    ),
    Write(
        "POST",
        f"{D}/import",
        "officer",
        _signed_file,
        lambda p: {"file": io.BytesIO(p["content"])},
        201,
        multipart=True,
        expect={"created": 1, "issuingState": "DE"},
    ),
    Write("POST", f"{D}/export", "senior", _signing_key, None, expect={"formatVersion": 1}),
    Write(
        "POST",
        f"{V1}/licensing/applications/{{app_id}}/denial-consultations",
        "officer",
        _matching_case,
        lambda p: {
            "denialId": p["denial_id"],
            "consultedOn": date.today().isoformat(),
            "outcome": "no_objection",
            "answer": "No objection.",
        },
        201,
        expect={"outcome": "no_objection"},
    ),
    Write(
        "POST",
        f"{V1}/licensing/own-denials/{{denial_id}}/revocation",
        "senior",
        _own_denial,
        lambda p: {"reason": "Embargo lifted"},
        expect={"reason": "Embargo lifted"},
    ),
]
