"""Liveness and readiness for load balancers and orchestrators (plain JSON, no sign-in).

``/health/live``: the process answers (no database, nothing else): restart it if not.
``/health/ready``: it can serve: the database answers, the task queue is not lagging
beyond ``FORO_READY_MAX_QUEUE_LAG_SECONDS``, and each registered check passes (screening
registers "the index of the current list versions is loaded in this process"). 503
with the failing check named when not: take the server out of the pool.

Modules register checks in their ``apps.py`` (``register_check``): core knows none of them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

#: name -> a function answering (ok, details)
CHECKS: dict[str, Callable[[], tuple[bool, dict[str, Any]]]] = {}


def register_check(name: str, check: Callable[[], tuple[bool, dict[str, Any]]]) -> None:
    CHECKS[name] = check


def _database() -> tuple[bool, dict[str, Any]]:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return True, {
        "vendor": connection.vendor,
        "ms": round((time.perf_counter() - started) * 1000, 1),
    }


def _task_queue() -> tuple[bool, dict[str, Any]]:
    from django.db.models import Min
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    oldest = DBTaskResult.objects.ready().aggregate(m=Min("enqueued_at"))["m"]
    lag = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    waiting = DBTaskResult.objects.ready().count()
    limit = settings.FORO_READY_MAX_QUEUE_LAG_SECONDS
    return (limit <= 0 or lag <= limit), {
        "waiting": waiting,
        "lag_seconds": round(lag, 1),
        "max_lag_seconds": limit,
    }


@never_cache
@require_GET
def live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def ready(request: HttpRequest) -> JsonResponse:
    checks: dict[str, Any] = {}
    healthy = True
    for name, check in [("database", _database), ("task_queue", _task_queue), *CHECKS.items()]:
        try:
            ok, details = check()
        except Exception as exc:  # the check's failure is the answer, not a 500
            ok, details = False, {"error": exc.__class__.__name__}
        checks[name] = {"ok": ok, **details}
        healthy = healthy and ok
        if name == "database" and not ok:
            break  # nothing else can answer without it
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503
    )
