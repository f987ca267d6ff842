"""The transition table is the only source of truth: every step a role may not take is
refused by the service, and every step from a state outside its sources is refused too.
The cases are generated from the table itself, so a new transition is tested as well."""

from datetime import date, timedelta

import pytest

from foro.core.errors import Conflict, NotFound, PermissionDenied, TransitionNotAllowed
from foro.core.roles import Role
from foro.licensing import services, workflow
from foro.licensing.models import Application, Status
from foro.licensing.tests.conftest import assessed, draft, granted, proposed, submitted

#: the applicants' companies hold a prior authorisation: their export, transfer and transit
#: applications may be submitted (the refusal without one: test_prior_authorisation.py)
pytestmark = pytest.mark.usefixtures("prior_authorised")

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


def in_state(accounts, state: str) -> Application:
    """An application of the demo applicant in ``state``."""
    officer = accounts["officer"]
    if state == Status.DRAFT:
        return draft(accounts["applicant"])
    if state == Status.SUBMITTED:
        return submitted(accounts)
    if state == Status.UNDER_ASSESSMENT:
        return assessed(accounts)
    if state == Status.INFORMATION_REQUESTED:
        app = assessed(accounts)
        services.information_request(actor=officer, application=app, question="Q?")
        return app
    if state == Status.CONSULTATION:
        app = assessed(accounts)
        services.consultation_start(
            actor=officer,
            application=app,
            body="defence",
            question="Q?",
            due_date=date.today() + timedelta(days=9),
        )
        return app
    if state == Status.DECISION_PROPOSED:
        return proposed(accounts)
    if state == Status.GRANTED:
        return granted(accounts)
    if state == Status.REFUSED:
        app = proposed(accounts, decision="refuse")
        services.decision_countersign(actor=accounts["senior"], application=app)
        return app
    if state == Status.WITHDRAWN:
        app = submitted(accounts)
        services.application_withdraw(actor=accounts["applicant"], application=app)
        return app
    raise AssertionError(state)


def attempt(action: str, actor, app: Application):
    due = date.today() + timedelta(days=10)
    calls = {
        "submit": lambda: services.application_submit(actor=actor, application=app),
        "start_assessment": lambda: services.application_start_assessment(
            actor=actor, application=app
        ),
        "request_information": lambda: services.information_request(
            actor=actor, application=app, question="Q?"
        ),
        "answer_information": lambda: services.information_answer(
            actor=actor, application=app, answer="A."
        ),
        "start_consultation": lambda: services.consultation_start(
            actor=actor, application=app, body="defence", question="Q?", due_date=due
        ),
        "add_consultation": lambda: services.consultation_start(
            actor=actor, application=app, body="other", question="Q?", due_date=due
        ),
        "close_consultation": lambda: services.consultation_close(actor=actor, application=app),
        "propose_decision": lambda: services.decision_propose(
            actor=actor, application=app, decision="grant", reasoning="R."
        ),
        "countersign_grant": lambda: services.decision_countersign(actor=actor, application=app),
        "countersign_refuse": lambda: services.decision_countersign(actor=actor, application=app),
        "send_back": lambda: services.decision_send_back(
            actor=actor, application=app, comment="C."
        ),
        "withdraw": lambda: services.application_withdraw(actor=actor, application=app),
    }
    return calls[action]()


FORBIDDEN = [
    (t.action, t.sources[0], role)
    for t in workflow.APPLICATION_TRANSITIONS
    for role in Role
    if role not in t.roles
]


@pytest.mark.parametrize(
    "action,state,role", FORBIDDEN, ids=[f"{a}-{r.value}" for a, _s, r in FORBIDDEN]
)
def test_each_role_outside_the_table_is_refused(accounts, watchlist, action, state, role):
    app = in_state(accounts, state)
    before = Application.objects.get(pk=app.pk).status
    with pytest.raises((PermissionDenied, NotFound)):
        attempt(action, accounts[USER_OF_ROLE[role]], app)
    assert Application.objects.get(pk=app.pk).status == before


#: table rows served by one service, which picks the row from the state or the proposal
SAME_SERVICE = {
    "countersign_grant": "countersign_refuse",
    "countersign_refuse": "countersign_grant",
    "start_consultation": "add_consultation",
    "add_consultation": "start_consultation",
}

WRONG_STATE = [
    (t.action, state, sorted(t.roles)[0])
    for t in workflow.APPLICATION_TRANSITIONS
    for state in Status.values
    if state not in t.sources
    and not (
        t.action in SAME_SERVICE
        and state in workflow.application_transition(SAME_SERVICE[t.action]).sources
    )
]


@pytest.mark.parametrize(
    "action,state,role", WRONG_STATE, ids=[f"{a}-from-{s}" for a, s, _r in WRONG_STATE]
)
def test_each_step_from_a_state_outside_its_sources_is_refused(
    accounts, watchlist, action, state, role
):
    app = in_state(accounts, state)
    with pytest.raises((TransitionNotAllowed, Conflict)):
        attempt(action, accounts[USER_OF_ROLE[role]], app)
    assert Application.objects.get(pk=app.pk).status == state


def test_the_table_covers_every_state():
    reachable = {t.target for t in workflow.APPLICATION_TRANSITIONS} | {Status.DRAFT}
    assert reachable == set(Status.values)
    finals = {Status.GRANTED, Status.REFUSED, Status.WITHDRAWN}
    for state in set(Status.values) - finals:
        assert any(state in t.sources for t in workflow.APPLICATION_TRANSITIONS), state
    for state in finals:
        assert not any(state in t.sources for t in workflow.APPLICATION_TRANSITIONS), state


def test_licence_steps_are_for_seniors_only(accounts, watchlist):
    lic = granted(accounts).licence
    for username in ("applicant", "officer", "policy", "management", "admin"):
        for action in ("suspend", "revoke"):
            with pytest.raises(PermissionDenied):
                services.licence_change_status(
                    actor=accounts[username], licence=lic, action=action, reason="r"
                )
    lic.refresh_from_db()
    assert lic.status == "valid"
