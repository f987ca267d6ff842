"""Scheduled re-import from configured URLs (issue 10): fetched from a local file:// URL or
a local HTTP server started by the test (never the network); byte-identical content makes
nothing, a changed file a new version, a broken one a refusal, a failed download nothing."""

from __future__ import annotations

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks_db.models import DBTaskResult

from foro.cli import translate_argv
from foro.core import periodic
from foro.core.models import AuditEvent
from foro.screening.models import ListVersion
from foro.screening.refresh import configured_sources, list_refresh
from foro.screening.tasks import refresh_lists

DATA = Path(__file__).resolve().parent / "data"
UK = DATA / "uk_sanctions_list_sample.xml"
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


class Publisher:
    """A local HTTP server whose one document the test can change."""

    def __init__(self) -> None:
        self.body: bytes = UK.read_bytes()
        self.status = 200
        self.requests = 0
        publisher = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                publisher.requests += 1
                self.send_response(publisher.status)
                self.send_header("Content-Type", "application/xml")
                self.send_header("Content-Length", str(len(publisher.body)))
                self.end_headers()
                self.wfile.write(publisher.body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/docs/UK-Sanctions-List.xml"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def publisher(settings):
    p = Publisher()
    settings.FORO_LIST_SOURCES = {"uk": p.url}
    yield p
    p.close()


@pytest.fixture
def database_backend(settings):
    settings.TASKS = DATABASE


def test_no_sources_configured_is_a_no_op(db, settings):
    assert not hasattr(settings, "FORO_LIST_SOURCES") or not settings.FORO_LIST_SOURCES
    assert list_refresh() == []
    assert not ListVersion.objects.exists()


def test_a_file_url(db, settings):
    settings.FORO_LIST_SOURCES = {"eu": (DATA / "eu_fsf_sample.xml").as_uri()}
    [outcome] = list_refresh()
    assert (outcome.code, outcome.status, outcome.version) == ("eu", "imported", 1)
    version = ListVersion.objects.get(sanctions_list__code="eu")
    assert version.files[0]["name"] == "eu_fsf_sample.xml" and version.format == "eu-fsf-xml"


def test_the_same_bytes_again_make_nothing(database_backend, db, publisher):
    [first] = list_refresh()
    assert first.status == "imported"
    tasks = DBTaskResult.objects.count()
    events = AuditEvent.objects.count()
    [again] = list_refresh()
    assert (again.status, again.version) == ("unchanged", 1)
    assert publisher.requests == 2
    assert ListVersion.objects.count() == 1
    assert DBTaskResult.objects.count() == tasks  # no re-screening queued
    assert AuditEvent.objects.count() == events


def test_a_changed_file_becomes_the_new_version(db, publisher):
    list_refresh()
    publisher.body = publisher.body.replace(b"NORTHERN GANNET", b"SOUTHERN GANNET")
    [outcome] = list_refresh()
    assert (outcome.status, outcome.version) == ("imported", 2)
    current = ListVersion.objects.get(is_current=True)
    assert current.number == 2 and current.diff.changed == ["RUS9003"]


def test_a_broken_file_is_refused_audited_and_changes_nothing(db, publisher):
    list_refresh()
    publisher.body = publisher.body[: len(publisher.body) // 2]
    [outcome] = list_refresh()
    assert outcome.status == "refused" and "UK-Sanctions-List.xml: line" in outcome.detail
    assert ListVersion.objects.get(is_current=True).number == 1
    event = AuditEvent.objects.get(verb="screening.list_refused")
    assert event.payload["list"] == "uk" and event.payload["files"] == ["UK-Sanctions-List.xml"]


def test_a_failed_download_changes_nothing(db, publisher, caplog):
    publisher.status = 503
    [outcome] = list_refresh()
    assert outcome.status == "fetch_failed" and "HTTP 503" in outcome.detail
    assert not ListVersion.objects.exists()
    assert "list refresh: uk" in caplog.text


def test_a_download_over_the_limit_is_refused(db, publisher, settings):
    settings.FORO_LIST_MAX_MB = 0
    [outcome] = list_refresh()
    assert outcome.status == "fetch_failed" and "larger than" in outcome.detail
    assert not ListVersion.objects.exists()


def test_an_unreachable_server(db, settings):
    p = Publisher()
    url = p.url
    p.close()  # nothing listens there any more
    settings.FORO_LIST_SOURCES = {"uk": url}
    settings.FORO_LIST_FETCH_TIMEOUT = 5
    [outcome] = list_refresh()
    assert outcome.status == "fetch_failed"


def test_misconfigured_sources_are_reported(settings):
    settings.FORO_LIST_SOURCES = {
        "nope": "https://example.org/x.xml",
        "ofac-sdn": "https://example.org/sdn.csv",
        "un": "ftp://example.org/un.xml",
        "eu": {"url": "https://example.org/eu.xml", "format": "pdf"},
        "uk": {"url": "https://example.org/uk.xml"},
    }
    sources, problems = configured_sources()
    assert [s.code for s in sources] == ["uk"] and sources[0].fmt == "uk-xml"
    assert {p.code: p.detail.split(" ")[0] for p in problems} == {
        "nope": "unknown",
        "ofac-sdn": "ofac-csv",
        "un": "no",
        "eu": "unknown",
    }


def test_sources_from_the_environment_form(settings):
    settings.FORO_LIST_SOURCES = [
        "un=https://example.org/consolidated.xml",
        "ofac-sdn:ofac-xml=https://example.org/sdn.xml",
        "uk",
    ]
    sources, problems = configured_sources()
    assert [(s.code, s.fmt, s.url) for s in sources] == [
        ("un", "un-xml", "https://example.org/consolidated.xml"),
        ("ofac-sdn", "ofac-xml", "https://example.org/sdn.xml"),
    ]
    assert [(p.code, p.status) for p in problems] == [("uk", "misconfigured")]


def test_the_daily_job_is_registered_and_runs_the_refresh(db, publisher):
    assert periodic.DAILY["screening.lists_refresh"] == "foro.screening.tasks.refresh_lists"
    result = refresh_lists.call()
    assert result == {
        "outcomes": [
            {"list": "uk", "status": "imported", "detail": "version 1: 4 entries", "version": 1}
        ]
    }


def test_the_worker_queues_it_once_a_day(database_backend, db, publisher):
    from datetime import date

    started = periodic.enqueue_due(date(2026, 12, 7))
    assert "screening.lists_refresh" in started
    assert periodic.enqueue_due(date(2026, 12, 7)) == []
    assert DBTaskResult.objects.filter(task_path="foro.screening.tasks.refresh_lists").exists()


def test_the_command(db, publisher):
    assert translate_argv(["foro", "lists", "refresh"]) == ["foro", "lists_refresh"]
    out = io.StringIO()
    call_command("lists_refresh", stdout=out)
    assert "uk: imported — version 1: 4 entries; re-screening queued" in out.getvalue()
    out = io.StringIO()
    call_command("lists_refresh", "--list", "uk", stdout=out)
    assert "uk: unchanged — byte-identical to version 1; no new version" in out.getvalue()
    publisher.status = 404
    with pytest.raises(CommandError):
        call_command("lists_refresh", stdout=io.StringIO())
