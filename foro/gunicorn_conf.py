"""gunicorn settings of `foro serve` (passed with ``-c python:foro.gunicorn_conf``)."""

from __future__ import annotations

from typing import Any


def post_worker_init(worker: Any) -> None:
    """Each worker builds the screening index as it starts, in the background: the first
    screening of a new server process then answers at once instead of after seconds."""
    from django.conf import settings

    if settings.SCREENING_WARM_AT_START:
        from foro.screening.index_cache import warm_in_background

        warm_in_background()
