"""Load test of a running foro (gunicorn) with locust, headless: the pages and calls people
use most, at several numbers of simultaneous users. Results: benchmarks/RESULTS.md ("Load").

Start the server first, on a database of its own with the demo data (never `test`/`foro`):

    createdb -h 127.0.0.1 foro_load
    export DATABASE_URL=postgres://root@127.0.0.1:5432/foro_load FORO_DEMO_MODE=1
    foro migrate && foro reference load && foro demo load
    FORO_WORKERS=4 foro serve --bind 127.0.0.1:8000 &
    python benchmarks/load.py --host http://127.0.0.1:8000 --users 10,50,200 --seconds 30

The script finds a case and a licence's verification code in DATABASE_URL's database (the
one the server uses: `manage.py shell`), signs in once per role (demo password `demo`, or
--password) and shares each role's session among its simulated users, so sign-in hashing is
not what is measured. Each simulated user picks one of the requests below at random, then
waits --wait seconds (default 0.5-1.5, a person's pace; 0 for a closed loop at full speed):

    trivial           GET /health/live                     (the ceiling: no database, no template)
    officer queue     GET /licensing/                      (licensing officer)
    case page         GET /licensing/applications/<id>/    (licensing officer)
    applicant list    GET /portal/                         (applicant: their applications)
    verification      GET /verify/<code>/                  (anonymous, public)
    report page       GET /reports/                        (management)
    screening API     POST /api/v1/screening/matches       (licensing officer, one name)

For each level: all users started at once, --warmup seconds not counted, then --seconds
measured: per request kind the count, failures, p50/p95/p99 (ms) and requests/s, and the
machine's load average. Loopback only unless --allow-remote. For a full run later: the
1,000,000-licence data set (benchmarks/README.md) and --seconds 300 on a quiet machine.
"""

from __future__ import annotations

# locust patches the standard library with gevent: it comes first.
from locust import FastHttpUser, between, constant, events, task  # isort: skip
from locust.env import Environment  # isort: skip

import argparse
import json
import os
import random
import re
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import gevent
import requests

REPO = Path(__file__).resolve().parents[1]

DISCOVER = """
import json
from foro.licensing.models import Application, Licence
app = Application.objects.exclude(status="draft").order_by("pk").first()
lic = Licence.objects.order_by("pk").first()
print("LOAD-IDS " + json.dumps({"case": app.pk if app else None,
                               "code": lic.verification_code if lic else None}))
"""

KINDS = [
    "trivial",
    "officer queue",
    "case page",
    "applicant list",
    "verification",
    "report page",
    "screening API",
]
SCREEN_NAMES = ["Ivan Petrov", "Acme Dual-Use Trading", "Maria Gonzalez", "Ocean Star", "Kim Jong"]


def discover() -> dict:
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", DISCOVER],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = json.loads(out.split("LOAD-IDS ", 1)[1])
    if not found["case"] or not found["code"]:
        raise SystemExit(f"no case or licence in the database (demo loaded?): {found}")
    return found


def sign_in(host: str, username: str, password: str) -> dict[str, str]:
    """The cookies of a signed-in session of USERNAME."""
    s = requests.Session()
    page = s.get(f"{host}/login/", timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if token is None:
        raise SystemExit("no sign-in form at /login/")
    s.post(
        f"{host}/login/",
        data={"csrfmiddlewaretoken": token.group(1), "username": username, "password": password},
        headers={"Referer": f"{host}/login/"},
        allow_redirects=False,
        timeout=60,
    )
    if "sessionid" not in s.cookies:
        raise SystemExit(f"could not sign in as {username}")
    return dict(s.cookies)


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in {**cookies, "foro_language": "en"}.items())


