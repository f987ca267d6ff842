"""Post reports: who may read them (the clearance rule, everywhere it shows) and their life
(the transition table: every allowed move works for its party, every other move is refused)."""

from __future__ import annotations

import pytest
from django.test import Client

from foro.core.errors import NotFound, PermissionDenied, TransitionNotAllowed, ValidationFailed
from foro.core.models import AuditEvent
from foro.core.search import search
from foro.network import selectors, services, workflow
from foro.network.models import PostReport
from foro.network.tests.conftest import make_report, other_post_user, submitted_report

ROLES = ("applicant", "officer", "senior", "policy", "devcoop", "post", "management", "admin")
#: who reads a submitted restricted report of FL-IT whose named reader is `policy`
CLEARED = {"post", "policy", "management"}
TITLE = "Restricted cable on the coalition"


def _ids(user) -> set[int]:
    return set(selectors.reports_visible_to(user).values_list("pk", flat=True))


@pytest.mark.parametrize("role", ROLES)
def test_a_restricted_report_is_read_only_with_clearance(accounts, restricted, role):
    assert (restricted.pk in _ids(accounts[role])) == (role in CLEARED)


def test_staff_of_another_post_cannot_read_a_restricted_report(accounts, restricted):
    assert restricted.pk not in _ids(other_post_user())


@pytest.mark.parametrize("classification", ["public", "internal"])
@pytest.mark.parametrize("role", ROLES)
def test_public_and_internal_reports_are_read_by_every_internal_role(
    accounts, role, classification
):
    report = submitted_report(accounts, classification)
    assert (report.pk in _ids(accounts[role])) == (role != "applicant")


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_is_read_only_by_its_post(accounts, role):
    draft = make_report(accounts["post"], "public")
    assert (draft.pk in _ids(accounts[role])) == (role == "post")
    assert draft.pk not in _ids(other_post_user())


@pytest.mark.parametrize("role", ROLES)
def test_the_restricted_report_never_leaks_into_search_or_its_counts(accounts, restricted, role):
    groups = {g.key: g for g in search(accounts[role], "coalition")}
    group = groups.get("post-reports")
    if role in CLEARED:
        assert group is not None and group.total == 1 and group.hits[0].title == TITLE
    else:
        assert group is None


@pytest.mark.parametrize("role", [r for r in ROLES if r != "applicant"])
def test_the_country_page_shows_the_restricted_report_only_with_clearance(
    accounts, restricted, role
):
    client = Client()
    client.force_login(accounts[role])
    html = client.get("/countries/IT/").content.decode()
    assert 'id="h-country-reports"' in html
    assert (TITLE in html) == (role in CLEARED)


@pytest.mark.parametrize("role", [r for r in ROLES if r != "applicant"])
def test_the_api_lists_and_serves_the_restricted_report_only_with_clearance(
    accounts, restricted, role
):
    client = Client()
    client.force_login(accounts[role])
    body = client.get("/api/v1/network/reports?pageSize=200").json()
    titles = [r["title"] for r in body["items"]]
    assert (TITLE in titles) == (role in CLEARED)
    assert body["count"] == len(titles)
    one = client.get(f"/api/v1/network/reports/{restricted.pk}")
    assert one.status_code == (200 if role in CLEARED else 404)


@pytest.mark.parametrize("role", [r for r in ROLES if r != "applicant"])
def test_the_report_pages_refuse_without_clearance(accounts, restricted, role):
    client = Client()
    client.force_login(accounts[role])
    assert (TITLE in client.get("/network/reports/").content.decode()) == (role in CLEARED)
    assert client.get(f"/network/reports/{restricted.pk}/").status_code == (
        200 if role in CLEARED else 404
    )
    assert (TITLE in client.get("/network/representations/FL-IT/").content.decode()) == (
        role in CLEARED
    )


def test_the_objective_page_counts_the_restricted_report_only_with_clearance(accounts, restricted):
    year = restricted.submitted_at.year
    for role in ("officer", "management"):
        client = Client()
        client.force_login(accounts[role])
        html = client.get(f"/relations/objectives/1/?year={year}").content.decode()
        assert (TITLE in html) == (role in CLEARED)
        xlsx = client.get(f"/relations/objectives/1/report.xlsx?year={year}")
        assert xlsx.status_code == 200
        from io import BytesIO

        from openpyxl import load_workbook

        cells = [
            str(c.value)
            for ws in load_workbook(BytesIO(xlsx.content)).worksheets
            for row in ws.iter_rows()
            for c in row
        ]
        assert (TITLE in cells) == (role in CLEARED)


def test_applicants_get_nothing_from_the_network(accounts, restricted):
    client = Client()
    client.force_login(accounts["applicant"])
    assert client.get("/network/reports/").status_code == 403
    assert client.get("/api/v1/network/reports").status_code == 403
    assert client.get("/api/v1/network/missions").status_code == 403


# ---------------------------------------------------------------- the transition table


def _at_state(accounts, state: str) -> PostReport:
    report = make_report(accounts["post"], "internal")
    if state in ("submitted", "read", "archived"):
        services.report_transition(actor=accounts["post"], report=report, action="submit")
    if state in ("read", "archived"):
        services.report_transition(actor=accounts["policy"], report=report, action="mark_read")
    if state == "archived":
        services.report_transition(actor=accounts["post"], report=report, action="archive")
    report.refresh_from_db()
    assert report.state == state
    return report


