"""Appeal of a refusal (issue 10): a case of its own, linked to the refusal, with its own
deadline and outcome; overturned, a licence is issued on appeal through the four-eyes
rule. Every move outside the appeal's transition table is refused."""

from datetime import timedelta

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
from foro.licensing import services
from foro.licensing.appeals_selectors import appeal_get, appeals_visible_to
from foro.licensing.appeals_workflow import APPEAL_TRANSITIONS, appeal_transition
from foro.licensing.checks import check_prior_denial
from foro.licensing.models import Appeal, Licence, Status
from foro.licensing.tests.appeal_helpers import appeal_in, refused
from foro.licensing.tests.conftest import granted, submitted
from foro.licensing.tests.test_workflow_table import USER_OF_ROLE

S = Appeal.Status


def attempt(action, actor, appeal):
    calls = {
        "start_review": lambda: services.appeal_start_review(actor=actor, appeal=appeal),
        "propose": lambda: services.appeal_propose(
            actor=actor, appeal=appeal, outcome="uphold", reasoning="R."
        ),
        "countersign_uphold": lambda: services.appeal_countersign(actor=actor, appeal=appeal),
        "countersign_overturn": lambda: services.appeal_countersign(actor=actor, appeal=appeal),
        "send_back": lambda: services.appeal_send_back(actor=actor, appeal=appeal, comment="C."),
        "withdraw": lambda: services.appeal_withdraw(actor=actor, appeal=appeal),
    }
    return calls[action]()


def test_an_overturned_refusal_issues_a_licence_on_appeal(accounts, watchlist):
    app = refused(accounts)
    appeal = services.appeal_lodge(
        actor=accounts["applicant"], application=app, grounds="The end user is the army."
    )
    assert appeal.status == S.LODGED and appeal.reference.startswith("BZ-")
    assert appeal.deadline == timezone.localdate() + timedelta(days=60)
    services.appeal_start_review(actor=accounts["officer"], appeal=appeal)
    services.appeal_propose(
        actor=accounts["officer"], appeal=appeal, outcome="overturn", reasoning="New evidence."
    )
    with pytest.raises(PermissionDenied):  # an officer cannot countersign
        services.appeal_countersign(actor=accounts["officer"], appeal=appeal)
    done = services.appeal_countersign(actor=accounts["senior"], appeal=appeal)
    assert done.status == S.OVERTURNED and done.licence is not None
    lic = Licence.objects.get(pk=done.licence.pk)
    assert lic.application_id == app.pk and lic.status == "valid"
    app.refresh_from_db()
    assert app.status == Status.REFUSED  # the refusal stays on record; the appeal follows it
    assert app.proposals.filter(decision="grant", review="countersigned").exists()
    verbs = list(
        AuditEvent.objects.filter(verb__startswith="appeal.").values_list("verb", flat=True)
    )
    assert verbs == [
        "appeal.lodge",
        "appeal.start_review",
        "appeal.propose",
        "appeal.countersign_overturn",
    ]
    assert AuditEvent.objects.filter(verb="licence.issued").count() == 1
    with pytest.raises(Conflict):
        services.appeal_countersign(actor=accounts["senior"], appeal=appeal)
    # a refusal overturned on appeal is no prior denial for a new, identical application
    again = submitted(accounts)
    assert check_prior_denial(again).outcome == "pass"


def test_the_proposer_cannot_countersign(accounts, watchlist):
    appeal = appeal_in(accounts, S.UNDER_REVIEW)
    services.appeal_propose(
        actor=accounts["senior"], appeal=appeal, outcome="uphold", reasoning="No new fact."
    )
    with pytest.raises(PermissionDenied):
        services.appeal_countersign(actor=accounts["senior"], appeal=appeal)
    with pytest.raises(PermissionDenied):
        services.appeal_send_back(actor=accounts["senior"], appeal=appeal, comment="x")
    assert Appeal.objects.get(pk=appeal.pk).status == S.PROPOSED


def test_an_upheld_appeal_issues_nothing(accounts, watchlist):
    appeal = appeal_in(accounts, S.UPHELD)
    assert appeal.status == S.UPHELD and appeal.licence is None
    assert not Licence.objects.exists()


