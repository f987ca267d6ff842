"""/health/live and /health/ready as plain JSON; log lines carry the request id, also in a
background task that a request enqueued."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from foro.core import health
from foro.core.context import reset_request_id, set_request_id
from foro.core.logs import JsonFormatter, RequestIdFilter
from foro.screening import index_cache
from tests.hardening.queue_rows import task_row

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_live_answers_without_a_database():
    r = Client().get("/health/live")
    assert r.status_code == 200 and r.json() == {"status": "ok"}
    assert r["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_ready_names_each_check_and_fails_until_the_screening_index_is_loaded(watchlist):
    index_cache.clear()
    r = Client().get("/health/ready")
    assert r.status_code == 503
    body = r.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"]["ok"] and body["checks"]["task_queue"]["ok"]
    assert body["checks"]["screening_index"] == {
        "ok": False,
        "loaded": False,
        "current": False,
        "lists": body["checks"]["screening_index"]["lists"],
    }
    index_cache.current_index()
    r = Client().get("/health/ready")
    assert r.status_code == 200, r.json()
    assert r.json()["checks"]["screening_index"]["current"] is True


@pytest.mark.django_db
def test_ready_fails_when_the_task_queue_lags(settings):
    settings.SCREENING_WARM_AT_START = False
    settings.FORO_READY_MAX_QUEUE_LAG_SECONDS = 600
    assert Client().get("/health/ready").status_code == 200
    task_row(
        "READY", task_path="tests.hardening.tasks.request_id_now", enqueued_ago=timedelta(hours=1)
    )
    r = Client().get("/health/ready")
    assert r.status_code == 503
    queue = r.json()["checks"]["task_queue"]
    assert queue["ok"] is False and queue["waiting"] == 1 and queue["lag_seconds"] >= 3600


@pytest.mark.django_db
def test_ready_fails_with_the_check_named_when_one_raises(settings, monkeypatch):
    settings.SCREENING_WARM_AT_START = False

    def broken():
        raise ConnectionError("no")

    monkeypatch.setitem(health.CHECKS, "broken", broken)
    r = Client().get("/health/ready")
    assert r.status_code == 503
    assert r.json()["checks"]["broken"] == {"ok": False, "error": "ConnectionError"}


def test_json_log_lines_carry_the_request_id():
    record = logging.makeLogRecord(
        {"name": "foro.x", "levelname": "INFO", "levelno": 20, "msg": "hello %s", "args": ("you",)}
    )
    token = set_request_id("req-abcdef12")
    try:
        RequestIdFilter().filter(record)
        line = json.loads(JsonFormatter().format(record))
    finally:
        reset_request_id(token)
    assert line["message"] == "hello you" and line["request_id"] == "req-abcdef12"
    assert line["level"] == "INFO" and line["logger"] == "foro.x"


@pytest.mark.django_db(transaction=True)
def test_a_task_runs_under_the_request_id_that_enqueued_it(settings, reference):
    settings.TASKS = DB_TASKS
    from tests.hardening.tasks import request_id_now

    token = set_request_id("req-from-a-page-1")
    try:
        result = request_id_now.enqueue()
    finally:
        reset_request_id(token)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "SUCCESSFUL"
    assert row.return_value == "req-from-a-page-1"
