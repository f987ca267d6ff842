"""Appeals in every state, through the services (issue 10)."""

from __future__ import annotations

from foro.licensing import services
from foro.licensing.models import Appeal, Application
from foro.licensing.tests.conftest import proposed


def refused(accounts, **overrides) -> Application:
    app = proposed(accounts, decision="refuse", **overrides)
    services.decision_countersign(actor=accounts["senior"], application=app)
    app.refresh_from_db()
    return app


def appeal_in(accounts, state: str, outcome: str = "overturn") -> Appeal:
    """An appeal of the demo applicant's refused application in ``state``."""
    app = refused(accounts)
    appeal = services.appeal_lodge(
        actor=accounts["applicant"], application=app, grounds="The end user is the army."
    )
    if state == Appeal.Status.LODGED:
        return appeal
    if state == Appeal.Status.WITHDRAWN:
        return services.appeal_withdraw(actor=accounts["applicant"], appeal=appeal)
    services.appeal_start_review(actor=accounts["officer"], appeal=appeal)
    if state == Appeal.Status.UNDER_REVIEW:
        return Appeal.objects.get(pk=appeal.pk)
    if state in (Appeal.Status.UPHELD,):
        outcome = "uphold"
    services.appeal_propose(
        actor=accounts["officer"], appeal=appeal, outcome=outcome, reasoning="Reviewed."
    )
    if state == Appeal.Status.PROPOSED:
        return Appeal.objects.get(pk=appeal.pk)
    return services.appeal_countersign(actor=accounts["senior"], appeal=appeal)
