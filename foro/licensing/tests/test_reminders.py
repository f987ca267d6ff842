"""Reminders before a case's deadline and before a request for information lapses (issue
10): the daily task sends each once, by e-mail, and the queue page shows the recent ones."""

from datetime import date, timedelta

import pytest
from django.core import mail

from foro.core.models import AuditEvent
from foro.licensing import services
from foro.licensing.models import Reminder
from foro.licensing.reminders import reminders_send, send_reminders
from foro.licensing.tests.conftest import assessed, submitted


@pytest.fixture
def at(time_machine):
    def move(day: date) -> None:
        time_machine.move_to(f"{day.isoformat()} 10:00 +01:00", tick=False)

    return move


def test_a_deadline_reminder_is_sent_once_to_the_officer(accounts, watchlist, at):
    start = date(2026, 9, 1)
    at(start)
    app = assessed(accounts)  # assigned to the officer who started the assessment
    far = submitted(accounts)
    at(start + timedelta(days=34))  # the deadline (day 42) is 8 days away: not yet
    assert reminders_send() == {"deadline": 0, "information": 0}
    at(start + timedelta(days=35))
    mail.outbox.clear()
    assert reminders_send()["deadline"] == 2  # the unassigned case goes to every officer
    to_officer = [m for m in mail.outbox if app.reference in m.subject]
    assert [m.to for m in to_officer] == [[accounts["officer"].email]]
    reminder = Reminder.objects.get(application=app)
    assert reminder.due == start + timedelta(days=42) and reminder.recipients == ["officer"]
    assert Reminder.objects.filter(application=far).exists()
    assert AuditEvent.objects.filter(verb="application.reminder_sent").count() == 2
    mail.outbox.clear()
    at(start + timedelta(days=36))
    assert reminders_send()["deadline"] == 0 and not mail.outbox  # once each


def test_a_paused_case_gets_no_deadline_reminder(accounts, watchlist, at):
    start = date(2026, 9, 1)
    at(start)
    app = assessed(accounts)
    services.information_request(actor=accounts["officer"], application=app, question="Q?")
    at(start + timedelta(days=40))
    assert reminders_send()["deadline"] == 0


def test_an_information_request_about_to_lapse_reminds_the_applicant_once(accounts, watchlist, at):
    start = date(2026, 9, 1)
    at(start)
    app = assessed(accounts)
    services.information_request(
        actor=accounts["officer"],
        application=app,
        question="The signed certificate?",
        due_date=start + timedelta(days=14),
    )
    at(start + timedelta(days=10))
    assert reminders_send()["information"] == 0
    at(start + timedelta(days=11))
    mail.outbox.clear()
    assert reminders_send()["information"] == 1
    recipients = {address for m in mail.outbox for address in m.to}
    assert accounts["applicant"].email in recipients and accounts["officer"].email in recipients
    assert accounts["applicant2"].email not in recipients  # another organisation
    at(start + timedelta(days=12))
    assert reminders_send()["information"] == 0


def test_the_daily_task_runs_it_and_the_queue_shows_it(client, accounts, watchlist, at):
    start = date(2026, 9, 1)
    at(start)
    app = assessed(accounts)
    at(start + timedelta(days=36))
    send_reminders.enqueue()  # the immediate backend in tests
    assert Reminder.objects.filter(application=app, kind="deadline").exists()
    client.force_login(accounts["officer"])
    assert app.reference in client.get("/licensing/").content.decode().split("queue-filters")[0]
    client.force_login(accounts["officer2"])  # not their case
    assert app.reference not in client.get("/licensing/").content.decode().split("queue-filters")[0]
