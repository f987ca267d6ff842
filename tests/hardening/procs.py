"""Real foro processes for the hardening tests: app servers (`foro serve`, gunicorn) and
task workers (`foro worker`) on loopback ports against the test database, a small HTTP
client that keeps cookies apart per server, and waiting with a timeout."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
SECRET = "test-hardening-secret-0123456789-abcdefghijklmnop"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def database_url() -> str:
    """The URL of the test database this process uses (SQLite file or PostgreSQL)."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    user = s["USER"] or "root"
    auth = f"{user}:{s['PASSWORD']}" if s["PASSWORD"] else user
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Answers as they come: a 302 after sign-in is the answer, not the page it names."""

    def redirect_request(self, *args, **kwargs):
        return None


def server_password(user, password: str) -> None:
    """Give USER a password hashed as the servers hash it (the tests hash with MD5)."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"]):
        user.set_password(password)
    user.save()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORO_")}
    env.update(
        DATABASE_URL=database_url(),
        FORO_SECRET_KEY=SECRET,
        FORO_MEDIA_ROOT=str(tmp_path / "media"),
        FORO_VAR_DIR=str(tmp_path / "var"),
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def start(tmp_path: Path, name: str, args: list[str], **extra: str) -> subprocess.Popen:
    """``manage.py ARGS`` in a session of its own (so that killpg reaches its children)."""
    log = (tmp_path / f"{name}.log").open("w")
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(tmp_path, **extra),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def start_server(tmp_path: Path, name: str, port: int, **extra: str) -> subprocess.Popen:
    """`foro serve` (gunicorn, one worker process) on 127.0.0.1:PORT."""
    return start(
        tmp_path, name, ["serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"], **extra
    )


def start_worker(tmp_path: Path, name: str, **extra: str) -> subprocess.Popen:
    extra.setdefault("FORO_WORKER_HEARTBEAT_SECONDS", "1")
    extra.setdefault("FORO_WORKER_LEASE_SECONDS", "3")
    return start(tmp_path, name, ["worker"], **extra)


def stop(*procs: subprocess.Popen | None) -> None:
    """SIGTERM each process group still running, then SIGKILL what is left after 15 s."""
    for proc in procs:
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        if proc is None:
            continue
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def wait(condition: Callable[[], object], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.2)


class Client:
    """HTTP against one server with its own cookies (copy them to another on purpose)."""

    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {"foro_language": "en"}
        self.opener = urllib.request.build_opener(_NoRedirect)

    def request(
        self, method: str, path: str, *, data: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, bytes]:
        req = urllib.request.Request(
            self.base + path, data=data, method=method, headers=headers or {}
        )
        req.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            with self.opener.open(req, timeout=30) as resp:
                self._keep(resp.headers)
                return resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            self._keep(exc.headers)
            return exc.code, exc.read()

    def _keep(self, headers) -> None:
        for header in headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in header.lower():
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)

    def cookie(self, name: str) -> str | None:
        return self.cookies.get(name)

    def cookies_from(self, other: Client) -> None:
        self.cookies.update(other.cookies)

    def up(self) -> bool:
        try:
            return self.request("GET", "/health/live")[0] == 200
        except OSError:
            return False

    def sign_in(self, username: str, password: str) -> None:
        status, body = self.request("GET", "/login/")
        assert status == 200, status
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        assert token is not None
        form = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token.group(1).decode(),
                "username": username,
                "password": password,
            }
        ).encode()
        status, body = self.request(
            "POST",
            "/login/",
            data=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": self.base + "/login/",
            },
        )
        assert self.cookie("sessionid"), f"sign-in failed ({status})"

    def api(self, method: str, path: str, payload: dict | None = None) -> tuple[int, dict]:
        """A JSON API call on the session, with the CSRF cookie as header."""
        headers = {"Content-Type": "application/json", "Referer": self.base + "/"}
        token = self.cookie("csrftoken")
        if token:
            headers["X-CSRFToken"] = token
        data = json.dumps(payload).encode() if payload is not None else None
        status, body = self.request(method, "/api/v1" + path, data=data, headers=headers)
        return status, (json.loads(body) if body else {})
