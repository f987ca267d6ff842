"""Both transition tables of EU law: allowed moves work, disallowed moves and other roles
are refused."""

from __future__ import annotations

from datetime import date

import pytest

from foro.core.actors import SystemActor
from foro.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from foro.core.models import AuditEvent
from foro.eulaw import services, workflow
from foro.eulaw.models import Directive, InfringementCase, Stage, TranspositionStatus
from foro.eulaw.tests.conftest import make_directive

pytestmark = pytest.mark.django_db
OTHER_ROLES = ["applicant", "officer", "senior", "devcoop", "post", "management", "admin"]
ON = date(2024, 3, 1)


def _directive_in(state: str) -> Directive:
    d = make_directive()
    if state in (
        TranspositionStatus.FULLY,
        TranspositionStatus.NOTIFIED,
        TranspositionStatus.PARTIALLY,
    ):
        services.measure_create(
            actor=SystemActor.SYSTEM,
            directive=d,
            data={"title": "Decreet", "adopted_on": "2024-01-01", "notified_on": "2024-01-02"},
        )
    Directive.objects.filter(pk=d.pk).update(status=state, status_since=date(2024, 1, 1))
    d.refresh_from_db()
    return d


def _case_in(stage: str) -> InfringementCase:
    case = services.infringement_create(
        actor=SystemActor.SYSTEM,
        data={
            "number": f"2024/{InfringementCase.objects.count() + 1:04d}",
            "kind": "non_communication",
        },
    )
    InfringementCase.objects.filter(pk=case.pk).update(
        stage=stage, stage_on=date(2024, 1, 1) if stage else None
    )
    case.refresh_from_db()
    return case


@pytest.mark.parametrize("t", workflow.TRANSPOSITION, ids=lambda t: t.action)
def test_transposition_table(accounts, t):
    for state in TranspositionStatus.values:
        d = _directive_in(state)
        if state in t.sources:
            d = services.directive_step(
                actor=accounts["policy"], directive=d, action=t.action, occurred_on=ON
            )
            assert d.status == t.target
            last = AuditEvent.objects.order_by("-seq").first()
            assert last is not None and last.verb == "directive.step"
        else:
            with pytest.raises(TransitionNotAllowed):
                services.directive_step(
                    actor=accounts["policy"], directive=d, action=t.action, occurred_on=ON
                )
        for role in OTHER_ROLES:
            with pytest.raises(PermissionDenied):
                services.directive_step(
                    actor=accounts[role], directive=d, action=t.action, occurred_on=ON
                )


@pytest.mark.parametrize("t", workflow.STAGES, ids=lambda t: t.action)
def test_stage_table(accounts, t):
    for stage in ["", *Stage.values]:
        case = _case_in(stage)
        kwargs = {"sanction_eur": "1500000"} if t.target == Stage.SANCTION else {}
        if stage in t.sources:
            case = services.infringement_stage(
                actor=accounts["policy"], case=case, action=t.action, decided_on=ON, **kwargs
            )
            assert case.stage == t.target and case.decisions.count() == 1
        else:
            with pytest.raises(TransitionNotAllowed):
                services.infringement_stage(
                    actor=accounts["policy"], case=case, action=t.action, decided_on=ON, **kwargs
                )
        for role in OTHER_ROLES:
            with pytest.raises(PermissionDenied):
                services.infringement_stage(
                    actor=accounts[role], case=case, action=t.action, decided_on=ON
                )


def test_notification_needs_a_notified_measure(accounts):
    d = make_directive()
    Directive.objects.filter(pk=d.pk).update(status=TranspositionStatus.FULLY)
    with pytest.raises(ValidationFailed):
        services.directive_step(
            actor=accounts["policy"], directive=d, action="notify", occurred_on=ON
        )


def test_a_sanction_needs_its_amount_and_a_date_in_order(accounts):
    case = _case_in(Stage.RF_260)
    with pytest.raises(ValidationFailed):
        services.infringement_stage(
            actor=accounts["policy"], case=case, action="sanction", decided_on=ON
        )
    with pytest.raises(ValidationFailed):
        services.infringement_stage(
            actor=accounts["policy"],
            case=case,
            action="sanction",
            decided_on="2023-01-01",
            sanction_eur="10",
        )
    case.refresh_from_db()
    assert case.stage == Stage.RF_260 and not case.decisions.exists()
