"""Synthetic licensing data for benchmarks: ``foro demo generate --licences N``.

Not the demo (``foro demo load`` goes through the services, one case at a time): this
writes granted applications with their goods lines, licences, licence lines, exports, and
refused applications with their denials straight to the tables with ``bulk_create`` in
batches, with explicit primary keys, and records one audit event for the whole run.

Every generated row is recognisable: applications ``GEN-A…``, licences ``GEN-…``, denials
``GEN-WG-…``, organisations named ``GEN …``, created by the inactive account
``generator``. The same (N, seed, start year, years) gives the same rows. A new run first
removes the rows of the previous run.

It refuses to run on a database that holds real data: any application whose reference does
not start with ``GEN-`` and whose applicant is not a demo organisation (``foro demo load``).
"""

from __future__ import annotations

import random
import time as _time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from foro.core import audit
from foro.core.actors import SystemActor
from foro.core.dates import BRUSSELS
from foro.core.demo import DEMO_ORGANISATIONS
from foro.core.models import Country, Organisation, User
from foro.licensing.kinds import kind_table
from foro.licensing.models import (
    Application,
    Denial,
    ExportRecord,
    GoodsLine,
    Licence,
    LicenceLine,
    Status,
)
from foro.licensing.rules_validation import DUAL_USE_CATEGORIES, MILITARY_CATEGORIES

PREFIX = "GEN-"
ORG_PREFIX = "GEN "
GENERATOR_USERNAME = "generator"
BATCH = 5000
REFUSAL_RATE = 0.06

# Destinations outside the EU, most frequent first (weights fall off like real reports).
THIRD_COUNTRIES = [
    "US",
    "GB",
    "NO",
    "CH",
    "CA",
    "SA",
    "AE",
    "IN",
    "QA",
    "AU",
    "JP",
    "KR",
    "SG",
    "TR",
    "BR",
    "EG",
    "MA",
    "ZA",
    "ID",
    "MX",
    "IL",
    "UA",
    "CL",
    "CO",
    "PE",
    "TH",
    "MY",
    "PH",
    "VN",
    "NZ",
    "IS",
    "RS",
    "AL",
    "MK",
    "ME",
    "BA",
    "GE",
    "AM",
    "AZ",
    "KZ",
    "UZ",
    "JO",
    "KW",
    "OM",
    "BH",
    "DZ",
    "TN",
    "NG",
    "KE",
    "GH",
    "SN",
    "CI",
    "PK",
    "BD",
    "LK",
    "AR",
    "UY",
    "EC",
    "BO",
    "PY",
    "TW",
    "HK",
    "CN",
]
UNITS = ("pieces", "sets", "kg")


class RealDataPresent(RuntimeError):
    pass


def demo_kbo_numbers() -> list[str]:
    return [org["kbo_number"] for org in DEMO_ORGANISATIONS.values()]


def real_applications():
    """Applications that were neither generated nor made by the demo loader."""
    return Application.objects.exclude(reference__startswith=PREFIX).exclude(
        organisation__kbo_number__in=demo_kbo_numbers()
    )


@dataclass
class Result:
    licences: int
    refusals: int
    rows: int
    seconds: float


def _weights(n: int, skew: float = 1.0) -> list[float]:
    return [1 / (i + 1) ** skew for i in range(n)]


def _clear() -> int:
    """Remove the rows of an earlier run (plain SQL deletes: millions of rows)."""
    t = {
        m.__name__: m._meta.db_table
        for m in (Application, Denial, ExportRecord, GoodsLine, Licence, LicenceLine)
    }
    like = PREFIX + "%"
    # table names come from the models, never from input; the pattern is a parameter
    statements = [
        f"DELETE FROM {t['ExportRecord']} WHERE licence_line_id IN "  # noqa: S608  # nosec B608
        f"(SELECT l.id FROM {t['LicenceLine']} l JOIN {t['Licence']} c ON c.id = l.licence_id "
        "WHERE c.number LIKE %s)",
        f"DELETE FROM {t['LicenceLine']} WHERE licence_id IN "  # noqa: S608  # nosec B608
        f"(SELECT id FROM {t['Licence']} WHERE number LIKE %s)",
        f"DELETE FROM {t['Licence']} WHERE number LIKE %s",  # noqa: S608  # nosec B608
        f"DELETE FROM {t['Denial']} WHERE reference LIKE %s",  # noqa: S608  # nosec B608
        f"DELETE FROM {t['GoodsLine']} WHERE application_id IN "  # noqa: S608  # nosec B608
        f"(SELECT id FROM {t['Application']} WHERE reference LIKE %s)",
        f"DELETE FROM {t['Application']} WHERE reference LIKE %s",  # noqa: S608  # nosec B608
    ]
    removed = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql, [like])
            removed += max(cursor.rowcount, 0)
    return removed


