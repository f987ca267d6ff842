"""Rows of django-tasks-db's queue written directly, for tests that need a task in a given
state (waiting for an hour, running under a worker that died...) without running one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from django.utils import timezone
from django_tasks_db.models import DBTaskResult


def task_row(
    status: str,
    *,
    task_path: str = "tests.hardening.tasks.probe",
    args: Sequence[object] = (),
    worker_ids: Sequence[str] = (),
    started_ago: timedelta | None = None,
    enqueued_ago: timedelta | None = None,
) -> DBTaskResult:
    now = timezone.now()
    row = DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": list(args), "kwargs": {}},
        task_path=task_path,
        backend_name="default",
        queue_name="default",
        run_after=now,
        started_at=now - started_ago if started_ago is not None else None,
        worker_ids=list(worker_ids),
        exception_class_path="",
        traceback="",
    )
    if enqueued_ago is not None:  # enqueued_at is set on insert: moved back afterwards
        DBTaskResult.objects.filter(pk=row.pk).update(enqueued_at=now - enqueued_ago)
        row.refresh_from_db()
    return row