def make_user(host: str, ids: dict, sessions: dict[str, dict], wait: tuple[float, float]):
    officer = {"Cookie": cookie_header(sessions["officer"])}
    screening = {
        **officer,
        "X-CSRFToken": sessions["officer"].get("csrftoken", ""),
        "Referer": f"{host}/",
        "Content-Type": "application/json",
    }
    applicant = {"Cookie": cookie_header(sessions["applicant"])}
    management = {"Cookie": cookie_header(sessions["management"])}
    anonymous = {"Cookie": "foro_language=en"}

    class Mixed(FastHttpUser):
        wait_time = constant(0) if wait == (0, 0) else between(*wait)

        def _get(self, path: str, name: str, headers: dict) -> None:
            with self.client.get(path, name=name, headers=headers, catch_response=True) as r:
                if r.status_code != 200:
                    r.failure(f"{r.status_code}")

        @task
        def one(self) -> None:
            kind = random.choice(KINDS)
            if kind == "trivial":
                self._get("/health/live", kind, anonymous)
            elif kind == "officer queue":
                self._get("/licensing/", kind, officer)
            elif kind == "case page":
                self._get(f"/licensing/applications/{ids['case']}/", kind, officer)
            elif kind == "applicant list":
                self._get("/portal/", kind, applicant)
            elif kind == "verification":
                self._get(f"/verify/{urllib.parse.quote(ids['code'])}/", kind, anonymous)
            elif kind == "report page":
                self._get("/reports/", kind, management)
            else:
                body = json.dumps({"name": random.choice(SCREEN_NAMES)})
                with self.client.post(
                    "/api/v1/screening/matches",
                    data=body,
                    name=kind,
                    headers=screening,
                    catch_response=True,
                ) as r:
                    if r.status_code != 200:
                        r.failure(f"{r.status_code}")

    return Mixed


def run_level(user_class, host: str, users: int, warmup: float, seconds: float) -> dict:
    env = Environment(user_classes=[user_class], host=host, events=events)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    gevent.sleep(warmup)
    env.stats.reset_all()
    started = time.monotonic()
    gevent.sleep(seconds)
    elapsed = time.monotonic() - started
    rows = {}
    for kind in [*KINDS, "all"]:
        entry = env.stats.total if kind == "all" else env.stats.get(kind, "")
        if kind == "screening API":
            entry = env.stats.get(kind, "POST")
        elif kind != "all":
            entry = env.stats.get(kind, "GET")
        rows[kind] = {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50": entry.get_response_time_percentile(0.50) if entry.num_requests else None,
            "p95": entry.get_response_time_percentile(0.95) if entry.num_requests else None,
            "p99": entry.get_response_time_percentile(0.99) if entry.num_requests else None,
            "rps": round(entry.num_requests / elapsed, 1),
        }
    runner.quit()
    return {
        "users": users,
        "seconds": round(elapsed, 1),
        "loadavg": list(os.getloadavg()),
        "kinds": rows,
    }


def table(results: list[dict]) -> str:
    lines = [
        "| users | request | n | failed | p50 ms | p95 ms | p99 ms | req/s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for level in results:
        for kind, r in level["kinds"].items():
            lines.append(
                f"| {level['users']} | {kind} | {r['requests']} | {r['failures']} | "
                f"{r['p50']} | {r['p95']} | {r['p99']} | {r['rps']} |"
            )
        load = ", ".join(f"{x:.1f}" for x in level["loadavg"])
        lines.append(f"| {level['users']} | (load average after: {load}) | | | | | | |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="http://127.0.0.1:8000")
    parser.add_argument("--users", default="10,50,200", help="comma-separated levels")
    parser.add_argument("--seconds", type=float, default=30, help="measured time per level")
    parser.add_argument("--warmup", type=float, default=5, help="uncounted seconds per level")
    parser.add_argument("--wait", default="0.5-1.5", help="think time MIN-MAX seconds, or 0")
    parser.add_argument("--password", default="demo")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--allow-remote", action="store_true")
    args = parser.parse_args()

    host = urllib.parse.urlsplit(args.host).hostname
    if host not in ("127.0.0.1", "localhost", "::1") and not args.allow_remote:
        raise SystemExit("loopback only (or --allow-remote, for a server you run yourself)")
    if os.environ.get("DATABASE_URL", "").rsplit("/", 1)[-1] in ("test", "foro"):
        raise SystemExit("use a database of its own for benchmarks")
    low, _, high = args.wait.partition("-")
    wait = (float(low), float(high or low))
    levels = [int(n) for n in args.users.split(",")]
    if max(levels) > 1000 or args.seconds > 3600:
        raise SystemExit("at most 1000 users and one hour a level")

    ids = discover()
    sessions = {
        u: sign_in(args.host, u, args.password) for u in ("officer", "applicant", "management")
    }
    user_class = make_user(args.host, ids, sessions, wait)
    print(f"case {ids['case']}, verification code {ids['code']}; think time {args.wait} s")
    results = []
    for users in levels:
        print(
            f"-- {users} users: {args.warmup:.0f} s warm-up, {args.seconds:.0f} s measured",
            flush=True,
        )
        results.append(run_level(user_class, args.host, users, args.warmup, args.seconds))
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