class _Table:
    """Rows of one table, written with ``executemany`` (Django's bulk_create spends most of
    its time compiling SQL per value; at millions of rows that is the whole run). Values
    are prepared with the fields' own ``get_db_prep_save``, so dates, decimals and JSON are
    stored exactly as the ORM stores them, on either database."""

    _PREPARED = (models.DateTimeField, models.DateField, models.DecimalField, models.JSONField)

    def __init__(self, model):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        now = timezone.now()
        self.defaults = {}
        for f in self.fields:
            auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            self.defaults[f.attname] = now if auto else f.get_default()
        self.preps = [
            (f.attname, f.get_db_prep_save if isinstance(f, self._PREPARED) else None)
            for f in self.fields
        ]
        qn = connection.ops.quote_name
        self.table = qn(model._meta.db_table)
        self.columns = ", ".join(qn(f.column) for f in self.fields)
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model  # nosec B608
            self.table, self.columns, ", ".join(["%s"] * len(self.fields))
        )
        self.rows: list[tuple] = []

    def add(self, **values) -> None:
        row = []
        for attname, prep in self.preps:
            v = values[attname] if attname in values else self.defaults[attname]
            if prep is not None and v is not None:
                v = prep(v, connection)
            row.append(v)
        self.rows.append(tuple(row))

    def flush(self, cursor) -> int:
        n = len(self.rows)
        if n and connection.vendor == "postgresql":
            # speed-up behind a seam: COPY is several times faster than INSERTs there
            with cursor.cursor.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy:
                for row in self.rows:
                    copy.write_row(row)
        elif n:
            for i in range(0, n, 2000):
                cursor.executemany(self.sql, self.rows[i : i + 2000])
        self.rows = []
        return n


class _Ids:
    """Next primary key per table (rows are created with explicit keys)."""

    def __init__(self, *models):
        self.next = {m: (m.objects.aggregate(m=Max("pk"))["m"] or 0) + 1 for m in models}

    def take(self, model) -> int:
        pk = self.next[model]
        self.next[model] = pk + 1
        return pk