def test_overturning_is_checked_like_a_grant(accounts, watchlist, time_machine):
    # a refusal to Syria in May 2026; the EU measure ran to 1 June 2026 and is to confirm since
    time_machine.move_to("2026-05-15 10:00 +02:00", tick=False)
    from foro.licensing.tests.test_embargo_confirm import SYRIA

    app = refused(accounts, **SYRIA)
    time_machine.move_to("2026-06-05 10:00 +02:00", tick=False)
    appeal = services.appeal_lodge(actor=accounts["applicant"], application=app, grounds="G.")
    services.appeal_start_review(actor=accounts["officer"], appeal=appeal)
    with pytest.raises(ValidationFailed) as exc:
        services.appeal_propose(
            actor=accounts["officer"], appeal=appeal, outcome="overturn", reasoning="R."
        )
    assert "embargoConfirmations" in {e["field"] for e in exc.value.errors}


def test_only_a_refusal_within_its_time_limit_can_be_appealed(accounts, watchlist, time_machine):
    with pytest.raises(TransitionNotAllowed):
        services.appeal_lodge(
            actor=accounts["applicant"], application=granted(accounts), grounds="G."
        )
    app = refused(accounts)
    with pytest.raises(ValidationFailed):
        services.appeal_lodge(actor=accounts["applicant"], application=app, grounds="  ")
    with pytest.raises(NotFound):  # another organisation's refusal does not exist for them
        services.appeal_lodge(actor=accounts["applicant2"], application=app, grounds="G.")
    for role in ("officer", "senior", "policy", "management", "admin"):
        with pytest.raises(PermissionDenied):
            services.appeal_lodge(actor=accounts[role], application=app, grounds="G.")
    services.appeal_lodge(actor=accounts["applicant"], application=app, grounds="G.")
    with pytest.raises(Conflict):  # one appeal at a time
        services.appeal_lodge(actor=accounts["applicant"], application=app, grounds="G.")
    late = refused(accounts)
    time_machine.move_to(timezone.now() + timedelta(days=31))
    with pytest.raises(TransitionNotAllowed):
        services.appeal_lodge(actor=accounts["applicant"], application=late, grounds="G.")
    assert Appeal.objects.count() == 1


def test_applicants_see_only_their_own_appeals(accounts, watchlist):
    appeal = appeal_in(accounts, S.LODGED)
    assert appeals_visible_to(accounts["applicant"]).filter(pk=appeal.pk).exists()
    for role in ("applicant2", "policy", "devcoop", "post", "admin"):
        with pytest.raises(NotFound):
            appeal_get(accounts[role], appeal.pk)
    with pytest.raises(NotFound):
        services.appeal_withdraw(actor=accounts["applicant2"], appeal=appeal)
    for role in ("officer", "senior", "management"):
        assert appeal_get(accounts[role], appeal.pk) == appeal


FORBIDDEN = [
    (t.action, t.sources[0], role)
    for t in APPEAL_TRANSITIONS
    if t.action != "lodge"
    for role in Role
    if role not in t.roles
]


@pytest.mark.parametrize(
    "action,state,role", FORBIDDEN, ids=[f"{a}-{r.value}" for a, _s, r in FORBIDDEN]
)
def test_each_role_outside_the_table_is_refused(accounts, watchlist, action, state, role):
    outcome = "uphold" if action == "countersign_uphold" else "overturn"
    appeal = appeal_in(accounts, state, outcome)
    with pytest.raises((PermissionDenied, NotFound)):
        attempt(action, accounts[USER_OF_ROLE[role]], appeal)
    assert Appeal.objects.get(pk=appeal.pk).status == state


SAME = {"countersign_uphold": "countersign_overturn", "countersign_overturn": "countersign_uphold"}
WRONG_STATE = [
    (t.action, state, sorted(t.roles)[0])
    for t in APPEAL_TRANSITIONS
    if t.action != "lodge"
    for state in S.values
    if state not in t.sources
    and not (t.action in SAME and state in appeal_transition(SAME[t.action]).sources)
]


@pytest.mark.parametrize(
    "action,state,role", WRONG_STATE, ids=[f"{a}-from-{s}" for a, s, _r in WRONG_STATE]
)
def test_each_step_from_a_state_outside_its_sources_is_refused(
    accounts, watchlist, action, state, role
):
    appeal = appeal_in(accounts, state)
    with pytest.raises((TransitionNotAllowed, Conflict)):
        attempt(action, accounts[USER_OF_ROLE[role]], appeal)
    assert Appeal.objects.get(pk=appeal.pk).status == state


