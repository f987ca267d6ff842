"""Leases for the workers of the database task queue, and recovery of their tasks.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again:
a worker killed mid-task (``kill -9``, a lost machine) left it RUNNING for ever, and a
re-screen after a list change could be lost silently. So every ``foro worker``:

- holds a lease (``WorkerLease``) that a thread renews every ``FORO_WORKER_HEARTBEAT_SECONDS``;
- at start and at every heartbeat, calls ``recover_stuck()``: each RUNNING task whose
  worker's lease is older than ``FORO_WORKER_LEASE_SECONDS`` (or that has no lease and
  started longer ago than that) is queued again (READY), with an audit event
  ``task.recovered``, so another worker runs it. foro's tasks are idempotent (a re-screen,
  warming figures, a report snapshot): running one again after a half run is safe.
- a task that already had ``FORO_TASK_MAX_ATTEMPTS`` workers die under it is marked FAILED
  (``foro.core.taskqueue.WorkerLost``) instead: it is more likely the task that kills them.

The update is conditional (``status=RUNNING`` and the same workers), so when two workers
recover at once, one queues the task and the other finds nothing to do.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

log = logging.getLogger(__name__)


class WorkerLost(Exception):
    """The workers running this task stopped answering (killed or lost) too often."""


def _lease_time() -> timedelta:
    return timedelta(seconds=settings.FORO_WORKER_LEASE_SECONDS)


def lease_take(worker_id: str) -> None:
    from foro.core.models import WorkerLease

    now = timezone.now()
    WorkerLease.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": now,
            "heartbeat_at": now,
        },
    )


def lease_renew(worker_id: str) -> None:
    from foro.core.models import WorkerLease

    if not WorkerLease.objects.filter(worker_id=worker_id).update(heartbeat_at=timezone.now()):
        lease_take(worker_id)


def lease_release(worker_id: str) -> None:
    from foro.core.models import WorkerLease

    WorkerLease.objects.filter(worker_id=worker_id).delete()


def _expired_workers(now: datetime) -> tuple[set[str], set[str]]:
    """(workers whose lease expired, workers whose lease is alive)."""
    from foro.core.models import WorkerLease

    alive: set[str] = set()
    expired: set[str] = set()
    for worker_id, beat in WorkerLease.objects.values_list("worker_id", "heartbeat_at"):
        (alive if beat > now - _lease_time() else expired).add(worker_id)
    return expired, alive


def stuck_tasks(now: datetime | None = None) -> list:
    """RUNNING tasks whose worker stopped answering: its lease expired, or it has none
    (a worker takes its lease before it claims a task) and the task started longer ago
    than the lease time."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    expired, alive = _expired_workers(now)
    stuck = []
    for result in DBTaskResult.objects.running().order_by("started_at"):
        worker = result.worker_ids[-1] if result.worker_ids else ""
        if worker in alive:
            continue
        started = result.started_at or result.enqueued_at
        if worker in expired or started < now - _lease_time():
            stuck.append(result)
    return stuck


@dataclass
class Recovery:
    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _recover(result, now: datetime, by: str, outcome: Recovery) -> None:
    """Queue RESULT again (or fail it, past the attempt limit) unless it changed meanwhile."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from foro.core import audit

    worker = result.worker_ids[-1] if result.worker_ids else ""
    give_up = len(result.worker_ids) >= settings.FORO_TASK_MAX_ATTEMPTS
    with transaction.atomic():
        still = DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.RUNNING, worker_ids=result.worker_ids
        )
        if give_up:
            changed = still.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="foro.core.taskqueue.WorkerLost",
                traceback=(
                    f"WorkerLost: {len(result.worker_ids)} workers stopped answering "
                    f"while running this task (last: {worker})"
                ),
            )
        else:
            changed = still.update(status=TaskResultStatus.READY, started_at=None)
        if not changed:
            return  # another worker recovered it first, or it finished after all
        audit.record(
            actor=by,
            verb="task.recovered",
            target_type="task",
            target_id=str(result.pk),
            target_label=result.task_path,
            payload={
                "task": result.task_path,
                "worker": worker,
                "attempts": len(result.worker_ids),
                "outcome": "failed" if give_up else "queued",
            },
        )
    (outcome.failed if give_up else outcome.requeued).append(str(result.pk))
    log.warning(
        "task %s (%s) of lost worker %s %s",
        result.pk,
        result.task_path,
        worker,
        "failed: too many attempts" if give_up else "queued again",
    )


def recover_stuck(*, by: str = "system") -> Recovery:
    """Queue again (or fail, past the attempt limit) every task whose worker is gone; drop
    leases that expired long ago. Safe to call from every worker at once."""
    from foro.core.models import WorkerLease

    now = timezone.now()
    outcome = Recovery()
    for result in stuck_tasks(now):
        _recover(result, now, by, outcome)
    # a lease is only kept while a task could still point at it
    WorkerLease.objects.filter(heartbeat_at__lt=now - 10 * _lease_time()).delete()
    return outcome


def recover_own(worker_id: str) -> Recovery:
    """Queue again the tasks WORKER_ID left RUNNING when its database connection broke
    mid-task (a PostgreSQL restart): its lease lives on, so no other worker would."""
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    outcome = Recovery()
    for result in DBTaskResult.objects.running():
        if result.worker_ids and result.worker_ids[-1] == worker_id:
            _recover(result, now, "system", outcome)
    return outcome


class Heartbeat(threading.Thread):
    """Renews the worker's lease and recovers other workers' tasks, until ``stop``."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name="foro-worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stop = threading.Event()

    def run(self) -> None:
        every = settings.FORO_WORKER_HEARTBEAT_SECONDS
        while not self.stop.wait(every):
            try:
                close_old_connections()
                lease_renew(self.worker_id)
                recover_stuck()
            except Exception:  # a database restart: try again at the next beat
                log.exception("worker heartbeat failed")
            finally:
                close_old_connections()


# ---------------------------------------------------------------- status


@dataclass
class QueueStatus:
    counts: dict[str, int]
    oldest_ready_age: float | None
    stuck: list
    failed: list
    workers: list


def queue_status(failed_limit: int = 20) -> QueueStatus:
    from django.db.models import Count, Min
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from foro.core.models import WorkerLease

    now = timezone.now()
    counts = {
        row["status"]: row["n"]
        for row in DBTaskResult.objects.values("status").annotate(n=Count("id"))
    }
    oldest = DBTaskResult.objects.ready().aggregate(m=Min("enqueued_at"))["m"]
    failed = list(
        DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).order_by("-finished_at")[
            :failed_limit
        ]
    )
    workers = list(WorkerLease.objects.order_by("-heartbeat_at"))
    for w in workers:
        w.alive = w.heartbeat_at > now - _lease_time()  # type: ignore[attr-defined]
    return QueueStatus(
        counts=counts,
        oldest_ready_age=(now - oldest).total_seconds() if oldest else None,
        stuck=stuck_tasks(now),
        failed=failed,
        workers=workers,
    )
