"""The treaty procedure's transition table: every allowed move works for a policy officer,
every disallowed move is refused, for each role."""

from __future__ import annotations

from datetime import date

import pytest

from foro.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from foro.core.models import AuditEvent
from foro.treaties import services, workflow
from foro.treaties.models import Status
from foro.treaties.tests.conftest import drive, make_treaty

pytestmark = pytest.mark.django_db

ROLES = ["applicant", "officer", "senior", "policy", "devcoop", "post", "management", "admin"]


@pytest.mark.parametrize("t", workflow.TRANSITIONS, ids=lambda t: t.action)
def test_each_step_from_each_source_for_a_policy_officer(accounts, t):
    for source in t.sources:
        treaty = drive(make_treaty(), source)
        before = AuditEvent.objects.count()
        treaty = services.treaty_step(
            actor=accounts["policy"], treaty=treaty, action=t.action, occurred_on=date(2024, 1, 1)
        )
        assert treaty.status == t.target
        assert treaty.status_since == date(2024, 1, 1)
        step = treaty.steps.last()
        assert step is not None and step.recorded_by == accounts["policy"]
        assert step.from_status == source and step.to_status == t.target
        event = AuditEvent.objects.order_by("-seq").first()
        assert AuditEvent.objects.count() == before + 1
        assert event is not None and event.verb == "treaty.step"
        assert event.payload["action"] == t.action


@pytest.mark.parametrize("t", workflow.TRANSITIONS, ids=lambda t: t.action)
def test_every_disallowed_move_is_refused(accounts, t):
    for state in Status.values:
        if state in t.sources:
            continue
        treaty = drive(make_treaty(), state)
        with pytest.raises(TransitionNotAllowed):
            services.treaty_step(
                actor=accounts["policy"],
                treaty=treaty,
                action=t.action,
                occurred_on=date(2024, 1, 1),
            )
        treaty.refresh_from_db()
        assert treaty.status == state


@pytest.mark.parametrize("role", [r for r in ROLES if r != "policy"])
def test_no_other_role_takes_a_step(accounts, role):
    for t in workflow.TRANSITIONS:
        treaty = drive(make_treaty(), t.sources[0])
        with pytest.raises(PermissionDenied):
            services.treaty_step(
                actor=accounts[role], treaty=treaty, action=t.action, occurred_on=date(2024, 1, 1)
            )
        assert workflow.available(t.sources[0], frozenset()) == []


def test_a_step_cannot_be_dated_in_the_future_or_before_the_previous_step(accounts):
    treaty = make_treaty(started=date(2024, 5, 1))
    with pytest.raises(ValidationFailed) as exc:
        services.treaty_step(
            actor=accounts["policy"], treaty=treaty, action="sign", occurred_on=date(2999, 1, 1)
        )
    assert exc.value.errors[0]["field"] == "occurred_on"
    with pytest.raises(ValidationFailed):
        services.treaty_step(
            actor=accounts["policy"], treaty=treaty, action="sign", occurred_on=date(2024, 4, 30)
        )
    with pytest.raises(ValidationFailed):
        services.treaty_step(
            actor=accounts["policy"], treaty=treaty, action="sign", occurred_on="31/02/2024"
        )
    treaty.refresh_from_db()
    assert treaty.status == Status.NEGOTIATION and not treaty.steps.exists()


def test_unknown_step_is_refused(accounts):
    with pytest.raises(ValidationFailed):
        services.treaty_step(
            actor=accounts["policy"],
            treaty=make_treaty(),
            action="ratify",
            occurred_on="2024-01-01",
        )
