"""Reminders at 90, 30 and 7 days before a deadline, each sent once, also with two
workers at the same time."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection

from foro.eulaw.models import Directive, Reminder, TranspositionStatus
from foro.eulaw.services import reminders_send
from foro.eulaw.tests.conftest import make_directive

DUE = date(2027, 3, 31)


@pytest.mark.django_db
def test_each_threshold_once(accounts):
    make_directive(accounts["policy"], deadlines=[DUE])
    assert reminders_send(today=DUE - timedelta(days=91)) == 0
    assert reminders_send(today=DUE - timedelta(days=90)) == 1
    assert reminders_send(today=DUE - timedelta(days=90)) == 0  # the same day again
    assert reminders_send(today=DUE - timedelta(days=60)) == 0
    assert reminders_send(today=DUE - timedelta(days=30)) == 1
    assert reminders_send(today=DUE - timedelta(days=8)) == 0
    assert reminders_send(today=DUE - timedelta(days=7)) == 1
    assert reminders_send(today=DUE) == 0
    assert sorted(Reminder.objects.values_list("threshold", flat=True)) == [7, 30, 90]
    assert len(mail.outbox) == 3
    assert mail.outbox[0].to == [accounts["policy"].email]
    assert "2027" in mail.outbox[0].subject


@pytest.mark.django_db
def test_a_missed_day_sends_only_the_nearest_threshold(accounts):
    make_directive(accounts["policy"], deadlines=[DUE])
    assert reminders_send(today=DUE - timedelta(days=20)) == 1
    assert list(Reminder.objects.values_list("threshold", flat=True)) == [30]


@pytest.mark.django_db
def test_no_reminder_for_a_transposed_or_federal_directive(accounts):
    d = make_directive(accounts["policy"], deadlines=[DUE])
    Directive.objects.filter(pk=d.pk).update(status=TranspositionStatus.NOTIFIED)
    make_directive(accounts["policy"], deadlines=[DUE], competence="not_competent")
    assert reminders_send(today=DUE - timedelta(days=7)) == 0


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_reminder_once(accounts):
    for _ in range(3):
        make_directive(accounts["policy"], deadlines=[DUE])
    today = DUE - timedelta(days=30)
    barrier = threading.Barrier(2)
    results: list[int] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            results.append(reminders_send(today=today))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sum(results) == 3
    assert Reminder.objects.count() == 3
    assert len(mail.outbox) == 3
