"""Faults that do not fit in a CI test (they would disturb the tests running beside them).
Results: benchmarks/RESULTS.md ("Faults"). The kill -9 faults are tests:
tests/hardening/test_faults.py.

    python benchmarks/faults.py pg-restart
        A PostgreSQL cluster of its own (initdb under /tmp, port 55432, never the machine's
        shared one), foro migrated on it, one `foro serve` and one `foro worker`; then
        `pg_ctl restart -m fast` while both run. Reports the answer to each request after
        PostgreSQL is back, whether the worker is still alive and renews its lease.
        Needs the PostgreSQL server binaries and a `postgres` system user (run as root).

    DATABASE_URL=postgres://…/foro_load python benchmarks/faults.py disk-full
        A `foro serve` whose process may write files of at most 256 KB (RLIMIT_FSIZE, what
        `ulimit -f` sets: a write beyond it fails with EFBIG as on a full disk), on a
        database with the demo data; the applicant uploads a 2 MB document, then a small
        one. Reports the answers, the document rows and the files left in the media root.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.hardening.procs import Client, free_port  # noqa: E402

SECRET = "faults-script-secret-0123456789-abcdefghijklmnop"
PG_PORT = 55432


def _pg_bin() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    if not versions:
        raise SystemExit("no PostgreSQL server binaries under /usr/lib/postgresql")
    return versions[-1]


def _as_postgres(*argv: str) -> None:
    subprocess.run(["runuser", "-u", "postgres", "--", *argv], check=True)


def _env(database_url: str, media: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORO_")}
    env.update(
        DATABASE_URL=database_url,
        FORO_SECRET_KEY=SECRET,
        FORO_MEDIA_ROOT=str(media),
        FORO_SCREENING_WARM="0",
        PYTHONPATH=str(REPO),
    )
    env.update(extra)
    return env


def _start(argv: list[str], env: dict, log: Path, preexec=None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *argv],
        cwd=REPO,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=preexec,
    )


def _stop(*procs: subprocess.Popen) -> None:
    for p in procs:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGTERM)
    for p in procs:
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)


def _wait(cond, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.3)


def _get(url: str) -> tuple[int | str, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            status: int | str = r.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError as exc:
        status = type(exc).__name__
    return status, round((time.monotonic() - started) * 1000)


def _psql(url: str, sql: str) -> str:
    return subprocess.run(
        ["psql", url, "-Atc", sql], capture_output=True, text=True, check=True
    ).stdout.strip()


def pg_restart() -> dict:
    pg = _pg_bin()
    base = Path(tempfile.mkdtemp(prefix="foro-faults-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    shutil.chown(base, "postgres")
    shutil.chown(sock, "postgres")
    _as_postgres(str(pg / "initdb"), "-D", str(data), "-A", "trust", "-U", "root", "-E", "UTF8")
    ctl = [str(pg / "pg_ctl"), "-D", str(data), "-l", str(base / "pg.log"), "-w"]
    opts = f"-p {PG_PORT} -k {sock} -c listen_addresses=127.0.0.1"
    _as_postgres(*ctl, "-o", opts, "start")
    server = worker = None
    outcome: dict = {"port": PG_PORT, "postgres": str(pg)}
    try:
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-p", str(PG_PORT), "foro_faults"], check=True
        )
        url = f"postgres://root@127.0.0.1:{PG_PORT}/foro_faults"
        env = _env(url, base / "media", FORO_WORKER_HEARTBEAT_SECONDS="1")
        t = time.monotonic()
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput"],
            cwd=REPO,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        outcome["migrate_seconds"] = round(time.monotonic() - t, 1)
        port = free_port()
        server = _start(
            ["serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"], env, base / "serve.log"
        )
        worker = _start(["worker"], env, base / "worker.log")
        client = Client(port)
        _wait(client.up, "the server")
        page = f"http://127.0.0.1:{port}/verify/ABCD-EFGH-JKMN-PQRS/"
        ready = f"http://127.0.0.1:{port}/health/ready"
        _wait(lambda: _psql(url, "select count(*) from core_workerlease") == "1", "the worker")
        outcome["before"] = {"verify": _get(page), "ready": _get(ready)}

        t = time.monotonic()
        _as_postgres(*ctl, "-m", "fast", "-o", opts, "restart")
        outcome["restart_seconds"] = round(time.monotonic() - t, 1)
        outcome["after"] = [{"verify": _get(page), "ready": _get(ready)} for _ in range(4)]
        time.sleep(3)
        outcome["worker_alive"] = worker.poll() is None
        outcome["lease_age_seconds_3s_after"] = float(
            _psql(url, "select extract(epoch from now() - max(heartbeat_at)) from core_workerlease")
        )
        outcome["server_master_alive"] = server.poll() is None
        outcome["logs"] = str(base)
    finally:
        _stop(*(p for p in (server, worker) if p is not None))
        subprocess.run(["runuser", "-u", "postgres", "--", *ctl, "-m", "fast", "stop"], check=False)
    return outcome


def disk_full() -> dict:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres") or url.rsplit("/", 1)[-1] in ("test", "foro"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database of its own with the demo")
    base = Path(tempfile.mkdtemp(prefix="foro-faults-disk-"))
    media = base / "media"
    limit = 256 * 1024

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    port = free_port()
    env = _env(url, media)
    server = _start(
        ["serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env,
        base / "serve.log",
        preexec=limited,
    )
    outcome: dict = {"file_size_limit_bytes": limit}
    try:
        client = Client(port)
        _wait(client.up, "the server")
        client.sign_in("applicant", "demo")
        draft = {
            "id": _psql(
                url,
                "select a.id from licensing_application a join core_user u "
                "on u.organisation_id = a.organisation_id where u.username = 'applicant' "
                "and a.status = 'draft' order by a.id limit 1",
            )
        }
        if not draft["id"]:
            raise SystemExit("the applicant has no draft application (demo loaded?)")
        rows_before = _psql(url, "select count(*) from licensing_applicationdocument")

        def upload(size: int) -> tuple[int, dict]:
            boundary = "foroFaultsBoundary"
            pdf = b"%PDF-1.7\n" + b"0" * (size - 20) + b"\n%%EOF\n"
            body = (
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nother\r\n'
                    f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                    f'filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
                ).encode()
                + pdf
                + f"\r\n--{boundary}--\r\n".encode()
            )
            status, raw = client.request(
                "POST",
                f"/api/v1/licensing/applications/{draft['id']}/documents",
                data=body,
                headers={
                    "Content-Type": f"multipart/form-data; boundary={boundary}",
                    "X-CSRFToken": client.cookie("csrftoken") or "",
                    "Referer": client.base + "/",
                },
            )
            try:
                return status, json.loads(raw)
            except ValueError:
                return status, {"body": raw[:200].decode(errors="replace")}

        outcome["big"] = upload(2 * 1024 * 1024)
        outcome["rows_after_big"] = (
            rows_before,
            _psql(url, "select count(*) from licensing_applicationdocument"),
        )
        outcome["files_after_big"] = (
            [(str(p.relative_to(media)), p.stat().st_size) for p in media.rglob("*") if p.is_file()]
            if media.exists()
            else []
        )
        outcome["small"] = upload(20 * 1024)
        outcome["server_master_alive"] = server.poll() is None
        outcome["logs"] = str(base)
    finally:
        _stop(server)
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("fault", choices=["pg-restart", "disk-full"])
    args = parser.parse_args()
    result = pg_restart() if args.fault == "pg-restart" else disk_full()
    print(json.dumps(result, indent=2, default=str))


if __name__ == "__main__":
    main()
