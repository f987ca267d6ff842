"""PostgreSQL-only tests (marker `postgres_only`) are not collected on SQLite: they are
deselected, counted in the run's last line, and the summary names them as not applicable
(root conftest.py). They are never reported as passed on SQLite."""

from __future__ import annotations

import os


def _on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def pytest_collection_modifyitems(config, items):
    if _on_postgresql():
        return
    keep, drop = [], []
    for item in items:
        (drop if item.get_closest_marker("postgres_only") else keep).append(item)
    if drop:
        items[:] = keep
        config.hook.pytest_deselected(items=drop)
        config.foro_postgres_only = [item.nodeid for item in drop]
