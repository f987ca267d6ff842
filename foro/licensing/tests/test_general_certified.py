"""Certified recipients (Directive 2009/43 art. 9): the certificate and its validity limit,
audits, and the certificate's transition table (each role, each disallowed move)."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from foro.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from foro.core.models import AuditEvent
from foro.core.roles import Role
from foro.licensing import workflow_general as wf
from foro.licensing.models_general import CertifiedRecipient
from foro.licensing.services import general as svc
from foro.licensing.tests.test_general_services import USER_OF_ROLE

pytestmark = pytest.mark.django_db
CERT = CertifiedRecipient.Status


def issue(accounts, **overrides):
    today = timezone.localdate()
    data = {
        "organisation": accounts["applicant"].organisation,
        "issued_on": today,
        "valid_until": today + relativedelta(years=3),
    }
    data.update(overrides)
    return svc.certified_recipient_issue(actor=accounts["senior"], **data)


def in_state(accounts, state):
    cert = issue(accounts)
    if state == CERT.VALID:
        return cert
    action = "suspend" if state == CERT.SUSPENDED else "revoke"
    return svc.certified_recipient_change_status(
        actor=accounts["senior"], certificate=cert, action=action, reason="Audit findings"
    )


def test_issue_with_a_validity_within_the_limit(accounts):
    cert = issue(accounts)
    assert cert.certificate_number.startswith("BE-VL-CERT-")
    assert svc.certificate_in_force(cert.organisation_id) == cert
    assert AuditEvent.objects.filter(
        verb="certified_recipient.issued", target_id=str(cert.pk)
    ).exists()
    today = timezone.localdate()
    with pytest.raises(ValidationFailed):
        issue(accounts, valid_until=today + relativedelta(years=5, days=1))
    with pytest.raises(ValidationFailed):
        issue(accounts, valid_until=today - timedelta(days=1))
    for who in ("officer", "applicant", "management"):
        with pytest.raises(PermissionDenied):
            svc.certified_recipient_issue(
                actor=accounts[who],
                organisation=cert.organisation,
                issued_on=today,
                valid_until=today + timedelta(days=10),
            )


def test_audits_are_recorded_and_keep_the_certificate_current(accounts):
    today = timezone.localdate()
    cert = issue(
        accounts,
        issued_on=today - relativedelta(years=3),
        valid_until=today + relativedelta(years=1),
    )
    assert svc.audit_due(cert)
    with pytest.raises(ValidationFailed) as exc:
        svc.certified_recipient_record_audit(
            actor=accounts["officer"],
            certificate=cert,
            audited_on=timezone.localdate(),
            outcome="findings",
            findings="",
        )
    assert exc.value.errors[0]["field"] == "findings"
    svc.certified_recipient_record_audit(
        actor=accounts["officer"],
        certificate=cert,
        audited_on=timezone.localdate(),
        outcome="compliant",
        findings="",
    )
    assert not svc.audit_due(cert)
    assert AuditEvent.objects.filter(
        verb="certified_recipient.audited", target_id=str(cert.pk)
    ).exists()
    with pytest.raises(PermissionDenied):
        svc.certified_recipient_record_audit(
            actor=accounts["applicant"],
            certificate=cert,
            audited_on=timezone.localdate(),
            outcome="compliant",
            findings="",
        )


@pytest.mark.parametrize(
    ("action", "role"),
    [(t.action, r) for t in wf.CERTIFICATE_TRANSITIONS for r in Role if r not in t.roles],
)
def test_certificate_step_refused_to_other_roles(accounts, action, role):
    t = wf.certificate_transition(action)
    cert = in_state(accounts, t.sources[0])
    with pytest.raises(PermissionDenied):
        svc.certified_recipient_change_status(
            actor=accounts[USER_OF_ROLE[role]], certificate=cert, action=action, reason="x"
        )


@pytest.mark.parametrize(
    ("action", "state"),
    [(t.action, s) for t in wf.CERTIFICATE_TRANSITIONS for s in CERT.values if s not in t.sources],
)
def test_certificate_step_refused_from_other_states(accounts, action, state):
    cert = in_state(accounts, state)
    with pytest.raises(TransitionNotAllowed):
        svc.certified_recipient_change_status(
            actor=accounts["senior"], certificate=cert, action=action, reason="x"
        )


@pytest.mark.parametrize("action", [t.action for t in wf.CERTIFICATE_TRANSITIONS])
def test_certificate_step_allowed(accounts, action):
    t = wf.certificate_transition(action)
    cert = in_state(accounts, t.sources[0])
    done = svc.certified_recipient_change_status(
        actor=accounts["senior"], certificate=cert, action=action, reason="Audit"
    )
    assert done.status == t.target
    assert (svc.certificate_in_force(cert.organisation_id) is not None) == (t.target == CERT.VALID)


def test_the_demo_data_loads_once(accounts):
    from foro.licensing import demo_general
    from foro.licensing.models_general import GeneralLicenceReport, PriorAuthorisation

    demo_general.load()
    demo_general.load()
    assert PriorAuthorisation.objects.count() == 2
    assert GeneralLicenceReport.objects.count() == 2
    assert CertifiedRecipient.objects.count() == 1