def generate(
    *,
    licences: int,
    seed: int = 1,
    start_year: int = 2020,
    years: int = 6,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Result:
    if licences < 1:
        raise ValueError("--licences must be at least 1")
    if not force and real_applications().exists():
        raise RealDataPresent(
            "Refusing to generate: this database holds applications that were not made by "
            "the generator or the demo loader (real data?). Use --force only on a copy."
        )
    eu = list(
        Country.objects.filter(is_eu_member=True)
        .exclude(code="BE")
        .order_by("code")
        .values_list("code", flat=True)
    )
    third = list(Country.objects.filter(code__in=THIRD_COUNTRIES).values_list("code", flat=True))
    third.sort(key=THIRD_COUNTRIES.index)
    if not eu or not third:
        raise RuntimeError("Load the reference data first: foro reference load")
    say = progress or (lambda _msg: None)
    started = _time.monotonic()
    removed = _clear()
    if removed:
        say(f"removed {removed} rows of an earlier run")
    user, _created = User.objects.get_or_create(
        username=GENERATOR_USERNAME,
        defaults={"first_name": "Synthetic", "last_name": "data generator", "is_active": False},
    )
    be = Country.objects.get(code="BE")
    orgs: list[int] = [
        Organisation.objects.get_or_create(
            name=f"{ORG_PREFIX}Synthetic Industries {i:02d} NV",
            defaults={"country": be, "city": "Antwerpen"},
        )[0].pk
        for i in range(1, 41)
    ]

    kinds = kind_table().kinds
    kind_codes = ["export-military", "transfer-intra-eu", "export-dual-use"]
    kind_codes = [k for k in kind_codes if k in kinds]
    kind_weights = [2, 1, 1][: len(kind_codes)]
    ml_weights = _weights(len(MILITARY_CATEGORIES), 0.6)
    du_weights = _weights(len(DUAL_USE_CATEGORIES), 0.5)
    third_weights = _weights(len(third), 0.9)
    eu_weights = _weights(len(eu), 0.8)
    first_day = date(start_year, 1, 1)
    span = (date(start_year + years, 1, 1) - first_day).days
    today = date.today()

    ids = _Ids(Application, GoodsLine, Licence, LicenceLine, ExportRecord, Denial)
    rng = random.Random(seed)
    rows = 0

    def pick_destination(kind: str) -> str:
        if kinds[kind].destination == "eu-member":
            return rng.choices(eu, eu_weights)[0]
        return rng.choices(third, third_weights)[0]

    def pick_categories(kind: str) -> list[str]:
        n = rng.choices((1, 2, 3), (55, 30, 15))[0]
        pool, weights = (
            (MILITARY_CATEGORIES, ml_weights)
            if kinds[kind].control_list == "military"
            else (DUAL_USE_CATEGORIES, du_weights)
        )
        cats = [rng.choices(pool, weights)[0]]
        for _i in range(n - 1):
            # one line in ten repeats the category of the first (counted once per category)
            cats.append(cats[0] if rng.random() < 0.1 else rng.choices(pool, weights)[0])
        return cats

    def value() -> Decimal:
        return Decimal(str(round(min(rng.lognormvariate(10.5, 1.6), 80_000_000), 2)))

    tables = {
        m: _Table(m) for m in (Application, GoodsLine, Licence, LicenceLine, ExportRecord, Denial)
    }
    apps_t, goods_t, lic_t, line_t, exp_t, den_t = tables.values()

    def goods(app_id: int, kind: str, cats: list[str]) -> list[tuple[int, str, Decimal, Decimal]]:
        lines = []
        for pos, cat in enumerate(cats, start=1):
            line_id = ids.take(GoodsLine)
            qty = Decimal(rng.choice((1, 4, 10, 50, 200, 1000)))
            val = value()
            goods_t.add(
                id=line_id,
                application_id=app_id,
                position=pos,
                description=f"Synthetic goods {cat}",
                control_entry=f"{cat}.a" if cat.startswith("ML") else f"{cat}A001.a",
                control_category=cat,
                cn_code="93069090",
                quantity=qty,
                unit=rng.choice(UNITS),
                value_eur=val,
            )
            lines.append((line_id, cat, qty, val))
        return lines

    def application(
        reference: str, kind: str, status: str, destination: str, decided
    ) -> tuple[int, int]:
        """A decided application of one of the organisations: (its id, the organisation)."""
        org_id = orgs[rng.randrange(len(orgs))]
        app_id = ids.take(Application)
        apps_t.add(
            id=app_id,
            reference=reference,
            kind=kind,
            organisation_id=org_id,
            status=status,
            destination_id=destination,
            end_use="Synthetic data for benchmarks",
            created_by_id=user.pk,
            submitted_at=decided - timedelta(days=rng.randint(10, 60)),
            decided_at=decided,
        )
        return app_id, org_id

    def flush() -> None:
        nonlocal rows
        with transaction.atomic(), connection.cursor() as cursor:
            for table in tables.values():
                rows += table.flush(cursor)

    # ---------------------------------------------------------------- granted licences
    for n in range(1, licences + 1):
        kind = rng.choices(kind_codes, kind_weights)[0]
        k = kinds[kind]
        day = first_day + timedelta(days=rng.randrange(span))
        issued = datetime.combine(day, time(rng.randint(8, 17), rng.randrange(60)), BRUSSELS)
        destination = pick_destination(kind)
        app_id, org_id = application(f"{PREFIX}A{n:09d}", kind, Status.GRANTED, destination, issued)
        lines = goods(app_id, kind, pick_categories(kind))
        licence_id = ids.take(Licence)
        valid_until = day + timedelta(days=30 * k.validity_months)
        lic_t.add(
            id=licence_id,
            number=f"{PREFIX}{k.licence_code}-{day.year}-{n:09d}",
            application_id=app_id,
            kind=kind,
            holder_id=org_id,
            destination_id=destination,
            status=Licence.Status.EXPIRED if valid_until < today else Licence.Status.VALID,
            issued_at=issued,
            valid_from=day,
            valid_until=valid_until,
            verification_code=f"{PREFIX}{n:012d}",
        )
        for goods_id, cat, qty, val in lines:
            line_id = ids.take(LicenceLine)
            used_q, used_v = Decimal(0), Decimal("0.00")
            for _s in range(rng.choices((0, 1, 2), (40, 35, 25))[0]):
                shipped = day + timedelta(days=rng.randint(10, 540))
                if shipped > min(valid_until, today):
                    break
                share = Decimal(rng.choice(("0.2", "0.3", "0.5")))
                q = (qty * share).quantize(Decimal("0.001"))
                v = (val * share).quantize(Decimal("0.01"))
                used_q += q
                used_v += v
                exp_t.add(
                    id=ids.take(ExportRecord),
                    licence_line_id=line_id,
                    shipped_on=shipped,
                    kind=kind,
                    destination_id=destination,
                    control_category=cat,
                    quantity=q,
                    value_eur=v,
                    customs_declaration=f"GEN{n:012d}",
                    recorded_by_id=user.pk,
                )
            line_t.add(
                id=line_id,
                licence_id=licence_id,
                goods_line_id=goods_id,
                control_category=cat,
                issued_on=day,  # the Brussels date of issued (the licence's copies)
                kind=kind,
                destination_id=destination,
                authorised_quantity=qty,
                authorised_value_eur=val,
                used_quantity=used_q,
                used_value_eur=used_v,
            )
        if n % BATCH == 0:
            flush()
            if n % (BATCH * 20) == 0:
                say(f"{n} licences ({_time.monotonic() - started:.0f} s)")
    flush()

    # ---------------------------------------------------------------- refusals
    refusals = max(1, round(licences * REFUSAL_RATE))
    rng = random.Random(seed + 1)
    criteria_weights = [4, 9, 5, 6, 1, 2, 10, 1]
    for n in range(1, refusals + 1):
        kind = rng.choices(kind_codes, kind_weights)[0]
        day = first_day + timedelta(days=rng.randrange(span))
        decided = datetime.combine(day, time(rng.randint(8, 17)), BRUSSELS)
        destination = pick_destination(kind)
        app_id, org_id = application(
            f"{PREFIX}R{n:09d}", kind, Status.REFUSED, destination, decided
        )
        lines = goods(app_id, kind, pick_categories(kind))
        cited = set()
        for _i in range(rng.choices((1, 2, 3), (50, 35, 15))[0]):
            cited.add(rng.choices(range(1, 9), criteria_weights)[0])
        den_t.add(
            id=ids.take(Denial),
            application_id=app_id,
            reference=f"{PREFIX}WG-{n:09d}",
            organisation_id=org_id,
            destination_id=destination,
            control_categories=sorted({cat for _id, cat, _q, _v in lines}),
            end_user_name=f"{ORG_PREFIX}end user {n}",
            end_user_country_id=destination,
            criteria=sorted(cited),
            reasoning="Synthetic refusal for benchmarks.",
            denied_on=day,
        )
        if n % BATCH == 0:
            flush()
    flush()

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(
            no_style(), [Application, GoodsLine, Licence, LicenceLine, ExportRecord, Denial]
        ):
            cursor.execute(sql)
    with transaction.atomic():
        audit.record(
            actor=SystemActor.GENERATOR,
            verb="demo.generated",
            target_type="licensing.synthetic",
            target_id=str(seed),
            target_label=f"{licences} synthetic licences",
            payload={
                "licences": licences,
                "refusals": refusals,
                "seed": seed,
                "startYear": start_year,
                "years": years,
                "rows": rows,
            },
        )
    _analyse()
    return Result(licences, refusals, rows, _time.monotonic() - started)


def _analyse() -> None:
    """Fresh planner statistics after a bulk load (and, on PostgreSQL, a visibility map so
    the covering indexes can answer without reading the tables)."""
    tables = [
        m._meta.db_table
        for m in (Application, GoodsLine, Licence, LicenceLine, ExportRecord, Denial)
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            for table in tables:
                cursor.execute(f"VACUUM ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")
