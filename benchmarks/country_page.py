"""Country page benchmark: the page of the busiest country (most licences) per role.

    # PostgreSQL, a database of its own (never `test`):
    createdb -h 127.0.0.1 h_trade
    export DATABASE_URL=postgres://root@127.0.0.1:5432/h_trade
    .venv/bin/foro migrate && .venv/bin/foro reference load
    FORO_DEMO_MODE=1 .venv/bin/foro demo load
    .venv/bin/foro demo generate --licences 1000000 --seed 1     # ~10-45 min
    .venv/bin/python benchmarks/country_page.py --repeat 10

Through the Django test client (no network, no gunicorn): the whole request, every
module's section (network, reference embargoes, organisations, trade, licensing and
whatever else is registered on the ``country`` slot) and the template. For each role it
prints the best and the median of ``--repeat`` runs after one warm-up, and the number of
SQL queries, as a Markdown table for benchmarks/RESULTS.md. Goal: < 300 ms.
"""

from __future__ import annotations

import argparse
import time

from _common import (
    bench_user,
    client_for,
    keep_query_log,
    load_average,
    refuse_shared_database,
    timings,
)
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from foro.core.roles import Role
from foro.licensing.models import Denial, Licence, LicenceLine

ROLES = (Role.OFFICER, Role.MANAGEMENT, Role.POLICY, Role.POST)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--country", default="", help="a country code (default: the busiest)")
    args = parser.parse_args()
    refuse_shared_database()
    keep_query_log()
    code = args.country.upper()
    if not code:
        busiest = (
            Licence.objects.order_by()
            .values("destination")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        code = busiest["destination"] if busiest else "US"
    print(
        f"database: {connection.vendor}; licences {Licence.objects.count():,}, lines "
        f"{LicenceLine.objects.count():,}, refusals {Denial.objects.count():,}"
    )
    print(f"country: {code}, licences to it: {Licence.objects.filter(destination=code).count():,}")
    print(f"load average before: {load_average()}")
    print()
    # one request with an empty cache: the licensing figures are computed, not read back
    from django.core.cache import cache

    cache.clear()
    cold = client_for(bench_user(Role.POLICY))
    t = time.perf_counter()
    cold.get(f"/countries/{code}/")
    print(f"cold (empty cache), {Role.POLICY.label}: {(time.perf_counter() - t) * 1000:.0f} ms")
    print()
    print("| role | best ms | median ms | queries | goal < 300 ms |")
    print("|---|---:|---:|---:|---|")
    for role in ROLES:
        client = client_for(bench_user(role))
        url = f"/countries/{code}/"

        def get(client=client, url=url) -> None:
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")

        with CaptureQueriesContext(connection) as ctx:
            get()
        best, median = timings(get, args.repeat)
        verdict = "met" if median < 300 else "**missed**"
        print(
            f"| {role.label} | {best:.0f} | {median:.0f} | {len(ctx.captured_queries)} | {verdict} |"
        )
    print()
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
