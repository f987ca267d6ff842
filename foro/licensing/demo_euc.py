"""Demo data of end-user certificates and International Import Certificates, made through
the services: a transfer to Italy whose certificate waits for the Rome post's verification
(the demo account ``post`` is posted there), a second one the post found not authentic (the
grant is blocked), and an import from Switzerland with an issued import certificate.

Idempotent: nothing happens when a verification request exists already."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from foro.core.models import User
from foro.licensing import euc, iic, services
from foro.licensing.models_euc import EucVerification

TRANSFER = {
    "destination": "IT",
    "end_use": "Integration into the Italian Army's Freccia infantry fighting vehicles",
    "goods": [
        {
            "description": "Thermal imaging weapon sights",
            "control_entry": "ML15.c",
            "cn_code": "90138000",
            "quantity": "40",
            "unit": "pieces",
            "value_eur": "620000.00",
        }
    ],
    "parties": [
        {
            "role": "consignee",
            "name": "Leonardo S.p.A. Divisione Elettronica",
            "address": "Via Tiburtina km 12.400, Roma",
            "country": "IT",
        },
        {
            "role": "end_user",
            "name": "Esercito Italiano - Comando Logistico",
            "address": "Via Marsala 104, Roma",
            "country": "IT",
        },
    ],
}
IMPORT = {
    "end_use": "For the Belgian Defence: practice ammunition bought for training.",
    "goods": [
        {
            "description": "9 mm practice ammunition",
            "control_entry": "ML3.a",
            "cn_code": "93063090",
            "quantity": "200000",
            "unit": "pieces",
            "value_eur": "54000.00",
        }
    ],
    "parties": [],
    "consignor": {"name": "RUAG Ammotec AG", "address": "Thun", "country": "CH"},
    "origin": "CH",
    "transport": "road",
}


def _certificate(app: Any, applicant: User, reference: str, days_ago: int) -> None:
    end_user = euc.end_user_parties(app).first()
    euc.euc_save(
        actor=applicant,
        application=app,
        data={
            "issuer": "Ministero della Difesa - Segretariato Generale della Difesa e DNA",
            "issuing_country": "IT",
            "issued_on": timezone.localdate() - timedelta(days=days_ago),
            "reference": reference,
            "stated_end_use": "Installation on Freccia vehicles of the Italian Army; "
            "no transfer to third parties.",
            "no_reexport_clause": True,
            "end_user": end_user.pk if end_user else None,
        },
    )


def _submitted(kind: str, data: dict[str, Any], users: dict[str, User], ref: str) -> Any:
    app = services.application_create(actor=users["applicant"], kind=kind, data=data)
    if kind == "transfer-intra-eu":
        _certificate(app, users["applicant"], ref, 30)
    services.application_submit(actor=users["applicant"], application=app)
    services.application_start_assessment(actor=users["officer"], application=app)
    return app


def load(stdout: Any = None) -> None:
    if EucVerification.objects.exists():
        if stdout:
            stdout.write("licensing: certificate demo data already present")
        return
    names = ["applicant", "officer", "officer2", "senior", "post"]
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    if len(users) < len(names) or not euc.representations():
        return
    saved_backend, settings.EMAIL_BACKEND = (
        settings.EMAIL_BACKEND,
        "django.core.mail.backends.dummy.EmailBackend",
    )
    try:
        with transaction.atomic():
            _load(users)
    finally:
        settings.EMAIL_BACKEND = saved_backend
    if stdout:
        stdout.write("licensing: 2 end-user certificate verifications, 1 import certificate")


def _load(users: dict[str, User]) -> None:
    officer = users["officer"]
    waiting = _submitted("transfer-intra-eu", TRANSFER, users, "SGD-DNA/2026/0418")
    euc.euc_review(
        actor=officer,
        application=waiting,
        review="accepted",
        note="Signed and stamped; the end user matches the consignee's customer.",
        original_seen_by="Charlotte Janssens",
        original_seen_on=timezone.localdate() - timedelta(days=3),
    )
    euc.euc_verification_request(
        actor=officer,
        application=waiting,
        representation_code="FL-IT",
        question="Please confirm with the Segretariato Generale della Difesa that it issued "
        "certificate SGD-DNA/2026/0418 for these sights and this end user.",
    )
    forged = _submitted("transfer-intra-eu", TRANSFER, users, "SGD-DNA/2026/0977")
    v = euc.euc_verification_request(
        actor=officer,
        application=forged,
        representation_code="FL-IT",
        question="The stamp looks different from earlier certificates: please verify "
        "SGD-DNA/2026/0977 with the issuing office.",
    )
    euc.euc_verification_answer(
        actor=users["post"],
        verification=v,
        answer="not_authentic",
        note="The Segretariato Generale (Ufficio Autorizzazioni) has no record of this number; "
        "its numbering for 2026 stopped at 0650 on the date shown.",
    )
    imported = _submitted("import-military", IMPORT, users, "")
    proposal = iic.iic_propose(actor=officer, application=imported, exporting_country="CH")
    iic.iic_issue(actor=users["senior"], certificate=proposal)
