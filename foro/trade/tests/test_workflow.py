"""The barrier transition table is the only source of truth: every step a role may not
take, and every step from a state outside its sources, is refused by the service. The
cases are generated from the table, so a new transition is tested as well."""

from __future__ import annotations

import pytest

from foro.core.errors import Conflict, PermissionDenied, TransitionNotAllowed, ValidationFailed
from foro.core.models import AuditEvent
from foro.core.roles import Role
from foro.trade import services, workflow
from foro.trade.models import BarrierStatus
from foro.trade.tests.conftest import FULL_INPUTS, barrier_in

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

ROLE_CASES = [
    (t.action, role, t.sources[0])
    for t in workflow.TRANSITIONS
    for role in Role
    if role not in t.roles
]
STATE_CASES = [
    (t.action, state)
    for t in workflow.TRANSITIONS
    for state in BarrierStatus
    if state not in t.sources
]
ALLOWED_CASES = [(t.action, source) for t in workflow.TRANSITIONS for source in t.sources]


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "role", "state"), ROLE_CASES)
def test_role_outside_the_table_is_refused(accounts, action, role, state):
    barrier = barrier_in(accounts, state)
    with pytest.raises(PermissionDenied):
        services.barrier_act(
            actor=accounts[USER_OF_ROLE[role]], barrier=barrier, action=action, **FULL_INPUTS
        )
    barrier.refresh_from_db()
    assert barrier.status == state


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "state"), STATE_CASES)
def test_step_from_a_state_outside_its_sources_is_refused(accounts, action, state):
    barrier = barrier_in(accounts, state)
    before = AuditEvent.objects.count()
    with pytest.raises(TransitionNotAllowed):
        services.barrier_act(
            actor=accounts["policy"], barrier=barrier, action=action, **FULL_INPUTS
        )
    barrier.refresh_from_db()
    assert barrier.status == state
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "state"), ALLOWED_CASES)
def test_allowed_step_moves_and_records_an_audit_event(accounts, action, state):
    barrier = barrier_in(accounts, state)
    before = AuditEvent.objects.count()
    moved = services.barrier_act(
        actor=accounts["policy"], barrier=barrier, action=action, **FULL_INPUTS
    )
    assert moved.status == workflow.BY_ACTION[action].target
    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == before + 1
    assert event.verb == f"barrier.{action}"
    assert event.payload["from"] == state


@pytest.mark.django_db
def test_guards_need_a_note_and_an_escalation_target(accounts):
    barrier = barrier_in(accounts, BarrierStatus.ASSESSED)
    with pytest.raises(ValidationFailed) as exc:
        services.barrier_act(actor=accounts["policy"], barrier=barrier, action="escalate")
    fields = {e["field"] for e in exc.value.errors}
    assert fields == {"note", "escalated_to"}
    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.ASSESSED


@pytest.mark.django_db
def test_a_stale_page_gets_a_conflict(accounts):
    barrier = barrier_in(accounts, BarrierStatus.ASSESSED)
    with pytest.raises(Conflict):
        services.barrier_act(
            actor=accounts["policy"],
            barrier=barrier,
            action="resolve",
            note="x",
            expected_status=BarrierStatus.REPORTED,
        )


@pytest.mark.django_db
def test_buttons_come_from_the_table(accounts):
    barrier = barrier_in(accounts, BarrierStatus.ASSESSED)
    actions = {t.action for t in workflow.available(accounts["policy"], barrier)}
    assert actions == {"escalate", "resolve", "partly_resolve", "close"}
    assert workflow.available(accounts["applicant"], barrier) == []
    assert workflow.available(accounts["management"], barrier) == []
