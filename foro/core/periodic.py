"""Daily background jobs without a separate scheduler.

A module registers a task to run once a day (``register_daily``). Every ``foro worker``
calls ``enqueue_due()`` every few minutes; the first worker to insert the (job, day) row
enqueues the task, the unique constraint stops the others — so N workers run it once.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

DAILY: dict[str, str] = {}


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
