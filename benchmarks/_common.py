"""What the country-page and search benchmarks share: Django set-up on the caller's
DATABASE_URL, a refusal to run on a shared database name, one signed-in client per role,
and best-of-N timing."""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foro.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from foro.core.models import User  # noqa: E402
from foro.core.roles import Role  # noqa: E402


def keep_query_log() -> None:
    """Django empties the query log when a request starts; keep it to count a request's
    queries."""
    from django.core.signals import request_started
    from django.db import reset_queries

    request_started.disconnect(reset_queries)


def refuse_shared_database() -> None:
    if connection.vendor == "postgresql" and settings.DATABASES["default"]["NAME"] in (
        "test",
        "foro",
    ):
        raise SystemExit("use a database of its own for benchmarks (e.g. h_trade)")


def bench_user(role: Role, organisation_id: int | None = None) -> User:
    """A demo account of ``role`` when the demo is loaded, else a bench account."""
    from django.contrib.auth.models import Group

    user = User.objects.filter(groups__name=role.value, is_active=True).order_by("pk").first()
    if user is None:
        from foro.core.services import user_create

        user = user_create(
            actor="system", username=f"bench-{role.value}", password=None, roles=[role]
        )
        user.groups.add(Group.objects.get(name=role.value))
    return user


def client_for(user: User, language: str = "nl") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def timings(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(best, median) of ``repeat`` runs after one warm-up run, in milliseconds."""
    fn()
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
    return min(runs), statistics.median(runs)


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover
        return "?"
