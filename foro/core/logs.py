"""Logging: every record carries the request id (of the page, API call or background
task it belongs to); ``FORO_LOG_FORMAT=json`` writes one JSON object per line for a log
collector, ``plain`` (the default) a line for people.

A task enqueued while a request runs keeps that request's id: it is stored next to the
task (``TaskOrigin``) and set again when a worker starts the task, so the audit events
and log lines of the task name the request that caused it."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from foro.core.context import current_request_id

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # a line written for a request after its id was reset names it itself (access log)
        record.request_id = getattr(record, "request_id", None) or current_request_id() or "-"
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current_request_id() or None,
            "process": record.process,
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = (
                    value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
                )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


# ---------------------------------------------------------------- request id into tasks


def _is_database(sender: Any, backend: type) -> bool:
    """The signals' sender is the backend's class (enqueued) or instance (started)."""
    return isinstance(sender, backend) or (isinstance(sender, type) and issubclass(sender, backend))


def remember_origin(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """task_enqueued: keep the enqueuing request's id for a queued (database) task."""
    from django_tasks_db.backend import DatabaseBackend

    request_id = current_request_id()
    if request_id and _is_database(sender, DatabaseBackend):
        from foro.core.models import TaskOrigin

        TaskOrigin.objects.update_or_create(
            task_id=str(task_result.id), defaults={"request_id": request_id}
        )


def adopt_origin(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """task_started in a worker: run under the enqueuing request's id (or a new one)."""
    from django_tasks_db.backend import DatabaseBackend

    if not _is_database(sender, DatabaseBackend):
        return  # the immediate backend runs inside the request, under its id already
    from foro.core.context import set_request_id
    from foro.core.models import TaskOrigin

    origin = TaskOrigin.objects.filter(task_id=str(task_result.id)).first()
    set_request_id(origin.request_id if origin else None)


def forget_origin(sender: Any, task_result: Any, **kwargs: Any) -> None:
    from foro.core.models import TaskOrigin

    TaskOrigin.objects.filter(task_id=str(task_result.id)).delete()
