"""Shared test fixtures. Tests run on SQLite by default and on PostgreSQL when
DATABASE_URL is set (CI does both)."""

from __future__ import annotations

import pytest


def _transactional(item) -> bool:
    """As pytest-django decides it: the test flushes the database afterwards."""
    names = getattr(item, "fixturenames", ())
    if "transactional_db" in names or "live_server" in names:
        return True
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return False
    transaction = marker.kwargs.get("transaction", marker.args[0] if marker.args else False)
    reset = marker.kwargs.get("reset_sequences", marker.args[1] if len(marker.args) > 1 else False)
    return bool(transaction or reset)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Transactional tests (browser, concurrency) run last, after the tests without a
    database too (pytest-django puts those last): each flushes the database, so they must
    follow every test that reads the session's reference data, and under xdist's `load`
    scheduling a worker prefetches a long queue, so slow browser tests dealt out while many
    quick tests still wait all ended up on one worker. At the end of the run the queues are
    short and the browser tests spread over the workers."""
    items.sort(key=_transactional)


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


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hasher(request):
    """Passwords hashed with MD5 in tests: PBKDF2's million rounds took 0.6 s per account,
    and the ten demo accounts are made again after every transactional test (browser tests
    flush the database). Production hashing is Django's own and not what the tests check.
    override_settings clears Django's hasher cache through the setting_changed signal."""
    if not request.config.pluginmanager.hasplugin("django"):
        yield
        return
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session")
def django_db_setup(_fast_password_hasher, django_db_setup, django_db_blocker):
    """Load reference data and the demo accounts once per process (each xdist worker has
    its own database, created by pytest-django with a _gwN suffix); each test rolls back
    to this. Transactional tests (browser, concurrency) flush it: pytest-django runs them
    after the others in each worker, and the `reference`/`accounts` fixtures load it again."""
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


def pytest_terminal_summary(terminalreporter, config):
    """Say plainly that the PostgreSQL-only tests did not run on SQLite (they are
    deselected there by tests/hardening/conftest.py, never reported as passed). Under
    xdist the collecting workers know which; the controller says it in general."""
    import os

    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return
    names = getattr(config, "foro_postgres_only", None)
    if names:
        for name in names:
            terminalreporter.write_line(f"not applicable on SQLite (PostgreSQL only): {name}")
    elif config.pluginmanager.hasplugin("dsession"):
        terminalreporter.write_line(
            "not applicable on SQLite (deselected): the tests marked postgres_only "
            "(tests/hardening/test_scale_out.py); they run when DATABASE_URL is PostgreSQL"
        )


def grant_prior_authorisation(organisation, valid_from=None, valid_until=None):
    """A prior authorisation of ``organisation`` in force (the export, transfer and transit
    kinds refuse a submission without one): granted, from 2000 to 2099 unless told, so that
    tests which move the clock still find it. Made directly, like a factory: the services'
    four-eyes flow has its own tests (foro/licensing/tests/test_general_services.py)."""
    from datetime import date

    from foro.core.models import User
    from foro.licensing.models_general import PriorAuthorisation

    existing = PriorAuthorisation.objects.filter(
        organisation=organisation, status="granted", reference__startswith="VM-TEST-"
    ).first()
    if existing is not None and valid_from is None and valid_until is None:
        return existing
    author = User.objects.filter(organisation=organisation).order_by("pk").first()
    return PriorAuthorisation.objects.create(
        reference=f"VM-TEST-{organisation.pk}-{PriorAuthorisation.objects.count() + 1}",
        organisation=organisation,
        status="granted",
        icp_description="Test compliance programme.",
        valid_from=valid_from or date(2000, 1, 1),
        valid_until=valid_until or date(2099, 12, 31),
        created_by=author or User.objects.order_by("pk").first(),
    )


@pytest.fixture
def prior_authorised(accounts):
    """The demo applicants' companies (applicant, applicant2) hold a prior authorisation in
    force, so that they can submit export, transfer and transit applications."""
    return {
        name: grant_prior_authorisation(accounts[name].organisation)
        for name in ("applicant", "applicant2")
    }