def test_every_appeal_state_is_reached(accounts, watchlist):
    reached = {Appeal.objects.get(pk=appeal_in(accounts, s).pk).status for s in S.values}
    assert reached == set(S.values)


def test_the_pages(client, accounts, watchlist):
    from django.conf import settings

    app = refused(accounts)
    client.force_login(accounts["applicant"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/portal/applications/{app.pk}/").content.decode()
    assert 'id="h-appeal"' in page and 'name="grounds"' in page
    r = client.post(f"/portal/applications/{app.pk}/act/appeal/", {"grounds": "New facts."})
    assert r.status_code == 302
    appeal = Appeal.objects.get(application=app)
    page = client.get(f"/portal/applications/{app.pk}/").content.decode()
    assert appeal.reference in page and 'id="h-appeal"' not in page
    assert client.get(f"/licensing/appeals/{appeal.pk}/").status_code == 403
    client.force_login(accounts["officer"])
    listing = client.get("/licensing/appeals/").content.decode()
    assert appeal.reference in listing
    client.post(f"/licensing/appeals/{appeal.pk}/act/start_review/")
    r = client.post(f"/licensing/appeals/{appeal.pk}/act/propose/", {"reasoning": "Kept"})
    assert r.status_code == 422 and "Kept" in r.content.decode()  # nothing typed lost
    client.post(
        f"/licensing/appeals/{appeal.pk}/act/propose/",
        {"outcome": "overturn", "reasoning": "New facts hold."},
    )
    client.force_login(accounts["senior"])
    page = client.get(f"/licensing/appeals/{appeal.pk}/").content.decode()
    assert "issue the licence" in page and 'name="confirm"' in page
    r = client.post(  # without the box: refused, the comment typed is back
        f"/licensing/appeals/{appeal.pk}/act/countersign/", {"comment": "Seen the new facts."}
    )
    assert r.status_code == 422
    html = r.content.decode()
    assert ">Seen the new facts.</textarea>" in html and "Tick the box" in html
    assert 'name="confirm" value="1" checked' not in html
    assert Appeal.objects.get(pk=appeal.pk).status == S.PROPOSED
    client.post(f"/licensing/appeals/{appeal.pk}/act/countersign/", {"confirm": "1"})
    appeal.refresh_from_db()
    assert appeal.status == S.OVERTURNED and appeal.licence is not None
    case = client.get(f"/licensing/applications/{app.pk}/").content.decode()
    assert appeal.reference in case and appeal.licence.number in case


def test_the_appeal_list_costs_the_same_for_5_and_25_rows(client, accounts, watchlist):
    from tests.test_api_queries import assert_page_cost_is_flat

    appeal = appeal_in(accounts, S.LODGED)
    for i in range(30):
        appeal.pk = None
        appeal.reference = f"BZ-TEST-{i:05d}"
        appeal.status = S.WITHDRAWN
        appeal.save()
    client.force_login(accounts["officer"])
    assert_page_cost_is_flat(client, "/api/v1/licensing/appeals")
    client.force_login(accounts["applicant2"])
    assert client.get("/api/v1/licensing/appeals").json()["items"] == []


def test_a_refused_appeal_form_keeps_the_grounds_typed(client, accounts, watchlist):
    from django.conf import settings

    app = refused(accounts)
    client.force_login(accounts["applicant"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    grounds = "The end user is <the army>, see the contract. " * 250  # over 10000 characters
    r = client.post(f"/portal/applications/{app.pk}/act/appeal/", {"grounds": grounds})
    assert r.status_code == 422
    html = r.content.decode()
    assert "At most 10000 characters." in html
    form = html.split('id="h-appeal"')[1].split("</form>")[0]
    assert "The end user is &lt;the army&gt;, see the contract. " * 250 in form
    assert not Appeal.objects.filter(application=app).exists()
    # the page still works: the same grounds, shortened, are lodged
    r = client.post(f"/portal/applications/{app.pk}/act/appeal/", {"grounds": grounds[:9000]})
    assert r.status_code == 302 and Appeal.objects.filter(application=app).exists()


def test_a_refused_send_back_shows_the_problem_and_changes_nothing(client, accounts, watchlist):
    from django.conf import settings

    appeal = appeal_in(accounts, S.PROPOSED)
    client.force_login(accounts["senior"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    r = client.post(f"/licensing/appeals/{appeal.pk}/act/send_back/", {"comment": "   "})
    assert r.status_code == 422
    assert Appeal.objects.get(pk=appeal.pk).status == S.PROPOSED
