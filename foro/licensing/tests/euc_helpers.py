"""Helpers of the end-user certificate and import certificate tests: a certificate on a
draft, a verification request in each state, and representation staff of another post."""

from __future__ import annotations

from typing import Any

from foro.core.models import User
from foro.core.roles import Role
from foro.core.services import user_create
from foro.licensing import euc, services
from foro.licensing.models import Application
from foro.licensing.tests.conftest import draft

CERT = {
    "issuer": "Department of National Defence, Directorate of Export Controls",
    "issuing_country": "IT",
    "issued_on": "15/01/2026",
    "reference": "DND-EUC-2026-0042",
    "stated_end_use": "Training of the Canadian Army at CFB Gagetown",
    "no_reexport_clause": "yes",
}


def other_post_user() -> User:
    """Representation staff at another post (New York), not the post of the request."""
    user = User.objects.filter(username="post-us").first()
    return user or user_create(
        actor="system",
        username="post-us",
        password=None,
        roles=[Role.POST],
        first_name="Uma",
        last_name="Stevens",
        representation_code="FL-US",
    )


def with_certificate(accounts: dict[str, User], **overrides: Any) -> Application:
    """A draft with its end-user certificate entered (issued in Italy, for the end user)."""
    app = draft(accounts["applicant"])
    end_user = euc.end_user_parties(app).get(role="end_user")
    euc.euc_save(
        actor=accounts["applicant"],
        application=app,
        data={**CERT, "end_user": end_user.pk, **overrides},
    )
    return app


def submitted_with_certificate(accounts: dict[str, User]) -> Application:
    app = with_certificate(accounts)
    services.application_submit(actor=accounts["applicant"], application=app)
    services.application_start_assessment(actor=accounts["officer"], application=app)
    app.refresh_from_db()
    return app


def verification_in(accounts: dict[str, User], state: str) -> Any:
    app = submitted_with_certificate(accounts)
    v = euc.euc_verification_request(
        actor=accounts["officer"],
        application=app,
        representation_code="FL-IT",
        question="Did the ministry issue this certificate?",
    )
    if state == "answered":
        euc.euc_verification_answer(
            actor=accounts["post"], verification=v, answer="authentic", note="Confirmed by phone."
        )
    elif state == "withdrawn":
        euc.euc_verification_withdraw(
            actor=accounts["officer"], verification=v, reason="Original seen in Brussels."
        )
    v.refresh_from_db()
    return v
