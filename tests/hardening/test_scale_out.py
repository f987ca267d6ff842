"""Scale-out: two app servers (`foro serve`, gunicorn) and two task workers (`foro worker`)
on loopback ports against one PostgreSQL database (issue 16, "Load and scale-out").

PostgreSQL only: N servers and workers sharing one database is the production set-up
(docs/deploy.md); SQLite is one file on one machine. On SQLite this module is not
collected: tests/hardening/conftest.py deselects the `postgres_only` tests and the run's
summary says so ("not applicable on SQLite"); it is never reported as passed there.

The database is the test run's own throwaway database (`test_foro_<pid>`, created and
dropped by pytest-django; this test commits, so it is a transactional test). What it shows:

- the tasks a list import enqueues (`rescreen_after_list_change`) and a queue of other
  tasks are shared by both workers, each task run once (runs counted per task);
- a worker killed with SIGKILL mid-task: its task is queued again after its lease (3 s
  here) expires and completes once under the other worker;
- each app server rebuilds its screening index when a list version changes: a name newly
  listed is a hit on both servers, a delisted one on neither (the index is the only
  in-process cache of data in foro; no Django cache is configured, sessions are in the
  database);
- a session made on server A works on server B, and signing out on B ends it on A.
"""

from __future__ import annotations

import os
import signal
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from foro.core.models import PeriodicRun, WorkerLease
from foro.core.periodic import DAILY
from foro.screening.services import list_import
from tests.hardening import procs

pytestmark = pytest.mark.postgres_only

HEADER = "id,name,type,aliases,weak_aliases,birth_dates,nationalities,countries,identifiers,programmes,listed_on,remarks\n"
LISTED_FIRST = "ZARKOVIAN HEAVY INDUSTRIES"
LISTED_LATER = "QUILLFEATHER MARITIME HOLDINGS"
PASSWORD = "scale-out-password-4812"


def _list_file(tmp_path: Path, name: str, rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


ROW_KEPT = "SO-1,IVANOV Pyotr Alexandrovich,person,,,1970,RU,RU,,Scale test,2024-01-01,\n"
ROW_FIRST = f"SO-2,{LISTED_FIRST},organisation,,,,,BY,,Scale test,2024-01-01,\n"
ROW_LATER = f"SO-3,{LISTED_LATER},organisation,,,,,PA,,Scale test,2024-06-01,\n"


def _hit(client: procs.Client, name: str) -> bool:
    status, body = client.api("POST", "/screening/matches", {"name": name})
    assert status == 200, (status, body)
    return any(name.lower() in str(hit).lower() for hit in body["results"][0]["hits"])


def _tasks(path: str) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=path).order_by("enqueued_at"))


@pytest.mark.django_db(transaction=True)
def test_two_servers_and_two_workers_share_one_database(settings, tmp_path, accounts):
    settings.TASKS = procs.DB_TASKS
    for day in (timezone.localdate(), timezone.localdate() + timedelta(days=1)):
        for job in DAILY:  # the daily jobs are not what this test runs
            PeriodicRun.objects.get_or_create(job=job, day=day)
    officer = accounts["officer"]
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"]):
        officer.set_password(PASSWORD)  # hashed as the servers hash (the tests use MD5)
    officer.save()
    first = list_import(
        actor="system",
        list_code="foro-watch",
        fmt="foro-csv",
        paths=[_list_file(tmp_path, "v1.csv", [ROW_KEPT, ROW_FIRST])],
    )

    port_a, port_b = procs.free_port(), procs.free_port()
    server_a = procs.start_server(tmp_path, "server-a", port_a)
    server_b = procs.start_server(tmp_path, "server-b", port_b)
    worker_1 = procs.start_worker(tmp_path, "worker-1")
    worker_2 = procs.start_worker(tmp_path, "worker-2")
    workers = {worker_1.pid: worker_1, worker_2.pid: worker_2}
    a, b = procs.Client(port_a), procs.Client(port_b)
    try:
        for client in (a, b):
            procs.wait(client.up, f"the server on {client.base}", timeout=60)
        procs.wait(lambda: WorkerLease.objects.count() == 2, "both workers' leases", timeout=60)

        # a session made on A is valid on B
        a.sign_in("officer", PASSWORD)
        b.cookies_from(a)
        assert _hit(a, LISTED_FIRST) and _hit(b, LISTED_FIRST)
        assert not _hit(a, LISTED_LATER) and not _hit(b, LISTED_LATER)

        # a new list version: both servers see it at their next screening
        second = list_import(
            actor="system",
            list_code="foro-watch",
            fmt="foro-csv",
            paths=[_list_file(tmp_path, "v2.csv", [ROW_KEPT, ROW_LATER])],
        )
        assert second.created and second.number == first.number + 1
        assert _hit(a, LISTED_LATER) and _hit(b, LISTED_LATER)
        assert not _hit(a, LISTED_FIRST) and not _hit(b, LISTED_FIRST)

        # a queue of tasks shared by both workers, each run once
        from tests.hardening.tasks import probe, tally

        labels = [f"t{i}" for i in range(10)]
        for label in labels:
            tally.enqueue(str(tmp_path), label)
        rescreen = "foro.screening.tasks.rescreen_after_list_change"

        def done() -> bool:
            wanted = [*_tasks("tests.hardening.tasks.tally"), *_tasks(rescreen)]
            return all(t.status == TaskResultStatus.SUCCESSFUL for t in wanted)

        procs.wait(done, "the queued tasks to complete", timeout=60)
        runs = (tmp_path / "tally").read_text().split("\n")
        runs = [line.split() for line in runs if line]
        assert sorted(label for label, _pid in runs) == labels  # each once, none lost
        assert {int(pid) for _label, pid in runs} == set(workers)  # both workers took some
        finished = [*_tasks("tests.hardening.tasks.tally"), *_tasks(rescreen)]
        assert len(_tasks(rescreen)) == 2  # one per imported version
        assert all(len(t.worker_ids) == 1 for t in finished)  # none claimed twice
        assert len({t.worker_ids[0] for t in finished}) == 2

        # a worker killed mid-task: the other runs the task again once its lease expires
        result = probe.enqueue(str(tmp_path))
        procs.wait(lambda: (tmp_path / "started").exists(), "the probe to start", timeout=30)
        victim = workers[int((tmp_path / "started").read_text().split()[0])]
        os.killpg(victim.pid, signal.SIGKILL)
        victim.wait(timeout=10)
        (tmp_path / "go").touch()
        procs.wait(
            lambda: DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL,
            "the killed worker's task to complete under the other worker",
            timeout=45,
        )
        started = (tmp_path / "started").read_text().split()
        assert len(started) == 2 and started[1] != started[0]
        assert (tmp_path / "done").read_text().split() == [started[1]]  # completed once
        assert len(DBTaskResult.objects.get(pk=result.id).worker_ids) == 2

        # signing out on B ends the session on A too
        status, _body = b.request(
            "POST",
            "/logout/",
            data=b"csrfmiddlewaretoken=" + (b.cookie("csrftoken") or "").encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": b.base + "/",
            },
        )
        assert status in (200, 302), status
        status, _body = a.api("POST", "/screening/matches", {"name": LISTED_LATER})
        assert status == 401
    finally:
        procs.stop(server_a, server_b, worker_1, worker_2)
    call_command("audit_verify")
