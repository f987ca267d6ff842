"""The statutory clock stops while an external consultation is open (issue 10, ADR 0008):
several bodies consulted at once stop it once, and the deadline the database sorts the
queue by is the one each case's clock shows."""

from datetime import date, timedelta

import pytest

from foro.licensing import selectors, services
from foro.licensing.clock import clock_for, day_number, deadline_sql
from foro.licensing.models import Application
from foro.licensing.tests.conftest import submitted


@pytest.fixture
def at(time_machine):
    def move(day: date) -> None:
        time_machine.move_to(f"{day.isoformat()} 10:00 +01:00", tick=False)

    return move


def _consult(accounts, app, body, due):
    return services.consultation_start(
        actor=accounts["officer"], application=app, body=body, question="Q?", due_date=due
    )


def _answer(accounts, c):
    services.consultation_answer(
        actor=accounts["officer"], consultation=c, outcome="no_objection", answer="None."
    )


def _sql_deadline(app) -> int:
    return Application.objects.annotate(d=deadline_sql()).get(pk=app.pk).d


def test_overlapping_consultations_stop_the_clock_once(accounts, watchlist, at):
    start = date(2026, 10, 1)
    at(start)
    app = submitted(accounts)
    services.application_start_assessment(actor=accounts["officer"], application=app)
    at(start + timedelta(days=5))
    first = _consult(accounts, app, "defence", start + timedelta(days=30))
    at(start + timedelta(days=8))
    second = _consult(accounts, app, "state_security", start + timedelta(days=30))
    at(start + timedelta(days=12))
    _answer(accounts, first)
    # still open: the second consultation; the clock stands still since day 5
    app = Application.objects.get(pk=app.pk)
    clk = clock_for(app)
    assert clk.state == "paused" and clk.paused_days == 7
    assert _sql_deadline(app) == day_number(clk.deadline)
    at(start + timedelta(days=15))
    _answer(accounts, second)
    services.consultation_close(actor=accounts["officer"], application=app)
    at(start + timedelta(days=20))
    app = Application.objects.get(pk=app.pk)
    clk = clock_for(app)
    # open from day 5 to day 15: ten days, not 7 + 7
    assert clk.paused_days == 10 and clk.running
    assert clk.deadline == start + timedelta(days=42 + 10)
    assert _sql_deadline(app) == day_number(clk.deadline)


def test_consultations_one_after_the_other_and_a_request_add_up(accounts, watchlist, at):
    start = date(2026, 10, 1)
    at(start)
    app = submitted(accounts)
    services.application_start_assessment(actor=accounts["officer"], application=app)
    at(start + timedelta(days=2))
    services.information_request(actor=accounts["officer"], application=app, question="Q?")
    at(start + timedelta(days=6))
    services.information_answer(actor=accounts["applicant"], application=app, answer="A.")
    at(start + timedelta(days=7))
    c = _consult(accounts, app, "defence", start + timedelta(days=30))
    at(start + timedelta(days=10))
    _answer(accounts, c)
    services.consultation_close(actor=accounts["officer"], application=app)
    at(start + timedelta(days=11))
    c = _consult(accounts, app, "fps_foreign_affairs", start + timedelta(days=30))
    at(start + timedelta(days=13))
    app = Application.objects.get(pk=app.pk)
    clk = clock_for(app)
    assert clk.paused_days == 4 + 3 + 2  # request, first consultation, the open one so far
    assert _sql_deadline(app) == day_number(clk.deadline)


def test_the_queue_sorted_by_days_left_counts_the_consultation(accounts, watchlist, at):
    start = date(2026, 10, 1)
    at(start)
    consulted = submitted(accounts)
    services.application_start_assessment(actor=accounts["officer"], application=consulted)
    _consult(accounts, consulted, "defence", start + timedelta(days=40))
    at(start + timedelta(days=3))
    later = submitted(accounts)
    at(start + timedelta(days=20))
    # submitted first, but its clock stood still for 20 days: the later case is due first
    order = list(
        selectors.queue(accounts["officer"], selectors.QueueFilters(sort="days_left"))
        .filter(pk__in=[consulted.pk, later.pk])
        .values_list("pk", flat=True)
    )
    assert order == [later.pk, consulted.pk]
    assert clock_for(Application.objects.get(pk=consulted.pk)).deadline == start + timedelta(
        days=62
    )
