"""Shared test fixtures. Tests run on SQLite by default and on PostgreSQL when
DATABASE_URL is set (CI does both)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _immediate_tasks(request):
    """Background tasks run at once in tests (the settings are loaded before any conftest
    code could change FORO_TASKS_BACKEND, so the setting is overridden here)."""
    if request.config.pluginmanager.hasplugin("django"):
        request.getfixturevalue("settings").TASKS = {
            "default": {
                "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                "QUEUES": ["default"],
            }
        }


@pytest.fixture(autouse=True)
def _media_root(request, tmp_path):
    """Uploads go to a temporary folder (only when Django is in play: the screening
    engine and importers are plain Python and their tests also run with -p no:django)."""
    if "settings" in request.fixturenames or request.config.pluginmanager.hasplugin("django"):
        request.getfixturevalue("settings").MEDIA_ROOT = tmp_path / "media"


def _ensure_reference():
    from foro.core.models import Country
    from foro.reference.selectors import current_version
    from foro.reference.services import reference_load_all

    if not Country.objects.filter(code="BE").exists() or current_version("representations") is None:
        reference_load_all(actor="system")


def _ensure_demo_accounts():
    from foro.core import demo
    from foro.core.models import User

    if not User.objects.filter(username="applicant").exists():
        loaders = list(demo.DEMO_LOADERS)
        demo.DEMO_LOADERS.clear()
        try:
            demo.load(allowed=True)
        finally:
            demo.DEMO_LOADERS.extend(loaders)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load reference data and the demo accounts once; each test rolls back to this."""
    with django_db_blocker.unblock():
        _ensure_reference()
        _ensure_demo_accounts()


@pytest.fixture
def reference(db):
    """Reference data present (also after a transactional test flushed the database)."""
    _ensure_reference()


@pytest.fixture
def accounts(reference):
    """The demo accounts by username (one per role; password 'demo')."""
    from foro.core.models import User

    _ensure_demo_accounts()
    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def api_client(client):
    return client


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def english():
    """Messages in English for tests that read them outside a request."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def watchlist(accounts):
    """A small real sanctions list (the department's own CSV format), so that parties are
    screened: foro refuses to call a party clear when no list is loaded."""
    from pathlib import Path

    from foro.screening.services import list_import

    path = (
        Path(__file__).resolve().parent
        / "foro"
        / "screening"
        / "tests"
        / "data"
        / "foro_watchlist.csv"
    )
    return list_import(actor="system", list_code="foro-watch", fmt="foro-csv", paths=[path])
