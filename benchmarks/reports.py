"""Licensing reports benchmark: the half-year and full-year report at scale.

    # PostgreSQL (a database of its own, never `test`):
    createdb -h 127.0.0.1 foro_bench
    export DATABASE_URL=postgres://root@127.0.0.1:5432/foro_bench
    .venv/bin/foro migrate && .venv/bin/foro reference load
    .venv/bin/python benchmarks/reports.py --generate 1000000

    # SQLite (a file under /tmp):
    export FORO_VAR_DIR=/tmp/foro-bench-sqlite
    .venv/bin/foro migrate && .venv/bin/foro reference load
    .venv/bin/python benchmarks/reports.py --generate 1000000

``--generate N`` first runs ``foro demo generate --licences N`` (timed); without it the
data already in the database are used. For each period (default 2025-H1 and 2025, the
generator's last year) it times, through the Django test client as a manager:

* ``queries``: the aggregations for the period and a year earlier, without the cache;
* ``page cold``: the report page with an empty figures cache (queries + rendering);
* ``page warm``: the same page again (figures read back from the cache);
* ``api``: the JSON of the API (warm); ``csv``, ``xlsx``, ``pdf``, ``eu csv``: the files.

Each timing is the best of ``--repeat`` runs (cold runs empty the cache each time). The
figures are printed as a Markdown table for benchmarks/RESULTS.md, with the load average
(the machine may be shared).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foro.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from foro.core.models import User  # noqa: E402
from foro.core.roles import Role  # noqa: E402
from foro.licensing.models import Denial, ExportRecord, Licence, LicenceLine  # noqa: E402
from foro.reporting import figures as fig  # noqa: E402
from foro.reporting import periods  # noqa: E402
from foro.reporting.models import FiguresCache  # noqa: E402

BENCH_USER = "bench-management"


def manager() -> User:
    from django.contrib.auth.models import Group

    user = User.objects.filter(username=BENCH_USER).first()
    if user is None:
        from foro.core.services import user_create

        user = user_create(
            actor="system", username=BENCH_USER, password=None, roles=[Role.MANAGEMENT]
        )
    user.groups.add(Group.objects.get(name=Role.MANAGEMENT.value))
    return user


def best(fn, repeat: int, before=None) -> float:
    times = []
    for _i in range(repeat):
        if before:
            before()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def get(client: Client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    _ = response.content


def clear_cache() -> None:
    FiguresCache.objects.all().delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--generate", type=int, default=0, help="generate N licences first")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--periods", default="2025-H1,2025", help="comma-separated periods")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    vendor = connection.vendor
    if vendor == "postgresql" and settings.DATABASES["default"]["NAME"] in ("test", "foro"):
        raise SystemExit("use a database of its own for benchmarks (e.g. foro_bench)")
    rows = []
    if args.generate:
        t = time.perf_counter()
        call_command("demo_generate", licences=args.generate, seed=args.seed)
        rows.append(("generate", f"{args.generate:,} licences", time.perf_counter() - t))
    counts = {
        "licences": Licence.objects.count(),
        "licence lines": LicenceLine.objects.count(),
        "exports": ExportRecord.objects.count(),
        "refusals": Denial.objects.count(),
    }
    client = Client()
    client.force_login(manager())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    for code in args.periods.split(","):
        p = periods.from_code(code.strip())
        q = f"period={p.code}"
        rows.append(
            (
                p.code,
                "queries (both periods, no cache)",
                best(lambda p=p: fig.build(p, cached=False), args.repeat),
            )
        )
        rows.append(
            (
                p.code,
                "page cold (empty cache)",
                best(lambda q=q: get(client, f"/reports/?{q}"), args.repeat, clear_cache),
            )
        )
        get(client, f"/reports/?{q}")
        for label, url in (
            ("page warm", f"/reports/?{q}"),
            ("api json (warm)", f"/api/v1/reports/licensing?{q}"),
            ("csv (warm)", f"/reports/licensing.csv?{q}"),
            ("xlsx (warm)", f"/reports/licensing.xlsx?{q}"),
            ("pdf (warm)", f"/reports/licensing.pdf?{q}"),
            ("eu annual-report csv (warm)", f"/reports/eu-annual-report.csv?{q}"),
        ):
            rows.append((p.code, label, best(lambda url=url: get(client, url), args.repeat)))
        rows.append(
            (
                p.code,
                "xlsx cold (empty cache)",
                best(lambda q=q: get(client, f"/reports/licensing.xlsx?{q}"), 1, clear_cache),
            )
        )
        rows.append(
            (
                p.code,
                "pdf cold (empty cache)",
                best(lambda q=q: get(client, f"/reports/licensing.pdf?{q}"), 1, clear_cache),
            )
        )
    load = os.getloadavg()
    print(f"\n### {vendor} — {', '.join(f'{v:,} {k}' for k, v in counts.items())}")
    print(
        f"load average after the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; best of {args.repeat}\n"
    )
    print("| period | what | seconds |")
    print("|---|---|---:|")
    for period, what, seconds in rows:
        print(f"| {period} | {what} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
