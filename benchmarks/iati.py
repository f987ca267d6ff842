"""IATI benchmark: export and validate N activities (goal: 10,000 in under 20 s, one core).

    # SQLite (a file under /tmp; the script migrates and loads reference data itself):
    export FORO_VAR_DIR=/tmp/foro-bench-iati
    .venv/bin/python benchmarks/iati.py --generate 10000

    # PostgreSQL (a database of its own, never `test`):
    export DATABASE_URL=postgres://root@127.0.0.1:5432/h_devcoop_bench
    .venv/bin/python benchmarks/iati.py --generate 10000

``--generate N`` first writes N activities of realistic shape (2 participating
organisations, 2 sectors, a location, a policy marker, 2 yearly budgets, 4 transactions, a
result with an indicator and 2 periods, a document link: ~60 elements each) with bulk
inserts, as benchmark data (not through the services: no audit events). Then it times,
best of ``--repeat`` runs:

* ``read``: the activities and their relations from the database (prefetched);
* ``build``: the lxml tree of the activity file, serialised to bytes;
* ``xsd``: validation against the IATI 2.03 schema;
* ``ruleset``: the Standard's ruleset rules;
* ``codelists``: every coded attribute against the shipped codelists;
* ``total``: all of it, i.e. what ``foro iati export --current`` does.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foro.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from lxml import etree  # noqa: E402

from foro.core.models import Country  # noqa: E402
from foro.devcoop import publisher  # noqa: E402
from foro.devcoop.iati import export, validate  # noqa: E402
from foro.devcoop.models import (  # noqa: E402
    Activity,
    ActivitySector,
    Budget,
    DocumentLink,
    Indicator,
    IndicatorPeriod,
    Location,
    ParticipatingOrg,
    PolicyMarker,
    Result,
    Transaction,
)

PREFIX = f"{publisher.ORG_REF}-BENCH-"
COUNTRIES = ["MW", "MZ", "ZA"]
SECTORS = [("31120", "31161"), ("14030", "43060"), ("13020", "12220"), ("41010", "11330")]


def generate(n: int) -> None:
    """``n`` benchmark activities (replacing earlier ones), bulk-inserted."""
    Activity.objects.filter(iati_identifier__startswith=PREFIX).delete()
    now = timezone.now().replace(microsecond=0)
    with transaction.atomic():
        activities = Activity.objects.bulk_create(
            [
                Activity(
                    iati_identifier=f"{PREFIX}{i:06d}",
                    reporting_org_ref=publisher.ORG_REF,
                    reporting_org_name=publisher.ORG_NAME_EN,
                    reporting_org_type=publisher.ORG_TYPE,
                    title_nl=f"Programma {i} voor klimaatbestendige landbouw",
                    title_en=f"Programme {i} for climate-resilient agriculture",
                    description_nl="Steun aan kleine boeren en hun coöperaties.",
                    description_en="Support to smallholder farmers and their cooperatives.",
                    status="2",
                    planned_start=date(2022, 1, 1) + timedelta(days=i % 700),
                    actual_start=date(2022, 2, 1) + timedelta(days=i % 700),
                    planned_end=date(2027, 12, 31),
                    recipient_country_id=COUNTRIES[i % 3],
                    default_currency="EUR",
                    collaboration_type="1",
                    default_flow_type="10",
                    default_finance_type="110",
                    default_aid_type="C01",
                    default_tied_status="5",
                    last_updated=now,
                )
                for i in range(n)
            ],
            batch_size=1000,
        )
        children: dict[type, list] = {
            m: []
            for m in (
                ParticipatingOrg,
                ActivitySector,
                Location,
                PolicyMarker,
                Budget,
                Transaction,
                DocumentLink,
            )
        }
        for i, a in enumerate(activities):
            s1, s2 = SECTORS[i % len(SECTORS)]
            children[ParticipatingOrg] += [
                ParticipatingOrg(
                    activity=a,
                    role="1",
                    ref=publisher.ORG_REF,
                    name="Flemish Government",
                    type="10",
                ),
                ParticipatingOrg(activity=a, role="4", ref="XM-DAC-41301", name="FAO", type="40"),
            ]
            children[ActivitySector] += [
                ActivitySector(activity=a, vocabulary="1", code=s1, percentage=Decimal(60)),
                ActivitySector(activity=a, vocabulary="1", code=s2, percentage=Decimal(40)),
            ]
            children[Location].append(
                Location(
                    activity=a,
                    name="Zomba",
                    latitude=Decimal("-15.386"),
                    longitude=Decimal("35.318"),
                )
            )
            children[PolicyMarker].append(PolicyMarker(activity=a, code="7", significance="2"))
            for year in (2024, 2025):
                children[Budget].append(
                    Budget(
                        activity=a,
                        period_start=date(year, 1, 1),
                        period_end=date(year, 12, 31),
                        value=Decimal(400000 + i),
                        currency="EUR",
                        value_date=date(year, 1, 1),
                    )
                )
            for kind, day, value in (
                ("2", date(2024, 1, 15), 1200000),
                ("3", date(2024, 3, 15), 300000),
                ("3", date(2025, 3, 14), 350000),
                ("4", date(2025, 6, 30), 280000),
            ):
                children[Transaction].append(
                    Transaction(
                        activity=a,
                        type=kind,
                        date=day,
                        value=Decimal(value),
                        currency="EUR",
                        value_eur=Decimal(value),
                        eur_rate=Decimal(1),
                        eur_rate_date=day,
                        provider_ref=publisher.ORG_REF,
                        provider_name="Flemish Government",
                        receiver_ref="XM-DAC-41301",
                        receiver_name="FAO",
                    )
                )
            children[DocumentLink].append(
                DocumentLink(
                    activity=a,
                    url="https://www.fao.org/malawi/en/",
                    title="FAO in Malawi",
                    category="A01",
                )
            )
        for model, objs in children.items():
            model.objects.bulk_create(objs, batch_size=2000)
        results = Result.objects.bulk_create(
            [
                Result(activity=a, type="1", title="Farmers adopt drought-tolerant crops")
                for a in activities
            ],
            batch_size=2000,
        )
        indicators = Indicator.objects.bulk_create(
            [
                Indicator(
                    result=r,
                    measure="1",
                    title="Farmers using drought-tolerant seed",
                    baseline_year=2023,
                    baseline_value=Decimal(1200),
                )
                for r in results
            ],
            batch_size=2000,
        )
        IndicatorPeriod.objects.bulk_create(
            [
                IndicatorPeriod(
                    indicator=ind,
                    period_start=date(y, 1, 1),
                    period_end=date(y, 12, 31),
                    target=Decimal(5000),
                    actual=Decimal(4100),
                )
                for ind in indicators
                for y in (2024, 2025)
            ],
            batch_size=2000,
        )


def run_once() -> dict[str, float]:
    t: dict[str, float] = {}
    cpu = time.process_time()
    start = time.perf_counter()
    activities = export.load(
        Activity.objects.filter(iati_identifier__startswith=PREFIX).order_by("iati_identifier")
    )
    t["read"] = time.perf_counter() - start
    mark = time.perf_counter()
    data = export.activities_xml(activities, generated=timezone.now())
    t["build"] = time.perf_counter() - mark
    mark = time.perf_counter()
    doc = etree.fromstring(data).getroottree()
    xsd = validate.xsd_violations(doc)
    t["xsd"] = time.perf_counter() - mark
    mark = time.perf_counter()
    rules = validate.ruleset_violations(doc)
    t["ruleset"] = time.perf_counter() - mark
    mark = time.perf_counter()
    codes = validate.codelist_violations(doc)
    t["codelists"] = time.perf_counter() - mark
    t["total"] = time.perf_counter() - start
    t["cpu"] = time.process_time() - cpu
    t["activities"] = len(activities)
    t["megabytes"] = len(data) / 1e6
    t["violations"] = len(xsd) + len(rules) + len(codes)
    return t


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--generate", type=int, default=0, help="write N benchmark activities first"
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not Country.objects.filter(code="BE").exists():
        call_command("reference_load", verbosity=0)
    if args.generate:
        mark = time.perf_counter()
        generate(args.generate)
        print(f"generated {args.generate} activities in {time.perf_counter() - mark:.1f} s")
    validate.schema()  # loaded once per process, as in the server
    validate.ruleset()
    runs = [run_once() for _ in range(args.repeat)]
    best = {k: min(r[k] for r in runs) for k in runs[0]}
    print(
        "| activities | MB | read | build | xsd | ruleset | codelists | **total** | CPU | violations | load avg |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {best['activities']:.0f} | {best['megabytes']:.1f} | {best['read']:.2f} s | {best['build']:.2f} s | "
        f"{best['xsd']:.2f} s | {best['ruleset']:.2f} s | {best['codelists']:.2f} s | **{best['total']:.2f} s** | "
        f"{best['cpu']:.2f} s | "
        f"{best['violations']:.0f} | {os.getloadavg()[0]:.2f} |"
    )


if __name__ == "__main__":
    main()
