"""gunicorn settings of `foro serve` (passed with ``-c python:foro.gunicorn_conf``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def post_worker_init(worker: Any) -> None:
    """Each worker builds the screening index as it starts, in the background: the first
    screening of a new server process then answers at once instead of after seconds."""
    from django.conf import settings

    if settings.SCREENING_WARM_AT_START:
        from foro.screening.index_cache import warm_in_background

        warm_in_background()


def on_starting(server: Any) -> None:
    """Metrics of several workers (prometheus_client's multiprocess mode, see
    foro/core/metrics.py): the shared folder starts empty, so figures of a previous run of
    the server are not added to this one's."""
    from django.conf import settings

    folder = settings.PROMETHEUS_MULTIPROC_DIR
    if folder:
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        for stale in path.glob("*.db"):
            stale.unlink()


def child_exit(server: Any, worker: Any) -> None:
    """A stopped worker's live figures (gauges) leave the sum; its counters stay."""
    from django.conf import settings

    if settings.PROMETHEUS_MULTIPROC_DIR:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
