"""A worker whose database connection broke mid-task (a PostgreSQL restart) queues its own
RUNNING task again when it polls again: its lease lived on, so no other worker would
(benchmarks/faults.py pg-restart shows the worker surviving a real restart)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from foro.core import taskqueue
from foro.core.models import AuditEvent, WorkerLease
from tests.hardening.queue_rows import task_row


def _running(worker_ids: list[str]) -> DBTaskResult:
    return task_row(
        TaskResultStatus.RUNNING,
        args=["/nowhere"],
        worker_ids=worker_ids,
        started_ago=timedelta(seconds=5),
    )


@pytest.mark.django_db
def test_a_worker_queues_again_only_its_own_task_cut_short():
    now = timezone.now()
    for worker in ("me", "other"):
        WorkerLease.objects.create(worker_id=worker, started_at=now, heartbeat_at=now)
    mine = _running(["me"])
    theirs = _running(["other"])
    earlier_mine = _running(["me", "other"])  # now the other worker's

    assert taskqueue.stuck_tasks() == []  # both leases are alive: nobody else would
    outcome = taskqueue.recover_own("me")
    assert outcome.requeued == [str(mine.pk)] and outcome.failed == []
    status = {t.pk: t.status for t in DBTaskResult.objects.all()}
    assert status[mine.pk] == TaskResultStatus.READY
    assert status[theirs.pk] == status[earlier_mine.pk] == TaskResultStatus.RUNNING
    event = AuditEvent.objects.get(verb="task.recovered")
    assert event.target_id == str(mine.pk) and event.payload["worker"] == "me"
    assert taskqueue.recover_own("me").requeued == []  # nothing left the second time
