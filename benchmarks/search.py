"""Global search benchmark: ``GET /api/v1/search?q=`` per role over the demo data plus the
generated licences (see benchmarks/country_page.py for how the database is made).

    export DATABASE_URL=postgres://root@127.0.0.1:5432/h_trade
    .venv/bin/python benchmarks/search.py --repeat 10

Queries: a generated licence number (prefix), an application reference, a generated
company's name, a demo company's name with and without accents and legal form, a word
of a barrier, a word that matches nothing. For each role the best and median of
``--repeat`` runs after one warm-up, as a Markdown table. Goal: < 200 ms.
"""

from __future__ import annotations

import argparse
from urllib.parse import urlencode

from _common import bench_user, client_for, load_average, refuse_shared_database, timings
from django.db import connection

from foro.core.models import Organisation
from foro.core.roles import Role
from foro.licensing.models import Application, Licence

ROLES = (Role.OFFICER, Role.POLICY, Role.APPLICANT)


def queries() -> list[str]:
    licence = Licence.objects.order_by("-id").values_list("number", flat=True).first() or "L-2025"
    app = (
        Application.objects.order_by("-id").values_list("reference", flat=True).first() or "A-2025"
    )
    gen = (
        Organisation.objects.filter(name__startswith="GEN ").values_list("name", flat=True).first()
        or "Scheldt"
    )
    return [
        licence,
        app,
        gen,
        "Flandrix Defence",
        "flandrix nv",
        "Schéldt optronics",
        "cheese",
        "qwxzvy",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    refuse_shared_database()
    print(
        f"database: {connection.vendor}; licences {Licence.objects.count():,}, "
        f"applications {Application.objects.count():,}, organisations {Organisation.objects.count():,}"
    )
    print(f"load average before: {load_average()}")
    print()
    print("| role | query | results | best ms | median ms | goal < 200 ms |")
    print("|---|---|---:|---:|---:|---|")
    for role in ROLES:
        client = client_for(bench_user(role))
        for q in queries():
            url = "/api/v1/search?" + urlencode({"q": q})

            def get(client=client, url=url) -> None:
                response = client.get(url)
                if response.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {response.status_code}")

            total = client.get(url).json()["total"]
            best, median = timings(get, args.repeat)
            verdict = "met" if median < 200 else "**missed**"
            print(f"| {role.label} | `{q}` | {total} | {best:.0f} | {median:.0f} | {verdict} |")
    print()
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
