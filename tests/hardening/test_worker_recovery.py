"""A task whose worker is killed (SIGKILL) mid-task is picked up again and completes once
(issue 16: it stayed RUNNING for ever). Real `foro worker` processes on the test database
(the SQLite file, or PostgreSQL with DATABASE_URL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from foro.core import taskqueue
from foro.core.models import AuditEvent, PeriodicRun, WorkerLease
from foro.core.periodic import DAILY
from tests.hardening.queue_rows import task_row

ROOT = Path(__file__).resolve().parents[2]
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    user = s["USER"] or "root"
    auth = f"{user}:{s['PASSWORD']}" if s["PASSWORD"] else user
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _worker(tmp_path: Path, name: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORO_")}
    env.update(
        DATABASE_URL=_database_url(),
        FORO_SECRET_KEY="test-worker-secret-0123456789-abcdefghijklmnop",
        FORO_WORKER_HEARTBEAT_SECONDS="1",
        FORO_WORKER_LEASE_SECONDS="3",
        FORO_MEDIA_ROOT=str(tmp_path / "media"),
        PYTHONPATH=str(ROOT),
    )
    log = (tmp_path / f"{name}.log").open("w")
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _wait(condition, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def _lines(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


@pytest.mark.django_db(transaction=True)
def test_a_task_whose_worker_is_killed_runs_again_and_completes_once(settings, tmp_path, reference):
    settings.TASKS = DB_TASKS
    for day in (timezone.localdate(), timezone.localdate() + timedelta(days=1)):
        for job in DAILY:  # the daily jobs are not what this test runs
            PeriodicRun.objects.get_or_create(job=job, day=day)
    from tests.hardening.tasks import probe

    result = probe.enqueue(str(tmp_path))
    first = _worker(tmp_path, "first")
    second = None
    try:
        _wait(lambda: len(_lines(tmp_path / "started")) == 1, "the first run to start")
        row = DBTaskResult.objects.get(pk=result.id)
        assert row.status == TaskResultStatus.RUNNING
        killed_worker = row.worker_ids[-1]
        assert WorkerLease.objects.filter(worker_id=killed_worker).exists()

        os.killpg(first.pid, signal.SIGKILL)  # the worker and anything it started
        first.wait(timeout=10)
        assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING

        second = _worker(tmp_path, "second")
        (tmp_path / "go").touch()
        _wait(
            lambda: DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL,
            "the task to complete under the second worker",
            timeout=90,
        )
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=20)

    row = DBTaskResult.objects.get(pk=result.id)
    assert len(_lines(tmp_path / "started")) == 2  # the killed run and the recovered one
    assert len(_lines(tmp_path / "done")) == 1  # completed once
    assert row.worker_ids[0] == killed_worker and len(row.worker_ids) == 2
    event = AuditEvent.objects.get(verb="task.recovered", target_id=str(result.id))
    assert event.payload["worker"] == killed_worker and event.payload["outcome"] == "queued"
    # the second worker let go of its lease at SIGTERM; the killed one's is left to expire
    assert list(WorkerLease.objects.values_list("worker_id", flat=True)) == [killed_worker]
    call_command("audit_verify")


def _running(worker_ids: list[str], started_ago: int) -> DBTaskResult:
    return task_row(
        TaskResultStatus.RUNNING,
        args=["/nowhere"],
        worker_ids=worker_ids,
        started_ago=timedelta(seconds=started_ago),
    )


@pytest.mark.django_db
def test_recovery_leaves_live_workers_alone_and_fails_a_task_that_kills_every_worker(settings):
    settings.FORO_WORKER_LEASE_SECONDS = 60
    now = timezone.now()
    WorkerLease.objects.create(worker_id="alive", started_at=now, heartbeat_at=now)
    WorkerLease.objects.create(
        worker_id="dead", started_at=now, heartbeat_at=now - timedelta(seconds=61)
    )
    healthy = _running(["alive"], started_ago=3600)
    orphan = _running(["dead"], started_ago=5)
    leaseless = _running(["gone"], started_ago=120)
    young = _running(["starting"], started_ago=5)
    poison = _running(["a", "b", "dead"], started_ago=120)

    assert {t.pk for t in taskqueue.stuck_tasks()} == {orphan.pk, leaseless.pk, poison.pk}
    outcome = taskqueue.recover_stuck()
    assert set(outcome.requeued) == {str(orphan.pk), str(leaseless.pk)}
    assert outcome.failed == [str(poison.pk)]
    statuses = {t.pk: t.status for t in DBTaskResult.objects.all()}
    assert statuses[healthy.pk] == statuses[young.pk] == TaskResultStatus.RUNNING
    assert statuses[orphan.pk] == statuses[leaseless.pk] == TaskResultStatus.READY
    assert statuses[poison.pk] == TaskResultStatus.FAILED
    assert DBTaskResult.objects.get(pk=poison.pk).exception_class_path.endswith("WorkerLost")
    assert AuditEvent.objects.filter(verb="task.recovered").count() == 3
    # a second recovery (another worker at the same moment) finds nothing left to do
    again = taskqueue.recover_stuck()
    assert again.requeued == [] and again.failed == []


@pytest.mark.django_db
def test_tasks_status_shows_stuck_and_failed_tasks(capsys, settings):
    settings.FORO_WORKER_LEASE_SECONDS = 60
    _running(["gone"], started_ago=600)
    failed = _running(["x"], started_ago=600)
    DBTaskResult.objects.filter(pk=failed.pk).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now(), exception_class_path="KeyError"
    )
    with pytest.raises(SystemExit) as exit_:
        call_command("tasks_status")
    assert exit_.value.code == 1
    out = capsys.readouterr().out
    assert "stuck: 1" in out and "tests.hardening.tasks.probe" in out and "KeyError" in out
    call_command("tasks_recover")
    call_command("tasks_status")  # nothing stuck: exit status 0
    assert "stuck: 0" in capsys.readouterr().out