#: a user per party: the author (post), a named reader (policy), management
PARTY_USERS = {
    "author": "post",
    "named_reader": "policy",
    "management": "management",
    "none": "officer",
}


def _allowed(transition: workflow.Transition, who: str, state: str) -> bool:
    parties = {
        "author": {"author", "post_staff"},
        "named_reader": {"named_reader"},
        "management": {"management"},
        "none": set(),
    }[who]
    return state in transition.sources and bool(transition.parties & parties)


CASES = [
    (t.action, who, state)
    for t in workflow.REPORT_TRANSITIONS
    for who in PARTY_USERS
    for state in PostReport.State.values
]


@pytest.mark.parametrize(("action", "who", "state"), CASES)
def test_every_move_of_the_table(accounts, action, who, state):
    report = _at_state(accounts, state)
    user = accounts[PARTY_USERS[who]]
    transition = workflow.ACTIONS[action]
    events = AuditEvent.objects.filter(verb="report.transitioned").count()
    already_read = action == "mark_read" and state == "read"  # the setup's reader read it
    if _allowed(transition, who, state) and not already_read:
        services.report_transition(actor=user, report=report, action=action)
        report.refresh_from_db()
        assert report.state == transition.target
        assert AuditEvent.objects.filter(verb="report.transitioned").count() == events + 1
    else:
        with pytest.raises((PermissionDenied, TransitionNotAllowed, NotFound)):
            services.report_transition(actor=user, report=report, action=action)
        report.refresh_from_db()
        assert report.state == state
        assert AuditEvent.objects.filter(verb="report.transitioned").count() == events


def test_submitting_needs_a_named_reader(accounts):
    report = make_report(accounts["post"], "internal", readers=())
    with pytest.raises(TransitionNotAllowed):
        services.report_transition(actor=accounts["post"], report=report, action="submit")


def test_a_read_report_cannot_be_recalled(accounts):
    report = submitted_report(accounts, "internal", readers=("policy", "management"))
    services.report_transition(actor=accounts["policy"], report=report, action="mark_read")
    report.refresh_from_db()
    with pytest.raises(TransitionNotAllowed):
        services.report_transition(actor=accounts["post"], report=report, action="recall")
    # a second named reader still marks it read, once
    services.report_transition(actor=accounts["management"], report=report, action="mark_read")
    with pytest.raises(TransitionNotAllowed):
        services.report_transition(actor=accounts["management"], report=report, action="mark_read")
    assert report.readings.count() == 2


def test_named_readers_comment_others_cannot(accounts):
    report = submitted_report(accounts, "internal")
    services.report_comment(actor=accounts["policy"], report=report, text="Useful, thanks.")
    with pytest.raises(PermissionDenied):
        services.report_comment(actor=accounts["officer"], report=report, text="Me too")
    with pytest.raises(ValidationFailed):
        services.report_comment(actor=accounts["policy"], report=report, text="  ")
    draft = make_report(accounts["post"], "internal")
    with pytest.raises((TransitionNotAllowed, NotFound)):
        services.report_comment(actor=accounts["policy"], report=draft, text="Too early")
    assert report.comments.count() == 1


def test_only_staff_of_a_post_write_reports(accounts):
    for role in ("policy", "management", "officer", "admin", "applicant"):
        with pytest.raises(PermissionDenied):
            make_report(accounts[role], "internal")


def test_a_report_attachment_is_stored_for_a_draft_only(accounts):
    report = make_report(accounts["post"], "restricted")
    services.report_attach(
        actor=accounts["post"], report=report, name="note.txt", content=b"Notes\n"
    )
    assert report.attachments.count() == 1
    services.report_transition(actor=accounts["post"], report=report, action="submit")
    report.refresh_from_db()
    with pytest.raises(TransitionNotAllowed):
        services.report_attach(actor=accounts["post"], report=report, name="b.txt", content=b"x\n")
    client = Client()
    client.force_login(accounts["officer"])
    attachment = report.attachments.get()
    url = f"/network/reports/{report.pk}/attachments/{attachment.pk}/"
    assert client.get(url).status_code == 404
    client.force_login(accounts["policy"])
    assert client.get(url).status_code == 200


def test_readers_are_named_on_a_draft_then_it_can_be_submitted(accounts):
    report = make_report(accounts["post"], "internal", readers=())
    with pytest.raises(PermissionDenied):
        services.report_set_readers(actor=accounts["policy"], report=report, readers=["policy"])
    services.report_set_readers(actor=accounts["post"], report=report, readers=["policy"])
    services.report_transition(actor=accounts["post"], report=report, action="submit")
    with pytest.raises(TransitionNotAllowed):
        services.report_set_readers(actor=accounts["post"], report=report, readers=["senior"])
    assert AuditEvent.objects.filter(verb="report.readers_named").count() == 1


def test_a_step_refused_by_history_is_not_offered(accounts):
    report = submitted_report(accounts, "internal")
    assert [t.action for t in workflow.allowed_transitions(accounts["policy"], report)] == [
        "mark_read"
    ]
    services.report_transition(actor=accounts["policy"], report=report, action="mark_read")
    assert workflow.allowed_transitions(accounts["policy"], report) == []
    assert [t.action for t in workflow.allowed_transitions(accounts["post"], report)] == ["archive"]
