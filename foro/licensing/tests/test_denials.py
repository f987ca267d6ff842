"""Denials shared between member states (Common Position 2008/944 art. 4): a denial
notification of another state recorded by hand, valid three years, revoked; an application
essentially identical to it (same destination, goods category and end user) cannot be
proposed for a grant or granted before that state's consultation is recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from foro.core.errors import PermissionDenied, ValidationFailed
from foro.core.models import AuditEvent
from foro.licensing import services
from foro.licensing.models import DenialConsultation, ForeignDenial
from foro.licensing.services import amendments
from foro.licensing.services import denials as svc
from foro.licensing.tests.conftest import assessed, granted, proposed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _lists(watchlist):
    """A sanctions list loaded: without one no party is called clear and nothing is granted."""


def _german_denial(accounts, **overrides) -> ForeignDenial:
    data = {
        "issuingState": "DE",
        "issuingAuthority": "BAFA",
        "reference": "DE-2026-0042",
        "destination": "CA",
        "controlCategories": "ML3",
        "endUserName": "CANADIAN ARMY TRAINING CENTRE LTD.",
        "endUserCountry": "CA",
        "criteria": "7",
        "deniedOn": timezone.localdate() - timedelta(days=30),
        "goodsDescription": "Small-calibre ammunition",
        **overrides,
    }
    return svc.foreign_denial_record(actor=accounts["officer"], data=data)


def test_the_end_user_is_compared_in_the_screening_engines_normalised_form():
    key = svc.end_user_key("Canadian Army Training Centre")
    assert svc.end_user_key("CANADIAN ARMY TRAINING CENTRE LTD.") == key
    assert svc.end_user_key("canadian army  training-centre") == key
    assert svc.end_user_key("Canadian Navy Training Centre") != key


def test_a_denial_is_valid_three_years_and_recorded_with_an_audit_event(accounts):
    d = _german_denial(accounts)
    assert d.valid_until == d.denied_on + relativedelta(months=36)
    assert d.in_force() and not d.in_force(d.valid_until + timedelta(days=1))
    assert AuditEvent.objects.filter(verb="denial.foreign_recorded").count() == 1


def test_recording_by_hand_is_for_officers_and_refuses_bad_input_whole(accounts):
    with pytest.raises(PermissionDenied):
        svc.foreign_denial_record(actor=accounts["applicant"], data={})
    with pytest.raises(PermissionDenied):
        svc.foreign_denial_record(actor=accounts["policy"], data={})
    with pytest.raises(ValidationFailed) as exc:
        _german_denial(accounts, issuingState="US", controlCategories="ML99", criteria="9")
    fields = {e["field"] for e in exc.value.errors}
    assert {"issuingState", "controlCategories", "criteria"} <= fields
    with pytest.raises(ValidationFailed):
        _german_denial(accounts, issuingState="BE")  # our own state is not "another"
    assert not ForeignDenial.objects.exists()
    _german_denial(accounts)
    with pytest.raises(ValidationFailed):
        _german_denial(accounts)  # the same reference twice


def test_an_identical_application_cannot_be_proposed_for_a_grant_before_the_consultation(
    accounts,
):
    d = _german_denial(accounts)
    app = assessed(accounts)
    assert [x.pk for x in svc.application_denials(app)] == [d.pk]
    with pytest.raises(ValidationFailed) as exc:
        services.decision_propose(
            actor=accounts["officer"], application=app, decision="grant", reasoning="ok"
        )
    message = " ".join(e["message"] for e in exc.value.errors)
    assert "DE-2026-0042" in message and "art. 4" in message
    # a refusal is still possible without it
    services.decision_propose(
        actor=accounts["officer"],
        application=app,
        decision="refuse",
        reasoning="Criterion 7",
        criteria_cited=[7],
    )


def test_the_countersignature_is_refused_too_when_the_denial_arrives_after_the_proposal(
    accounts,
):
    app = proposed(accounts)
    _german_denial(accounts)
    with pytest.raises(ValidationFailed) as exc:
        services.decision_countersign(actor=accounts["senior"], application=app)
    assert "DE-2026-0042" in " ".join(e["message"] for e in exc.value.errors)
    app.refresh_from_db()
    assert app.status == "decision_proposed"


def test_after_the_consultation_is_recorded_the_grant_goes_through(accounts):
    d = _german_denial(accounts)
    app = assessed(accounts)
    with pytest.raises(PermissionDenied):
        svc.denial_consultation_record(
            actor=accounts["applicant"],
            application=app,
            denial=d,
            consulted_on=timezone.localdate(),
            outcome="no_objection",
            answer="x",
        )
    with pytest.raises(ValidationFailed):
        svc.denial_consultation_record(
            actor=accounts["officer"],
            application=app,
            denial=d,
            consulted_on=None,
            outcome="maybe",
            answer="",
        )
    svc.denial_consultation_record(
        actor=accounts["officer"],
        application=app,
        denial=d,
        consulted_on=timezone.localdate(),
        outcome="maintained",
        answer="Germany maintains its denial; the decision remains Flemish.",
    )
    assert AuditEvent.objects.filter(verb="application.denial_consulted").count() == 1
    services.decision_propose(
        actor=accounts["officer"], application=app, decision="grant", reasoning="Consulted DE"
    )
    services.decision_countersign(actor=accounts["senior"], application=app)
    app.refresh_from_db()
    assert app.status == "granted"


@pytest.mark.parametrize(
    "change",
    [
        {"destination": "US", "endUserCountry": "CA"},  # another destination
        {"controlCategories": "ML10"},  # no shared goods category (the licence has ML1, ML3)
        {"endUserName": "Royal Canadian Navy"},  # another end user
        {"endUserCountry": "US"},  # the same name in another country
        {"deniedOn": timezone.localdate() - relativedelta(years=3, days=1)},  # expired
    ],
    ids=["destination", "category", "end-user", "end-user-country", "expired"],
)
def test_a_denial_that_is_not_essentially_identical_does_not_block(accounts, change):
    _german_denial(accounts, **change)
    app = granted(accounts)
    assert app.status == "granted"


def test_a_revoked_denial_no_longer_blocks(accounts):
    d = _german_denial(accounts)
    with pytest.raises(ValidationFailed):
        svc.foreign_denial_revoke(actor=accounts["officer"], denial=d, revoked_on=None, reason="x")
    svc.foreign_denial_revoke(
        actor=accounts["officer"], denial=d, revoked_on=timezone.localdate(), reason="Lifted"
    )
    d.refresh_from_db()
    assert not d.in_force()
    assert granted(accounts).status == "granted"


def test_a_consultation_only_for_a_matching_denial_of_an_open_application(accounts):
    d = _german_denial(accounts, endUserName="Someone Else")
    app = assessed(accounts)
    with pytest.raises(ValidationFailed):
        svc.denial_consultation_record(
            actor=accounts["officer"],
            application=app,
            denial=d,
            consulted_on=timezone.localdate(),
            outcome="no_objection",
            answer="x",
        )
    assert not DenialConsultation.objects.exists()


def test_an_amendment_changing_the_end_user_to_a_denied_one_waits_for_the_consultation(
    accounts,
):
    lic = granted(accounts).licence
    _german_denial(accounts, endUserName="Canadian Forces Ammunition Depot")
    end_user = lic.application.parties.get(role="end_user")
    v = amendments.amendment_propose(
        actor=accounts["officer"],
        licence=lic,
        kind="amendment",
        reason="New end user",
        parties=[{"party": end_user.pk, "name": "Canadian Forces Ammunition Depot"}],
    )
    with pytest.raises(ValidationFailed) as exc:
        amendments.amendment_countersign(actor=accounts["senior"], version=v)
    assert "DE-2026-0042" in " ".join(e["message"] for e in exc.value.errors)
    end_user.refresh_from_db()
    assert end_user.name == "Canadian Army Training Centre"


def test_our_own_denial_is_revoked_by_a_senior_officer(accounts):
    app = proposed(accounts, decision="refuse")
    services.decision_countersign(actor=accounts["senior"], application=app)
    denial = app.denial
    with pytest.raises(PermissionDenied):
        svc.own_denial_revoke(actor=accounts["officer"], denial=denial, reason="x")
    svc.own_denial_revoke(actor=accounts["senior"], denial=denial, reason="Embargo lifted")
    with pytest.raises(ValidationFailed):
        svc.own_denial_revoke(actor=accounts["senior"], denial=denial, reason="again")
    assert AuditEvent.objects.filter(verb="denial.revoked").count() == 1
