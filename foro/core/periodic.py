"""Background jobs: queueing with the failure logged, and daily jobs without a scheduler.

A module registers a task to run once a day (``register_daily``). Every ``foro worker``
calls ``enqueue_due()`` every few minutes; the first worker to insert the (job, day) row
enqueues the task, the unique constraint stops the others — so N workers run it once.
"""

from __future__ import annotations

import logging
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

DAILY: dict[str, str] = {}


def enqueue_logged(task, *args, what: str):
    """Queue ``task(*args)``. With the immediate backend (tests, a one-process setup) it has
    run already: a failure is logged with ``what`` and its traceback, not raised into the
    caller's transaction. The task must do its database work inside ``transaction.atomic()``
    so that a failure rolls back to its savepoint and the caller's change stands."""
    from django_tasks import TaskResultStatus

    result = task.enqueue(*args)
    if result.status == TaskResultStatus.FAILED:
        log.error("%s failed:\n%s", what, "\n".join(e.traceback for e in result.errors))
    return result


def register_daily(name: str, task_path: str) -> None:
    DAILY[name] = task_path


def enqueue_due(today: date | None = None) -> list[str]:
    from foro.core.models import PeriodicRun

    today = today or timezone.localdate()
    started = []
    for name, path in DAILY.items():
        try:
            with transaction.atomic():
                PeriodicRun.objects.create(job=name, day=today)
                import_string(path).enqueue()
        except IntegrityError:
            continue  # another worker did it today
        started.append(name)
    return started
