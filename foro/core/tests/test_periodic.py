from datetime import date, timedelta

from foro.core import periodic
from foro.core.models import PeriodicRun


def test_a_daily_job_is_queued_once_a_day_whatever_the_number_of_workers(db, monkeypatch):
    calls = []

    class FakeTask:
        @staticmethod
        def enqueue():
            calls.append(1)

    monkeypatch.setattr(periodic, "DAILY", {"test.job": "foro.core.tests.test_periodic.FAKE"})
    monkeypatch.setattr("foro.core.tests.test_periodic.FAKE", FakeTask, raising=False)
    day = date(2026, 11, 29)
    assert periodic.enqueue_due(day) == ["test.job"]
    assert periodic.enqueue_due(day) == []  # the second worker
    assert len(calls) == 1
    assert periodic.enqueue_due(day + timedelta(days=1)) == ["test.job"]
    assert PeriodicRun.objects.filter(job="test.job").count() == 2


def test_licensing_registers_the_daily_expiry():
    assert periodic.DAILY["licences.expire"] == "foro.licensing.tasks.expire_licences"
