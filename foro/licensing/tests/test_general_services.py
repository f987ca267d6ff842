"""General licences: the prior authorisation's transition table (every disallowed move and
role refused, four-eyes), registration before first use (refused without a prior
authorisation in force), usage reports (refused while suspended), isolation between
companies, and an audit event for every write."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from foro.core.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
)
from foro.core.models import AuditEvent
from foro.core.roles import Role
from foro.licensing import workflow_general as wf
from foro.licensing.general_licences import GENERAL_FILE, general_table, parse_general
from foro.licensing.models_general import GeneralLicenceRegistration, PriorAuthorisation
from foro.licensing.services import general as svc

pytestmark = pytest.mark.django_db

PA = PriorAuthorisation.Status
REG = GeneralLicenceRegistration.Status
FLEMISH = "general-transfer-armed-forces"
EU001 = "general-export-eu001"

USER_OF_ROLE = {
    Role.APPLICANT: "applicant",
    Role.OFFICER: "officer",
    Role.SENIOR: "senior",
    Role.POLICY: "policy",
    Role.DEVCOOP: "devcoop",
    Role.POST: "post",
    Role.MANAGEMENT: "management",
    Role.ADMIN: "admin",
}


def requested(accounts, who: str = "applicant") -> PriorAuthorisation:
    return svc.prior_authorisation_request(
        actor=accounts[who], icp_description="Export control officer, screening, annual audit"
    )


def reviewed(accounts, who: str = "applicant") -> PriorAuthorisation:
    pa = svc.prior_authorisation_start_review(
        actor=accounts["officer"], authorisation=requested(accounts, who)
    )
    return svc.prior_authorisation_record_review(
        actor=accounts["officer"],
        authorisation=pa,
        reliability_assessment="No criminal record; State Security has no objection",
        icp_review="Programme complete: responsibilities, screening, training, records",
    )


def proposed(accounts, outcome: str = "grant", who: str = "applicant") -> PriorAuthorisation:
    return svc.prior_authorisation_propose(
        actor=accounts["officer"],
        authorisation=reviewed(accounts, who),
        outcome=outcome,
        reason="Reliable company with a working programme",
    )


def granted(accounts, who: str = "applicant") -> PriorAuthorisation:
    return svc.prior_authorisation_decide(
        actor=accounts["senior"], authorisation=proposed(accounts, who=who), action="approve"
    )


def in_state(accounts, state: str) -> PriorAuthorisation:
    if state == PA.REQUESTED:
        return requested(accounts)
    if state == PA.UNDER_REVIEW:
        return reviewed(accounts)
    if state == PA.PROPOSED:
        return proposed(accounts)
    if state == PA.GRANTED:
        return granted(accounts)
    if state == PA.REFUSED:
        return svc.prior_authorisation_decide(
            actor=accounts["senior"],
            authorisation=proposed(accounts, "refuse"),
            action="confirm_refusal",
        )
    if state == PA.WITHDRAWN:
        return svc.prior_authorisation_withdraw(
            actor=accounts["applicant"], authorisation=requested(accounts)
        )
    if state == PA.REVOKED:
        return svc.prior_authorisation_revoke(
            actor=accounts["senior"], authorisation=granted(accounts), reason="Convicted"
        )
    raise AssertionError(state)


def take(action: str, actor, pa: PriorAuthorisation) -> PriorAuthorisation:
    """Take ``action`` with valid input, so only the table can refuse it."""
    if action == "start_review":
        return svc.prior_authorisation_start_review(actor=actor, authorisation=pa)
    if action == "propose":
        return svc.prior_authorisation_propose(
            actor=actor, authorisation=pa, outcome="grant", reason="Reliable"
        )
    if action in ("approve", "confirm_refusal", "send_back"):
        return svc.prior_authorisation_decide(
            actor=actor, authorisation=pa, action=action, reason="Checked"
        )
    if action == "withdraw":
        return svc.prior_authorisation_withdraw(actor=actor, authorisation=pa)
    if action == "revoke":
        return svc.prior_authorisation_revoke(actor=actor, authorisation=pa, reason="Convicted")
    raise AssertionError(action)


ROLE_CASES = [
    (t.action, role)
    for t in wf.PRIOR_AUTHORISATION_TRANSITIONS
    for role in Role
    if role not in t.roles
]
STATE_CASES = [
    (t.action, state)
    for t in wf.PRIOR_AUTHORISATION_TRANSITIONS
    for state in PA.values
    if state not in t.sources
]


@pytest.mark.parametrize(("action", "role"), ROLE_CASES)
def test_a_role_outside_the_table_is_refused(accounts, action, role):
    t = wf.prior_authorisation_transition(action)
    pa = in_state(accounts, t.sources[0])
    with pytest.raises(PermissionDenied):
        take(action, accounts[USER_OF_ROLE[role]], pa)
    pa.refresh_from_db()
    assert pa.status == t.sources[0]


@pytest.mark.parametrize(("action", "state"), STATE_CASES)
def test_a_step_from_a_state_outside_its_sources_is_refused(accounts, action, state):
    t = wf.prior_authorisation_transition(action)
    pa = in_state(accounts, state)
    role = sorted(t.roles)[0]
    with pytest.raises(TransitionNotAllowed):
        take(action, accounts[USER_OF_ROLE[role]], pa)
    pa.refresh_from_db()
    assert pa.status == state


GRANT_CASES = [
    (t.action, role) for t in wf.PRIOR_AUTHORISATION_TRANSITIONS for role in sorted(t.roles)
]


@pytest.mark.parametrize(("action", "role"), GRANT_CASES)
def test_every_step_is_allowed_to_its_roles(accounts, action, role):
    t = wf.prior_authorisation_transition(action)
    pa = (
        proposed(accounts, "refuse")
        if action == "confirm_refusal"
        else in_state(accounts, t.sources[0])
    )
    actor = accounts[USER_OF_ROLE[role]]
    if t.sources[0] == PA.PROPOSED and role == Role.OFFICER:
        # the demo officer proposed: here the senior officer proposes again (four-eyes)
        pa = svc.prior_authorisation_decide(
            actor=accounts["senior"], authorisation=pa, action="send_back", reason="Redo"
        )
        pa = svc.prior_authorisation_propose(
            actor=accounts["senior"],
            authorisation=pa,
            outcome="refuse" if action == "confirm_refusal" else "grant",
            reason="Proposal",
        )
    elif t.sources[0] == PA.PROPOSED:
        actor = accounts["senior"]
    done = take(action, actor, pa)
    assert done.status == t.target
    assert AuditEvent.objects.filter(
        verb=f"prior_authorisation.{action}", target_id=str(pa.pk)
    ).exists()


def test_the_proposer_cannot_approve_its_own_proposal(accounts):
    pa = proposed(accounts)
    for action in ("approve", "send_back"):
        with pytest.raises(PermissionDenied):
            take(action, accounts["officer"], pa)
    pa.refresh_from_db()
    assert pa.status == PA.PROPOSED


def test_a_senior_proposal_can_be_approved_by_an_officer(accounts):
    pa = reviewed(accounts)
    svc.prior_authorisation_propose(
        actor=accounts["senior"], authorisation=pa, outcome="grant", reason="Reliable"
    )
    done = svc.prior_authorisation_decide(
        actor=accounts["officer"], authorisation=pa, action="approve"
    )
    assert done.status == PA.GRANTED
    assert done.decided_by == accounts["officer"] and done.proposed_by == accounts["senior"]


def test_granted_with_a_validity_from_the_data(accounts):
    pa = granted(accounts)
    years = general_table().prior_authorisation.validity_years
    today = timezone.localdate()
    assert pa.valid_from == today
    assert pa.valid_until == today.replace(year=today.year + years) - timedelta(days=1)
    assert svc.valid_prior_authorisation(pa.organisation_id) == pa


def test_a_renewal_runs_on_from_the_authorisation_in_force(accounts):
    first = granted(accounts)
    renewal = svc.prior_authorisation_request(
        actor=accounts["applicant"], icp_description="Same programme, updated", renewal_of=first
    )
    svc.prior_authorisation_start_review(actor=accounts["officer"], authorisation=renewal)
    svc.prior_authorisation_record_review(
        actor=accounts["officer"],
        authorisation=renewal,
        reliability_assessment="ok",
        icp_review="ok",
    )
    svc.prior_authorisation_propose(
        actor=accounts["officer"], authorisation=renewal, outcome="grant", reason="Renew"
    )
    renewed = svc.prior_authorisation_decide(
        actor=accounts["senior"], authorisation=renewal, action="approve"
    )
    assert first.valid_until is not None
    assert renewed.valid_from == first.valid_until + timedelta(days=1)


def test_another_company_cannot_renew_or_withdraw(accounts):
    first = granted(accounts)
    with pytest.raises(NotFound):
        svc.prior_authorisation_request(
            actor=accounts["applicant2"], icp_description="x", renewal_of=first
        )
    pa = requested(accounts)
    with pytest.raises(NotFound):
        svc.prior_authorisation_withdraw(actor=accounts["applicant2"], authorisation=pa)


def test_one_open_request_per_company(accounts):
    requested(accounts)
    with pytest.raises(Conflict):
        requested(accounts)
    requested(accounts, "applicant2")  # another company is not concerned


def test_a_request_without_a_programme_is_refused(accounts):
    with pytest.raises(ValidationFailed) as exc:
        svc.prior_authorisation_request(actor=accounts["applicant"], icp_description="  ")
    assert exc.value.errors[0]["field"] == "icp_description"
    assert not PriorAuthorisation.objects.exists()


def test_only_an_applicant_requests(accounts):
    for who in ("officer", "senior", "policy", "admin"):
        with pytest.raises(PermissionDenied):
            requested(accounts, who)


def test_propose_needs_the_review_and_answered_consultations(accounts):
    pa = svc.prior_authorisation_start_review(
        actor=accounts["officer"], authorisation=requested(accounts)
    )
    with pytest.raises(ValidationFailed) as exc:
        take("propose", accounts["officer"], pa)
    fields = {p["field"] for p in exc.value.errors}
    assert {"reliability_assessment", "icp_review"} <= fields
    svc.prior_authorisation_record_review(
        actor=accounts["officer"], authorisation=pa, reliability_assessment="ok", icp_review="ok"
    )
    consultation = svc.prior_authorisation_consult(
        actor=accounts["officer"], authorisation=pa, body="state_security", question="Anything?"
    )
    with pytest.raises(ValidationFailed) as exc:
        take("propose", accounts["officer"], pa)
    assert [p["field"] for p in exc.value.errors] == ["consultations"]
    svc.prior_authorisation_consultation_answer(
        actor=accounts["officer"], consultation=consultation, outcome="no_objection", answer="None"
    )
    assert take("propose", accounts["officer"], pa).status == PA.PROPOSED
    verbs = set(
        AuditEvent.objects.filter(
            target_id=str(pa.pk), target_type="licensing.priorauthorisation"
        ).values_list("verb", flat=True)
    )
    assert {
        "prior_authorisation.requested",
        "prior_authorisation.start_review",
        "prior_authorisation.review_recorded",
        "prior_authorisation.consulted",
        "prior_authorisation.consultation_answered",
        "prior_authorisation.propose",
    } <= verbs


def test_review_writes_are_for_officers_and_only_under_review(accounts):
    pa = requested(accounts)
    with pytest.raises(TransitionNotAllowed):
        svc.prior_authorisation_consult(
            actor=accounts["officer"], authorisation=pa, body="customs", question="?"
        )
    pa = svc.prior_authorisation_start_review(actor=accounts["officer"], authorisation=pa)
    for who in ("applicant", "management", "policy"):
        with pytest.raises(PermissionDenied):
            svc.prior_authorisation_consult(
                actor=accounts[who], authorisation=pa, body="customs", question="?"
            )
        with pytest.raises(PermissionDenied):
            svc.prior_authorisation_record_review(
                actor=accounts[who], authorisation=pa, reliability_assessment="x", icp_review="x"
            )


# --- registration -------------------------------------------------------------------------


def test_registration_is_refused_without_a_prior_authorisation(accounts):
    for code in (FLEMISH, EU001):
        with pytest.raises(ValidationFailed) as exc:
            svc.general_licence_register(actor=accounts["applicant"], licence_code=code)
        assert exc.value.errors[0]["field"] == "prior_authorisation"
    assert not GeneralLicenceRegistration.objects.exists()


def test_a_pending_refused_or_revoked_authorisation_does_not_count(accounts):
    in_state(accounts, PA.REVOKED)
    proposed(accounts)
    with pytest.raises(ValidationFailed):
        svc.general_licence_register(actor=accounts["applicant"], licence_code=FLEMISH)


def test_another_companys_authorisation_does_not_count(accounts):
    granted(accounts, "applicant2")
    with pytest.raises(ValidationFailed):
        svc.general_licence_register(actor=accounts["applicant"], licence_code=FLEMISH)


def test_an_expired_authorisation_does_not_count(accounts):
    pa = granted(accounts)
    PriorAuthorisation.objects.filter(pk=pa.pk).update(
        valid_until=timezone.localdate() - timedelta(days=1)
    )
    with pytest.raises(ValidationFailed):
        svc.general_licence_register(actor=accounts["applicant"], licence_code=FLEMISH)


def registered(accounts, code: str = FLEMISH, who: str = "applicant") -> GeneralLicenceRegistration:
    granted(accounts, who)
    return svc.general_licence_register(actor=accounts[who], licence_code=code)


def test_registration_with_a_prior_authorisation(accounts):
    reg = registered(accounts)
    assert reg.status == REG.REGISTERED and reg.prior_authorisation is not None
    assert AuditEvent.objects.filter(
        verb="general_licence.registered", target_id=str(reg.pk)
    ).exists()
    with pytest.raises(Conflict):
        svc.general_licence_register(actor=accounts["applicant"], licence_code=FLEMISH)
    with pytest.raises(ValidationFailed):
        svc.general_licence_register(actor=accounts["applicant"], licence_code="general-nope")


def test_only_an_applicant_registers(accounts):
    for who in ("officer", "senior", "admin"):
        with pytest.raises(PermissionDenied):
            svc.general_licence_register(actor=accounts[who], licence_code=FLEMISH)


REG_ROLE_CASES = [
    (t.action, role) for t in wf.REGISTRATION_TRANSITIONS for role in Role if role not in t.roles
]
REG_STATE_CASES = [
    (t.action, state)
    for t in wf.REGISTRATION_TRANSITIONS
    for state in REG.values
    if state not in t.sources
]


def reg_in_state(accounts, state: str) -> GeneralLicenceRegistration:
    reg = registered(accounts)
    if state == REG.SUSPENDED:
        reg = svc.registration_change_status(
            actor=accounts["officer"], registration=reg, action="suspend", reason="Late reports"
        )
    return reg


@pytest.mark.parametrize(("action", "role"), REG_ROLE_CASES)
def test_registration_step_refused_to_other_roles(accounts, action, role):
    t = wf.registration_transition(action)
    reg = reg_in_state(accounts, t.sources[0])
    with pytest.raises(PermissionDenied):
        svc.registration_change_status(
            actor=accounts[USER_OF_ROLE[role]], registration=reg, action=action, reason="x"
        )


@pytest.mark.parametrize(("action", "state"), REG_STATE_CASES)
def test_registration_step_refused_from_other_states(accounts, action, state):
    reg = reg_in_state(accounts, state)
    with pytest.raises(TransitionNotAllowed):
        svc.registration_change_status(
            actor=accounts["officer"], registration=reg, action=action, reason="x"
        )


@pytest.mark.parametrize("who", ["officer", "senior"])
def test_suspend_and_reinstate_with_a_reason(accounts, who):
    reg = registered(accounts)
    with pytest.raises(ValidationFailed):
        svc.registration_change_status(
            actor=accounts[who], registration=reg, action="suspend", reason=" "
        )
    reg = svc.registration_change_status(
        actor=accounts[who], registration=reg, action="suspend", reason="Reports late"
    )
    assert reg.status == REG.SUSPENDED and reg.status_reason == "Reports late"
    reg = svc.registration_change_status(
        actor=accounts[who], registration=reg, action="reinstate", reason="Reports in"
    )
    assert reg.status == REG.REGISTERED
    assert (
        AuditEvent.objects.filter(
            verb__in=["general_licence.suspend", "general_licence.reinstate"],
            target_id=str(reg.pk),
        ).count()
        == 2
    )


# --- usage reports -------------------------------------------------------------------------


def report(accounts, reg, who="applicant", **overrides):
    today = timezone.localdate()
    data = {
        "period_start": today - timedelta(days=180),
        "period_end": today,
        "destination": "NL",
        "goods_description": "Thermal imaging sights",
        "control_entry": "ML15.c",
        "value_eur": "120000.50",
    }
    data.update(overrides)
    return svc.general_licence_report_use(actor=accounts[who], registration=reg, **data)


def test_a_company_reports_its_use(accounts):
    reg = registered(accounts)
    line = report(accounts, reg)
    assert str(line.value_eur) == "120000.50" and line.destination_id == "NL"
    assert AuditEvent.objects.filter(
        verb="general_licence.use_reported", target_id=str(reg.pk)
    ).exists()


def test_suspension_blocks_reporting_use(accounts):
    reg = reg_in_state(accounts, REG.SUSPENDED)
    with pytest.raises(TransitionNotAllowed):
        report(accounts, reg)
    reg = svc.registration_change_status(
        actor=accounts["officer"], registration=reg, action="reinstate", reason="ok"
    )
    report(accounts, reg)
    assert reg.reports.count() == 1


def test_the_licence_conditions_are_checked(accounts):
    reg = registered(accounts)  # a transfer licence: EU member states and ML entries only
    with pytest.raises(ValidationFailed) as exc:
        report(accounts, reg, destination="US", control_entry="5A002", value_eur="0")
    assert {p["field"] for p in exc.value.errors} == {"destination", "control_entry", "value_eur"}
    eu001 = svc.general_licence_register(actor=accounts["applicant"], licence_code=EU001)
    report(accounts, eu001, destination="JP", control_entry="3A001")
    with pytest.raises(ValidationFailed):
        report(accounts, eu001, destination="NL", control_entry="3A001")  # not an export
    with pytest.raises(ValidationFailed) as exc:
        report(accounts, eu001, period_end=timezone.localdate() + timedelta(days=5))
    assert exc.value.errors[0]["field"] == "period_end"
    assert reg.reports.count() == 0


def test_reporting_needs_a_prior_authorisation_in_force(accounts):
    reg = registered(accounts)
    PriorAuthorisation.objects.filter(organisation=reg.organisation).update(
        valid_until=date(2000, 1, 1)
    )
    with pytest.raises(TransitionNotAllowed):
        report(accounts, reg)


def test_companies_are_isolated(accounts):
    reg = registered(accounts)
    for who in ("applicant2", "officer", "senior"):
        with pytest.raises(NotFound):
            report(accounts, reg, who=who)
    other = registered(accounts, who="applicant2")
    assert accounts["applicant"].has_perm("licensing.view_registration", reg)
    assert not accounts["applicant"].has_perm("licensing.view_registration", other)
    assert not accounts["applicant2"].has_perm(
        "licensing.view_prior_authorisation", reg.prior_authorisation
    )


# --- the data -------------------------------------------------------------------------------


def test_the_table_holds_the_five_flemish_and_the_eight_eu_licences():
    table = general_table()
    flemish = [g for g in table.licences.values() if g.family == "flemish-transfer"]
    eu = sorted(g.number for g in table.licences.values() if g.family == "eu-export")
    assert len(flemish) == 5
    assert eu == [f"EU00{i}" for i in range(1, 9)]
    for g in table.licences.values():
        assert g.legal_source and g.source_url.startswith("https://")
        assert g.code.startswith("general-")
    assert all(g.prior_authorisation_required for g in flemish)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('family = "eu-export"', 'family = "national"'),
        ('destinations = "listed"', 'destinations = "anywhere"'),
        ('goods_note = "Products sent', 'goods_nite = "Products sent'),
        ('to_confirm = ["number", "goods_note"', 'to_confirm = ["numbr", "goods_note"'),
        ("[licences.general-export-eu001]", "[licences.export-eu001]"),
    ],
)
def test_a_broken_table_is_refused(old, new):
    text = GENERAL_FILE.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(ValueError):
        parse_general(text.replace(old, new, 1))
