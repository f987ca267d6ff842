"""Faults: a process killed with SIGKILL in the middle of a write leaves the old state or
the new one, never half of it; a running app server goes on answering without a restart;
the audit chain stays intact (issue 16, "Faults").

Each write is killed at a controlled point: with ``FORO_TEST_PAUSE_DIR`` set, a process
about to record the write's audit event (inside the service's transaction, after its own
rows are written) waits there (``foro.core.faults``), and the test kills it with SIGKILL.
Commands (`foro lists import`, `foro reference load`) are killed as processes; the report
publication and the licence issue are killed inside a real `foro serve` (gunicorn) worker
serving the request, whose master starts a new worker, so the same server answers the
retry. Runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from pathlib import Path

import pytest
from django.core.management import call_command

from foro.core.models import AuditEvent
from foro.reference.datasets import DATASETS
from foro.reference.models import ReferenceVersion
from foro.screening.models import ListEntry, ListVersion
from foro.screening.services import list_import
from tests.hardening import procs

PASSWORD = "faults-password-5120"
HEADER = "id,name,type,aliases,weak_aliases,birth_dates,nationalities,countries,identifiers,programmes,listed_on,remarks\n"
OLD_NAME = "BRASKOVIC TRADING LLC"
NEW_NAME = "ORVALDI ARMS CONSULTANTS"


@pytest.fixture(scope="module")
def pause_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pause")


@pytest.fixture(scope="module")
def server(tmp_path_factory, pause_dir, django_db_setup, django_db_blocker):
    """One `foro serve` (one gunicorn worker) for the module, with the pause point on."""
    folder = tmp_path_factory.mktemp("server")
    port = procs.free_port()
    with django_db_blocker.unblock():
        proc = procs.start_server(
            folder, "server", port, FORO_TEST_PAUSE_DIR=str(pause_dir), FORO_SCREENING_WARM="0"
        )
    client = procs.Client(port)
    try:
        procs.wait(client.up, "the server", timeout=90)
        yield proc, client, folder
    finally:
        procs.stop(proc)


def _pause_at(pause_dir: Path, verb: str) -> None:
    (pause_dir / f"{verb}.paused").unlink(missing_ok=True)
    (pause_dir / verb).touch()


def _paused_pid(pause_dir: Path, verb: str, proc: subprocess.Popen | None = None) -> int:
    marker = pause_dir / f"{verb}.paused"

    def paused() -> bool:
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"the process ended (exit {proc.returncode}) before pausing")
        return marker.exists() and marker.read_text().strip() != ""

    procs.wait(paused, f"a process to pause at {verb}", timeout=90)
    return int(marker.read_text())


def _done_pausing(pause_dir: Path, verb: str) -> None:
    (pause_dir / verb).unlink(missing_ok=True)
    (pause_dir / f"{verb}.paused").unlink(missing_ok=True)


def _kill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)


def _list_file(tmp_path: Path, name: str, listed: str) -> Path:
    path = tmp_path / name
    path.write_text(
        HEADER + f"FT-1,{listed},organisation,,,,,AE,,Faults,2024-01-01,\n", encoding="utf-8"
    )
    return path


def _sign_in(client: procs.Client, user) -> procs.Client:
    procs.server_password(user, PASSWORD)
    fresh = procs.Client(int(client.base.rsplit(":", 1)[1]))
    fresh.sign_in(user.username, PASSWORD)
    return fresh


def _hits(client: procs.Client, name: str) -> bool:
    status, body = client.api("POST", "/screening/matches", {"name": name})
    assert status == 200, (status, body)
    return any(name.lower() in str(hit).lower() for hit in body["results"][0]["hits"])


@pytest.mark.django_db(transaction=True)
def test_a_list_import_killed_mid_transaction_leaves_the_old_version(
    tmp_path, accounts, pause_dir, server
):
    _proc, client, folder = server
    old = list_import(
        actor="system",
        list_code="foro-watch",
        fmt="foro-csv",
        paths=[_list_file(tmp_path, "old.csv", OLD_NAME)],
    )
    officer = _sign_in(client, accounts["officer"])
    assert _hits(officer, OLD_NAME)
    events = AuditEvent.objects.count()

    new_file = _list_file(tmp_path, "new.csv", NEW_NAME)
    verb = "screening.list_imported"
    _pause_at(pause_dir, verb)
    command = ["lists", "import", "--list", "foro-watch", "--format", "foro-csv"]
    proc = procs.start(
        folder,
        "import",
        [*command, "--no-progress", str(new_file)],
        FORO_TEST_PAUSE_DIR=str(pause_dir),
    )
    try:
        assert _paused_pid(pause_dir, verb, proc) == proc.pid
        _kill(proc.pid)
        proc.wait(timeout=10)
    finally:
        _done_pausing(pause_dir, verb)
        procs.stop(proc)

    # the old version is whole and current; nothing of the new one
    assert list(ListVersion.objects.values_list("pk", "is_current")) == [(old.pk, True)]
    assert ListEntry.objects.count() == old.entry_count == 1
    assert AuditEvent.objects.count() == events
    # the running server goes on screening against the old version
    assert _hits(officer, OLD_NAME) and not _hits(officer, NEW_NAME)

    # the same import again succeeds, and the server follows it without a restart
    again = procs.start(folder, "import-again", [*command, "--no-progress", str(new_file)])
    assert again.wait(timeout=120) == 0, (folder / "import-again.log").read_text()
    current = ListVersion.objects.get(is_current=True)
    assert current.number == old.number + 1 and current.entry_count == 1
    assert _hits(officer, NEW_NAME) and not _hits(officer, OLD_NAME)
    call_command("audit_verify")


@pytest.mark.django_db(transaction=True)
def test_a_reference_load_killed_mid_transaction_leaves_the_old_version(
    reference, pause_dir, server
):
    _proc, client, folder = server
    dataset = DATASETS["military-list"]
    old = ReferenceVersion.objects.get(dataset=dataset.name, is_current=True)
    rows = dataset.model._default_manager.filter(version=old).count()
    # the shipped file now differs from what the database holds: a load makes a new version
    ReferenceVersion.objects.filter(pk=old.pk).update(sha256="0" * 64)
    verb = "reference.loaded"
    _pause_at(pause_dir, verb)
    proc = procs.start(
        folder,
        "reference",
        ["reference", "load", "--only", dataset.name],
        FORO_TEST_PAUSE_DIR=str(pause_dir),
    )
    try:
        assert _paused_pid(pause_dir, verb, proc) == proc.pid
        _kill(proc.pid)
        proc.wait(timeout=10)
    finally:
        _done_pausing(pause_dir, verb)
        procs.stop(proc)

    versions = ReferenceVersion.objects.filter(dataset=dataset.name)
    assert list(versions.values_list("pk", "is_current")) == [(old.pk, True)]
    assert dataset.model._default_manager.count() == rows
    assert client.request("GET", "/health/live")[0] == 200

    again = procs.start(folder, "reference-again", ["reference", "load", "--only", dataset.name])
    assert again.wait(timeout=120) == 0, (folder / "reference-again.log").read_text()
    new = versions.get(is_current=True)
    assert new.number == old.number + 1
    assert dataset.model._default_manager.filter(version=new).count() == rows
    call_command("audit_verify")


def _in_background(call) -> threading.Thread:
    """CALL in a thread: its request dies with the server worker that serves it."""
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["answer"] = call()
        except OSError as exc:  # the connection dropped: the worker was killed
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.outcome = outcome  # type: ignore[attr-defined]
    thread.start()
    return thread


def _kill_server_worker_at(pause_dir: Path, verb: str, proc: subprocess.Popen, call) -> None:
    _pause_at(pause_dir, verb)
    try:
        thread = _in_background(call)
        pid = _paused_pid(pause_dir, verb)
        assert pid != proc.pid  # a gunicorn worker, not the master
        _kill(pid)
        thread.join(timeout=30)
        assert "answer" not in thread.outcome or thread.outcome["answer"][0] >= 500
    finally:
        _done_pausing(pause_dir, verb)


@pytest.mark.django_db(transaction=True)
def test_a_report_publication_killed_in_the_server_publishes_nothing_and_the_server_recovers(
    accounts, pause_dir, server
):
    from foro.reporting.models import Publication

    proc, client, _folder = server
    manager = _sign_in(client, accounts["management"])
    events = AuditEvent.objects.count()
    publish = {"period": "2025", "note": ""}
    _kill_server_worker_at(
        pause_dir,
        "opendata.published",
        proc,
        lambda: manager.api("POST", "/reports/publications", publish),
    )
    assert not Publication.objects.exists()
    assert AuditEvent.objects.count() == events
    assert proc.poll() is None  # the master lives on and starts a new worker
    procs.wait(client.up, "the server to answer again", timeout=60)

    status, body = manager.api("POST", "/reports/publications", publish)
    assert status == 201, body
    assert Publication.objects.get().version == 1
    call_command("audit_verify")


@pytest.mark.django_db(transaction=True)
def test_a_licence_issue_killed_in_the_server_issues_nothing_and_the_retry_issues_one(
    accounts, watchlist, pause_dir, server
):
    from foro.licensing.models import Application, Licence, LicenceLine
    from foro.licensing.tests.conftest import proposed

    proc, client, _folder = server
    app = proposed(accounts)
    before = Application.objects.get(pk=app.pk).status
    senior = _sign_in(client, accounts["senior"])
    events = AuditEvent.objects.count()
    path = f"/licensing/applications/{app.pk}/countersign"
    _kill_server_worker_at(
        pause_dir, "licence.issued", proc, lambda: senior.api("POST", path, {"comment": ""})
    )
    assert Application.objects.get(pk=app.pk).status == before
    assert not Licence.objects.exists() and not LicenceLine.objects.exists()
    assert AuditEvent.objects.count() == events
    procs.wait(client.up, "the server to answer again", timeout=60)

    status, body = senior.api("POST", path, {"comment": ""})
    assert status == 200, body
    licence = Licence.objects.get(application=app)
    assert LicenceLine.objects.filter(licence=licence).count() == app.goods.count()
    call_command("audit_verify")
