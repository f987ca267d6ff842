"""Prometheus metrics at ``/metrics``: request latency by route, the task queue, and what
modules add (screening adds its search latency, see ``foro/screening/metrics.py``).

Who may read it: a caller on this machine (loopback, not through a proxy), or one that
sends ``Authorization: Bearer <FORO_METRICS_TOKEN>`` when that setting is set. Anyone else
gets a 404, as if there were no such page: the figures say how busy the department is.

Labels stay few: the route is the URL pattern that answered (its name, or the pattern
itself for the API: ``api-v1:get_country``), never the raw path,
so a scan of random URLs adds one series (``<unmatched>``), not one per URL.

With several gunicorn workers, set ``PROMETHEUS_MULTIPROC_DIR`` to an empty folder that
the workers share (emptied at each start): every worker then writes its figures there and
a scrape of any one of them sums them all (prometheus_client's multiprocess mode; the
gunicorn configuration marks a stopped worker dead). The task-queue figures are read from
the database at scrape time, so they are the same whichever process answers.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

#: seconds; the default buckets of prometheus_client stop at 10 s and start at 5 ms
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

REQUEST_LATENCY = Histogram(
    "foro_http_request_duration_seconds",
    "Time to answer a request, by the URL pattern that answered it.",
    ["route", "method", "status"],
    buckets=LATENCY_BUCKETS,
)

TASK_FAILURES = Counter(
    "foro_task_failures",
    "Background tasks that ended FAILED in a worker of this machine, by task.",
    ["task"],
)

access_log = logging.getLogger("foro.access")

UNMATCHED = "<unmatched>"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def route_of(request: HttpRequest) -> str:
    """The URL pattern's name (``licensing:application-detail``), or for a nameless one
    (the API's) the pattern itself; ``<unmatched>`` when no pattern answered."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return UNMATCHED
    return match.view_name if match.url_name else (match.route or UNMATCHED)


class MetricsMiddleware:
    """Times every request that gets past the static files, and writes one access-log
    line for it (logger ``foro.access``: method, path, route, status, milliseconds; the request
    id comes with every log line, see foro/core/logs.py). It runs right after the request
    id is set, so the line carries it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        method = request.method if request.method in _METHODS else "other"
        route = route_of(request)
        REQUEST_LATENCY.labels(route, method, str(response.status_code)).observe(elapsed)
        access_log.info(
            "%s %s %s %.1f ms",
            method,
            request.path,
            response.status_code,
            elapsed * 1000,
            extra={
                "method": method,
                "path": request.path,
                "route": route,
                "status": response.status_code,
                "duration_ms": round(elapsed * 1000, 1),
                "request_id": getattr(request, "request_id", None),
            },
        )
        return response


# ---------------------------------------------------------------- the task queue


class TaskQueueCollector(Collector):
    """The database task queue, read at scrape time (django-tasks-db rows and the worker
    leases of ``foro.core.taskqueue``)."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from django_tasks import TaskResultStatus

        from foro.core.taskqueue import queue_status

        status = queue_status(failed_limit=0)
        tasks = GaugeMetricFamily(
            "foro_tasks", "Background tasks in the database queue, by status.", labels=["status"]
        )
        for name in TaskResultStatus:
            tasks.add_metric([str(name.value)], status.counts.get(name.value, 0))
        yield tasks
        yield GaugeMetricFamily(
            "foro_tasks_ready",
            "Tasks waiting for a worker (queue depth).",
            value=status.counts.get(TaskResultStatus.READY.value, 0),
        )
        yield GaugeMetricFamily(
            "foro_tasks_oldest_ready_age_seconds",
            "How long the oldest waiting task has waited (0 when none waits).",
            value=status.oldest_ready_age or 0.0,
        )
        yield GaugeMetricFamily(
            "foro_tasks_failed",
            "Tasks that ended FAILED and are still kept in the queue's table.",
            value=status.counts.get(TaskResultStatus.FAILED.value, 0),
        )
        yield GaugeMetricFamily(
            "foro_tasks_stuck",
            "RUNNING tasks whose worker stopped answering (recovered at the next heartbeat).",
            value=len(status.stuck),
        )
        yield GaugeMetricFamily(
            "foro_task_workers_alive",
            "Workers whose lease is current.",
            value=sum(1 for w in status.workers if w.alive),
        )


def count_task_failure(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """task_finished: one more failure of that task."""
    from django_tasks import TaskResultStatus

    if task_result.status == TaskResultStatus.FAILED:
        TASK_FAILURES.labels(task_result.task.module_path).inc()


# ---------------------------------------------------------------- the page


def exposition() -> bytes:
    """The text the scraper reads: this process's figures (or all workers' in multiprocess
    mode), then the task queue's."""
    if settings.PROMETHEUS_MULTIPROC_DIR:
        from prometheus_client import multiprocess

        processes = CollectorRegistry()
        multiprocess.MultiProcessCollector(processes, path=settings.PROMETHEUS_MULTIPROC_DIR)
        own = generate_latest(processes)
    else:
        own = generate_latest(REGISTRY)
    queue = CollectorRegistry()
    queue.register(TaskQueueCollector())
    return own + generate_latest(queue)


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def may_read(request: HttpRequest) -> bool:
    """The metrics token, or a caller on this machine. A request that came through a
    proxy on this machine (X-Forwarded-For without FORO_PROXY_COUNT) is not local: its
    REMOTE_ADDR is the proxy's."""
    from foro.core.lockout import client_ip

    token = settings.FORO_METRICS_TOKEN
    sent = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return True
    proxied = "HTTP_X_FORWARDED_FOR" in request.META or "HTTP_FORWARDED" in request.META
    if proxied and settings.FORO_PROXY_COUNT == 0:
        return False
    return _is_loopback(client_ip(request))


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not may_read(request):
        return HttpResponseNotFound()
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
