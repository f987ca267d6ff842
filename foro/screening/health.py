"""Readiness of screening (registered with core.health in apps.py): this process holds
the index of the current list versions, or is not expected to before its first use."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def index_loaded() -> tuple[bool, dict[str, Any]]:
    from foro.screening import index_cache

    key, versions = index_cache._current_versions()
    state = index_cache._state
    loaded = state is not None
    details: dict[str, Any] = {
        "loaded": loaded,
        "current": bool(loaded and state is not None and state.key == key),
        "lists": len(versions),
    }
    # a process that warms at start is not ready until it has; one that builds on first
    # use (FORO_SCREENING_WARM=0) or has no lists to load is
    ok = loaded or not versions or not settings.SCREENING_WARM_AT_START
    return ok, details
