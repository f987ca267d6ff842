"""End-user certificates as records and their verification by a representation abroad:
the applicant enters the certificate (own organisation, draft or information requested),
an officer reviews it and asks a post to verify it; only the staff of that post answer;
a "not authentic" answer blocks a grant. Every move outside the transition table is
refused, for every role."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from foro.core.errors import NotFound, PermissionDenied, TransitionNotAllowed, ValidationFailed
from foro.core.models import AuditEvent
from foro.licensing import euc, services
from foro.licensing.models_euc import EndUserCertificate, EucVerification
from foro.licensing.tests.conftest import draft
from foro.licensing.tests.euc_helpers import (
    CERT,
    other_post_user,
    submitted_with_certificate,
    verification_in,
    with_certificate,
)

V = EucVerification.Status


# ------------------------------------------------------------------ the certificate


def test_applicant_enters_the_certificate_of_their_own_draft(accounts):
    app = with_certificate(accounts)
    cert = euc.certificate_of(app)
    assert cert is not None
    assert (cert.issuer, cert.issuing_country_id, cert.reference) == (
        CERT["issuer"],
        "IT",
        "DND-EUC-2026-0042",
    )
    assert cert.issued_on.isoformat() == "2026-01-15" and cert.no_reexport_clause is True
    assert cert.end_user is not None and cert.end_user.role == "end_user"
    event = AuditEvent.objects.filter(verb="application.euc_saved").latest("seq")
    assert event.target_id == str(app.pk) and event.payload["reference"] == cert.reference


@pytest.mark.parametrize(
    ("who", "error"),
    [("applicant2", NotFound), ("officer", PermissionDenied), ("post", PermissionDenied)],
)
def test_nobody_but_the_applicant_enters_the_certificate(accounts, who, error):
    app = draft(accounts["applicant"])
    with pytest.raises(error):
        euc.euc_save(actor=accounts[who], application=app, data=CERT)
    assert not EndUserCertificate.objects.filter(application=app).exists()


def test_bad_certificate_input_names_every_field_and_writes_nothing(accounts):
    app = draft(accounts["applicant"])
    with pytest.raises(ValidationFailed) as exc:
        euc.euc_save(
            actor=accounts["applicant"],
            application=app,
            data={"issued_on": "31/02/2026", "no_reexport_clause": ""},
        )
    fields = {e["field"] for e in exc.value.errors}
    assert fields == {
        "issuer",
        "reference",
        "statedEndUse",
        "issuingCountry",
        "issuedOn",
        "noReexportClause",
        "endUser",
    }
    assert not EndUserCertificate.objects.filter(application=app).exists()


def test_a_future_date_and_a_stranger_end_user_are_refused(accounts):
    app = draft(accounts["applicant"])
    consignee = app.parties.get(role="consignee")
    with pytest.raises(ValidationFailed) as exc:
        euc.euc_save(
            actor=accounts["applicant"],
            application=app,
            data={**CERT, "issued_on": "01/01/2999", "end_user": consignee.pk},
        )
    assert {e["field"] for e in exc.value.errors} == {"issuedOn", "endUser"}


def test_the_certificate_is_frozen_once_submitted_and_open_again_on_a_question(accounts):
    app = submitted_with_certificate(accounts)
    end_user = app.parties.get(role="end_user")
    with pytest.raises(TransitionNotAllowed):
        euc.euc_save(
            actor=accounts["applicant"], application=app, data={**CERT, "end_user": end_user.pk}
        )
    euc.euc_review(actor=accounts["officer"], application=app, review="accepted")
    services.information_request(
        actor=accounts["officer"], application=app, question="Send the signed original."
    )
    cert = euc.euc_save(
        actor=accounts["applicant"],
        application=app,
        data={**CERT, "reference": "DND-EUC-2026-0043", "end_user": end_user.pk},
    )
    assert cert.reference == "DND-EUC-2026-0043"
    assert cert.review == "" and cert.reviewed_by is None  # a change is reviewed again


# ------------------------------------------------------------------ the officer's review


@pytest.mark.parametrize("who", ["officer", "senior"])
def test_an_officer_reviews_the_certificate_and_notes_the_original(accounts, who):
    app = submitted_with_certificate(accounts)
    cert = euc.euc_review(
        actor=accounts[who],
        application=app,
        review="accepted",
        original_seen_by="Charlotte Janssens",
        original_seen_on="02/02/2026",
    )
    assert cert.review == "accepted" and cert.original_seen_on.isoformat() == "2026-02-02"
    assert AuditEvent.objects.filter(verb="application.euc_reviewed").exists()


@pytest.mark.parametrize("who", ["applicant", "applicant2", "post", "management"])
def test_nobody_else_reviews_the_certificate(accounts, who):
    app = submitted_with_certificate(accounts)
    with pytest.raises(PermissionDenied):
        euc.euc_review(actor=accounts[who], application=app, review="accepted")
    assert euc.certificate_of(app).review == ""


def test_a_review_needs_a_choice_and_a_reason_to_reject(accounts):
    app = submitted_with_certificate(accounts)
    with pytest.raises(ValidationFailed) as exc:
        euc.euc_review(actor=accounts["officer"], application=app, review="")
    assert {e["field"] for e in exc.value.errors} == {"review"}
    with pytest.raises(ValidationFailed) as exc:
        euc.euc_review(
            actor=accounts["officer"], application=app, review="rejected", original_seen_by="X"
        )
    assert {e["field"] for e in exc.value.errors} == {"note", "originalSeenOn"}


# ------------------------------------------------------------------ verification


def test_officer_asks_the_post_and_the_post_answers(accounts):
    v = verification_in(accounts, "open")
    assert v.status == V.OPEN and v.reference.startswith("EV-")
    assert v.representation_code == "FL-IT"
    euc.euc_verification_answer(
        actor=accounts["post"], verification=v, answer="authentic", note="Confirmed."
    )
    v.refresh_from_db()
    assert (v.status, v.answer, v.answered_by) == (V.ANSWERED, "authentic", accounts["post"])
    verbs = list(
        AuditEvent.objects.filter(target_id=str(v.certificate.application_id))
        .filter(verb__startswith="application.euc_verification")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        "application.euc_verification_request",
        "application.euc_verification_answer",
    ]


@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("applicant", PermissionDenied),
        ("post", PermissionDenied),
        ("management", PermissionDenied),
        ("policy", PermissionDenied),
    ],
)
def test_only_officers_request_a_verification(accounts, who, error):
    app = submitted_with_certificate(accounts)
    with pytest.raises(error):
        euc.euc_verification_request(
            actor=accounts[who], application=app, representation_code="FL-IT", question="?"
        )
    assert not EucVerification.objects.exists()


def test_a_senior_officer_may_request_too(accounts):
    app = submitted_with_certificate(accounts)
    v = euc.euc_verification_request(
        actor=accounts["senior"], application=app, representation_code="fl-us", question="?"
    )
    assert v.representation_code == "FL-US"


def test_a_request_needs_a_known_post_a_question_a_certificate_and_an_open_case(accounts):
    app = submitted_with_certificate(accounts)
    officer = accounts["officer"]
    with pytest.raises(ValidationFailed) as exc:
        euc.euc_verification_request(
            actor=officer, application=app, representation_code="FL-XX", question=" "
        )
    assert {e["field"] for e in exc.value.errors} == {"representation", "question"}
    bare = draft(accounts["applicant"])
    with pytest.raises(TransitionNotAllowed):  # a draft is not the officers' yet
        euc.euc_verification_request(
            actor=officer, application=bare, representation_code="FL-IT", question="?"
        )
    services.application_submit(actor=accounts["applicant"], application=bare)
    with pytest.raises(ValidationFailed) as exc:
        euc.euc_verification_request(
            actor=officer, application=bare, representation_code="FL-IT", question="?"
        )
    assert exc.value.errors[0]["field"] == "endUserCertificate"
    euc.euc_verification_request(
        actor=officer, application=app, representation_code="FL-IT", question="?"
    )
    with pytest.raises(TransitionNotAllowed):  # one open request per post
        euc.euc_verification_request(
            actor=officer, application=app, representation_code="FL-IT", question="again?"
        )


@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("officer", PermissionDenied),
        ("senior", PermissionDenied),
        ("applicant", PermissionDenied),
        ("other_post", NotFound),
    ],
)
def test_only_the_staff_of_the_post_answer(accounts, who, error):
    v = verification_in(accounts, "open")
    actor = other_post_user() if who == "other_post" else accounts[who]
    with pytest.raises(error):
        euc.euc_verification_answer(actor=actor, verification=v, answer="authentic", note="x")
    v.refresh_from_db()
    assert v.status == V.OPEN and v.answer == ""


def test_an_answer_needs_a_finding_and_a_note(accounts):
    v = verification_in(accounts, "open")
    with pytest.raises(ValidationFailed) as exc:
        euc.euc_verification_answer(actor=accounts["post"], verification=v, answer="", note="")
    assert {e["field"] for e in exc.value.errors} == {"answer", "note"}


@pytest.mark.parametrize("who", ["post", "applicant", "other_post"])
def test_only_officers_withdraw(accounts, who):
    v = verification_in(accounts, "open")
    actor = other_post_user() if who == "other_post" else accounts[who]
    with pytest.raises(PermissionDenied):
        euc.euc_verification_withdraw(actor=actor, verification=v, reason="x")
    v.refresh_from_db()
    assert v.status == V.OPEN


def test_officer_withdraws_with_a_reason(accounts):
    v = verification_in(accounts, "open")
    with pytest.raises(ValidationFailed):
        euc.euc_verification_withdraw(actor=accounts["officer"], verification=v, reason="")
    euc.euc_verification_withdraw(actor=accounts["officer"], verification=v, reason="Not needed")
    v.refresh_from_db()
    assert v.status == V.WITHDRAWN and v.closed_reason == "Not needed"


def _disallowed() -> list[tuple[str, str]]:
    moves = []
    for state in (V.ANSWERED, V.WITHDRAWN):
        for t in euc.VERIFICATION_TRANSITIONS:
            if t.action != "request" and state not in t.sources:
                moves.append((str(state), t.action))
    return moves


@pytest.mark.parametrize(("state", "action"), _disallowed())
def test_every_move_outside_the_table_is_refused(accounts, state, action):
    v = verification_in(accounts, state)
    with pytest.raises(TransitionNotAllowed):
        if action == "answer":
            euc.euc_verification_answer(
                actor=accounts["post"], verification=v, answer="not_authentic", note="x"
            )
        else:
            euc.euc_verification_withdraw(actor=accounts["officer"], verification=v, reason="x")
    v.refresh_from_db()
    assert v.status == state


# ------------------------------------------------------------------ who sees what


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("officer", True),
        ("senior", True),
        ("management", True),
        ("post", True),
        ("other_post", False),
        ("applicant", False),
        ("applicant2", False),
        ("policy", False),
        ("anonymous", False),
    ],
)
def test_who_sees_a_verification_request(accounts, who, sees):
    v = verification_in(accounts, "answered")
    if who == "anonymous":
        user = AnonymousUser()
    else:
        user = other_post_user() if who == "other_post" else accounts[who]
    assert euc.verifications_visible_to(user).filter(pk=v.pk).exists() is sees
    if not sees:
        with pytest.raises(NotFound):
            euc.verification_get(user, v.pk)


# ------------------------------------------------------------------ the grant


def _assessed(accounts, app):
    for criterion in range(1, 9):
        services.assessment_record(
            actor=accounts["officer"],
            application=app,
            criterion=criterion,
            risk="low",
            reasoning="r",
        )


def _propose(accounts, app, decision="grant"):
    return services.decision_propose(
        actor=accounts["officer"],
        application=app,
        decision=decision,
        reasoning="Assessed.",
        criteria_cited=[] if decision == "grant" else [7],
    )


def test_a_not_authentic_answer_blocks_a_grant_but_not_a_refusal(accounts, english):
    v = verification_in(accounts, "open")
    app = v.certificate.application
    _assessed(accounts, app)
    euc.euc_verification_answer(
        actor=accounts["post"], verification=v, answer="not_authentic", note="No such number."
    )
    with pytest.raises(ValidationFailed) as exc:
        _propose(accounts, app)
    messages = [e["message"] for e in exc.value.errors if e["field"] == "endUserCertificate"]
    assert len(messages) == 1 and "not authentic" in messages[0] and v.reference in messages[0]
    assert _propose(accounts, app, "refuse").decision == "refuse"


def test_an_authentic_answer_lets_the_grant_through(accounts, watchlist):
    v = verification_in(accounts, "answered")
    app = v.certificate.application
    _assessed(accounts, app)
    assert euc.euc_grant_problems(app) == []
    assert _propose(accounts, app).decision == "grant"


def test_a_not_authentic_answer_after_the_proposal_stops_the_countersignature(accounts, watchlist):
    v = verification_in(accounts, "open")
    app = v.certificate.application
    _assessed(accounts, app)
    _propose(accounts, app)
    euc.euc_verification_answer(
        actor=accounts["post"], verification=v, answer="not_authentic", note="Forged."
    )
    with pytest.raises(ValidationFailed):
        services.decision_countersign(actor=accounts["senior"], application=app)
    app.refresh_from_db()
    assert app.status == "decision_proposed"


def test_a_rejected_review_blocks_a_grant(accounts):
    app = submitted_with_certificate(accounts)
    _assessed(accounts, app)
    euc.euc_review(
        actor=accounts["officer"], application=app, review="rejected", note="Unsigned copy."
    )
    with pytest.raises(ValidationFailed):
        _propose(accounts, app)
