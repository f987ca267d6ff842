"""/metrics for Prometheus (issue 16): readable from this machine or with the metrics
token and by nobody else; request latency by route (the URL pattern, not the path), the
task queue's depth, age and failures, the screening engine's search time; one JSON
access-log line per request carrying the request id."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from datetime import timedelta

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult
from prometheus_client.parser import text_string_to_metric_families

from foro.core import metrics
from foro.core.logs import JsonFormatter, RequestIdFilter
from foro.core.services import apitoken_create
from tests.hardening.queue_rows import task_row

REMOTE = "203.0.113.7"


def scrape(client: Client | None = None, **extra) -> dict[str, list]:
    """The samples of /metrics by metric family name."""
    response = (client or Client()).get("/metrics", **extra)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    return {family.name: family.samples for family in text_string_to_metric_families(text)}


def value(families: dict[str, list], sample: str, **labels: str) -> float:
    for family in families.values():
        for s in family:
            if s.name == sample and all(s.labels.get(k) == v for k, v in labels.items()):
                return float(s.value)
    return 0.0


# ---------------------------------------------------------------- who may read it


@pytest.mark.django_db
def test_a_caller_on_this_machine_reads_the_metrics():
    assert "foro_http_request_duration_seconds" in scrape(REMOTE_ADDR="127.0.0.1")
    assert "foro_tasks_ready" in scrape(REMOTE_ADDR="::1")


@pytest.mark.django_db
def test_an_internet_caller_gets_nothing(settings):
    settings.FORO_METRICS_TOKEN = ""
    r = Client().get("/metrics", REMOTE_ADDR=REMOTE)
    assert r.status_code == 404 and b"foro_" not in r.content


@pytest.mark.django_db
def test_a_request_through_a_local_proxy_is_not_local(settings):
    """The proxy connects from 127.0.0.1; the client behind it is anyone."""
    settings.FORO_PROXY_COUNT = 0
    r = Client().get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=REMOTE)
    assert r.status_code == 404
    settings.FORO_PROXY_COUNT = 1
    assert Client().get("/metrics", HTTP_X_FORWARDED_FOR=REMOTE).status_code == 404
    assert Client().get("/metrics", HTTP_X_FORWARDED_FOR="127.0.0.1").status_code == 200


@pytest.mark.django_db
def test_the_metrics_token_lets_a_remote_scraper_in_and_nothing_else_does(settings, accounts):
    settings.FORO_METRICS_TOKEN = "s3cret-scraper-token-0123456789"
    good = {"REMOTE_ADDR": REMOTE, "HTTP_AUTHORIZATION": f"Bearer {settings.FORO_METRICS_TOKEN}"}
    assert "foro_tasks" in scrape(**good)
    wrong = {"REMOTE_ADDR": REMOTE, "HTTP_AUTHORIZATION": "Bearer s3cret-scraper-token-012345678"}
    assert Client().get("/metrics", **wrong).status_code == 404
    # an administrator's own API token is not the metrics token, nor is a signed-in session
    _token, secret = apitoken_create(actor=accounts["admin"], name="script")
    user = {"REMOTE_ADDR": REMOTE, "HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert Client().get("/metrics", **user).status_code == 404
    admin = Client()
    admin.force_login(accounts["admin"])
    assert admin.get("/metrics", REMOTE_ADDR=REMOTE).status_code == 404


@pytest.mark.django_db
def test_without_a_token_setting_no_bearer_opens_it(settings):
    settings.FORO_METRICS_TOKEN = ""
    r = Client().get("/metrics", REMOTE_ADDR=REMOTE, HTTP_AUTHORIZATION="Bearer ")
    assert r.status_code == 404


# ---------------------------------------------------------------- request latency


@pytest.mark.django_db
def test_request_latency_is_labelled_by_route_not_by_path(accounts):
    client = Client()
    client.force_login(accounts["officer"])
    before = scrape()
    assert client.get("/api/v1/countries/BE").status_code == 200
    assert client.get("/api/v1/countries/NL").status_code == 200
    assert client.get("/countries/BE/").status_code == 200
    assert client.get("/no/such/page/4711").status_code == 404
    after = scrape()
    name = "foro_http_request_duration_seconds_count"

    def grew(**labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    routes = {s.labels["route"] for s in after["foro_http_request_duration_seconds"]}
    assert grew(route="api-v1:get_country", method="GET", status="200") == 2, routes
    assert grew(route="core:country-detail", method="GET", status="200") == 1
    assert grew(route="<unmatched>", method="GET", status="404") == 1
    routes = {s.labels["route"] for s in after["foro_http_request_duration_seconds"]}
    assert not any("BE" in r or "4711" in r for r in routes)


def test_an_odd_method_does_not_add_a_label():
    assert {"GET", "POST"} <= metrics._METHODS
    assert "BREW" not in metrics._METHODS


# ---------------------------------------------------------------- the task queue


def _task_row(status: str, enqueued_ago: timedelta) -> DBTaskResult:
    return task_row(
        status, task_path="tests.hardening.tasks.request_id_now", enqueued_ago=enqueued_ago
    )


@pytest.mark.django_db
def test_queue_depth_age_of_the_oldest_waiting_task_and_failed_tasks():
    empty = scrape()
    assert value(empty, "foro_tasks_ready") == 0
    assert value(empty, "foro_tasks_oldest_ready_age_seconds") == 0
    _task_row("READY", timedelta(hours=1))
    _task_row("READY", timedelta(minutes=1))
    _task_row("FAILED", timedelta(days=1))
    families = scrape()
    assert value(families, "foro_tasks_ready") == 2
    assert value(families, "foro_tasks", status="READY") == 2
    assert value(families, "foro_tasks", status="FAILED") == 1
    assert value(families, "foro_tasks_failed") == 1
    assert 3600 <= value(families, "foro_tasks_oldest_ready_age_seconds") < 3700


@pytest.mark.django_db
def test_a_task_that_fails_counts_as_a_failure():
    from tests.hardening.tasks import always_fails, request_id_now

    name = "foro_task_failures_total"
    task = "tests.hardening.tasks.always_fails"
    before = value(scrape(), name, task=task)
    request_id_now.enqueue()  # succeeds: not counted
    always_fails.enqueue()
    after = scrape()
    assert value(after, name, task=task) == before + 1
    assert value(after, name, task="tests.hardening.tasks.request_id_now") == 0


def test_several_worker_processes_are_summed_in_multiprocess_mode(tmp_path, monkeypatch, settings):
    """Two processes write their counters to PROMETHEUS_MULTIPROC_DIR; a scrape of a
    third reads both."""
    code = "from prometheus_client import Counter\nCounter('foro_probe_requests', 'probe').inc(3)\n"
    for _ in range(2):
        subprocess.run(
            [sys.executable, "-c", code],
            env={"PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
            check=True,
        )
    settings.PROMETHEUS_MULTIPROC_DIR = str(tmp_path)
    monkeypatch.setattr(metrics, "TaskQueueCollector", _NoQueue)
    families = {
        f.name: f.samples for f in text_string_to_metric_families(metrics.exposition().decode())
    }
    assert value(families, "foro_probe_requests_total") == 6


class _NoQueue(metrics.TaskQueueCollector):
    """The queue read without a database (this test has none)."""

    def collect(self):
        return iter(())


# ---------------------------------------------------------------- screening


@pytest.mark.django_db
def test_screening_search_time_is_measured(watchlist, accounts):
    from foro.screening.services import subject_screen
    from foro.screening.tests.helpers import register

    name = "foro_screening_search_seconds_count"
    before = value(scrape(), name, call="one")
    subject_screen(subject=register("Ivan Sergeyevich Petrov", subject_id="petrov", kind="person"))
    assert value(scrape(), name, call="one") >= before + 1


@pytest.mark.django_db
def test_a_batch_search_is_measured_apart(watchlist):
    from foro.screening.engine.model import Query
    from foro.screening.selectors import screen

    name = "foro_screening_search_seconds_count"
    before = value(scrape(), name, call="batch")
    screen([Query(name="Ivan Petrov")], threshold=0.8)
    assert value(scrape(), name, call="batch") == before + 1


# ---------------------------------------------------------------- access log


@pytest.mark.django_db
def test_each_request_writes_a_json_access_line_with_its_request_id(accounts, caplog):
    client = Client()
    client.force_login(accounts["officer"])
    with caplog.at_level(logging.INFO, logger="foro.access"):
        r = client.get("/api/v1/countries/BE", HTTP_X_REQUEST_ID="req-metrics-0001")
    assert r["X-Request-ID"] == "req-metrics-0001"
    (record,) = [rec for rec in caplog.records if rec.name == "foro.access"]
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "req-metrics-0001"
    assert line["route"] == "api-v1:get_country" and line["path"] == "/api/v1/countries/BE"
    assert line["status"] == 200 and line["method"] == "GET" and line["duration_ms"] >= 0
