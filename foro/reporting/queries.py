"""The aggregations behind every licensing report, done by the database.

Each function runs one GROUP BY query and returns its (small) result rows; nothing here
loops over licences, lines, exports or refusals in Python. The queries use only the ORM
(COUNT, COUNT DISTINCT, SUM, CASE, GROUP BY), so they run unchanged and
give the same figures on SQLite and PostgreSQL.

Criteria are counted per distinct list of criteria cited (see ``refusal_destinations``).

A report needs a period and the same period a year earlier: every function takes a list of
periods that do not overlap and answers for all of them in one scan, each row carrying the
index of its period as ``bucket``.

Counting rules (docs/reports.md):

* a licence counts in the period in which it was issued (``issued_at``, Brussels date),
  whatever happened to it afterwards (suspended, revoked, expired);
* per destination × category, a licence counts once for each category in which it has
  goods lines (COUNT DISTINCT licence), with the authorised value of those lines;
* refusals count by ``denied_on``; a refusal counts once per destination, once in every
  category of its goods lines, and once for each criterion it cites;
* exports count by ``shipped_on``: number of export records and their value;
* the use of general licences counts by the last day of the usage report's period
  (``period_end``): number of report lines and their value;
* extensions (amendments and renewals) count by the moment they came into force, written
  confirmations (item rulings) by the moment they were answered.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, Sum, TextField, Value, When
from django.db.models.functions import Cast

from foro.licensing.models import Denial, ExportRecord, Licence, LicenceLine
from foro.licensing.models_amendments import LicenceVersion
from foro.licensing.models_general import GeneralLicenceReport
from foro.licensing.models_instruments import ItemRuling
from foro.reporting.periods import Period

CRITERIA = range(1, 9)
#: None: every kind; else only these kinds of licence or application
Kinds = Sequence[str] | None
#: one result row: column → value
Row = Mapping[str, Any]


def _in_periods(field: str, periods: Sequence[Period], *, moment: bool) -> tuple[Q, Case]:
    """A filter for ``field`` in any of ``periods`` and the CASE giving the period's index.
    ``moment``: the field is a datetime (compared with Brussels midnights), else a date."""
    where = Q()
    whens = []
    for i, p in enumerate(periods):
        if moment:
            start, end = p.bounds()
            q = Q(**{f"{field}__gte": start, f"{field}__lt": end})
        else:
            q = Q(**{f"{field}__gte": p.start, f"{field}__lte": p.end})
        where |= q
        whens.append(When(q, then=Value(i)))
    return where, Case(*whens, default=Value(-1), output_field=IntegerField())


def _per_period(periods: Sequence[Period], branch) -> list[Row]:
    """``branch(index, period)`` gives the GROUP BY of one period (its rows carrying
    ``bucket=Value(index)``); the periods are answered by one statement, the branches joined
    by UNION ALL. Each branch is a range scan of a covering index on the period column:
    an ``OR`` of two ranges would make PostgreSQL read the table (bitmap scans) or scan
    the gap between the periods."""
    queries = [branch(i, p) for i, p in enumerate(periods)]
    if len(queries) == 1:
        return list(queries[0])
    return list(queries[0].union(*queries[1:], all=True))


def _day_cells(model, day_field: str, periods: Sequence[Period], kinds: Kinds, **aggregates):
    """Rows of ``model`` whose date ``day_field`` falls in each period, per period × kind ×
    destination × category, with ``aggregates``: the rows carry their own kind,
    destination and category (copies of their licence's, ADR 0010), so no join."""

    def branch(i: int, p: Period):
        qs = model.objects.filter(**{f"{day_field}__gte": p.start, f"{day_field}__lte": p.end})
        if kinds is not None:
            qs = qs.filter(kind__in=kinds)
        return (
            qs.values(
                bucket=Value(i, output_field=IntegerField()),
                kind_code=F("kind"),
                dest=F("destination_id"),
                cat=F("control_category"),
            )
            .annotate(**aggregates)
            .order_by()
        )

    return _per_period(periods, branch)


def granted_cells(periods: Sequence[Period], kinds: Kinds = None) -> list[Row]:
    """Licences issued: per period × kind × destination × category, distinct licences and
    the authorised value of their lines. Reads the lines alone (index
    ``licence_line_period``)."""
    return _day_cells(
        LicenceLine,
        "issued_on",
        periods,
        kinds,
        number=Count("licence_id", distinct=True),
        value=Sum("authorised_value_eur"),
    )


def granted_destinations(periods: Sequence[Period], kinds: Kinds = None) -> list[Row]:
    """Licences issued per period × kind × destination, each licence once (row totals)."""

    def branch(i: int, p: Period):
        start, end = p.bounds()
        qs = Licence.objects.filter(issued_at__gte=start, issued_at__lt=end)
        if kinds is not None:
            qs = qs.filter(kind__in=kinds)
        return (
            qs.values(
                bucket=Value(i, output_field=IntegerField()),
                kind_code=F("kind"),
                dest=F("destination_id"),
            )
            .annotate(number=Count("id"))
            .order_by()
        )

    return _per_period(periods, branch)


def export_cells(periods: Sequence[Period], kinds: Kinds = None) -> list[Row]:
    """Exports recorded under licences, per period × kind × destination × category. Reads
    the exports alone (index ``export_period``)."""
    return _day_cells(
        ExportRecord, "shipped_on", periods, kinds, number=Count("id"), value=Sum("value_eur")
    )


def _refusals(periods: Sequence[Period], kinds: Kinds, number, **group) -> list[Row]:
    """Refusals per period × kind × destination × list of criteria cited (and ``group``)."""
    where, bucket = _in_periods("denied_on", periods, moment=False)
    qs = Denial.objects.filter(where)
    if kinds is not None:
        qs = qs.filter(application__kind__in=kinds)
    return list(
        qs.values(
            # the list as text: a handful of distinct lists over thousands of rows, each
            # parsed once (``criteria_of``) rather than once per row by the JSON field
            criteria_json=Cast("criteria", TextField()),
            bucket=bucket,
            kind_code=F("application__kind"),
            dest=F("destination_id"),
            **group,
        )
        .annotate(number=number)
        .order_by()
    )


@lru_cache(maxsize=1024)
def criteria_of(text: str | None) -> frozenset[int]:
    """The criteria of a refusal row's ``criteria_json`` (a JSON list, or NULL)."""
    return frozenset(int(c) for c in (json.loads(text) if text else None) or ())


def refusal_destinations(periods: Sequence[Period], kinds: Kinds = None) -> list[Row]:
    """Refusals per period × kind × destination × list of criteria cited.

    Grouping by the whole list (a handful of distinct lists) lets the database count
    without reading inside the JSON; ``figures.RefusalCount.add_group`` then adds each group
    to every criterion of its list."""
    return _refusals(periods, kinds, Count("id"))


def refusal_cells(periods: Sequence[Period], kinds: Kinds = None) -> list[Row]:
    """Refusals per period × kind × destination × category of their goods lines × list of
    criteria (each refusal once per category). Driven from the refusals (index on
    ``denied_on``), joined to the goods lines of their application."""
    return _refusals(
        periods,
        kinds,
        Count("id", distinct=True),
        cat=F("application__goods__control_category"),
    )


def general_use(periods: Sequence[Period]) -> list[Row]:
    """General-licence use per period × general licence: the lines of the usage reports
    whose period ends in the period (``number``), the companies that reported them and
    their value. A handful of rows (one per general licence)."""
    where, bucket = _in_periods("period_end", periods, moment=False)
    return list(
        GeneralLicenceReport.objects.filter(where)
        .values(bucket=bucket, code=F("registration__licence_code"))
        .annotate(
            number=Count("id"),
            companies=Count("registration__organisation_id", distinct=True),
            value=Sum("value_eur"),
        )
        .order_by()
    )


EXTENSION_KINDS = (LicenceVersion.Kind.AMENDMENT, LicenceVersion.Kind.RENEWAL)


def extensions(periods: Sequence[Period], kinds: Kinds = None) -> list[Row]:
    """The amendments and renewals that came into force in each period (countersigned:
    numbered, with ``in_force_from``), one row each with its licence's number and kind and
    the fields it changed: a list, read in one query (the licence joined)."""
    where, bucket = _in_periods("in_force_from", periods, moment=True)
    qs = LicenceVersion.objects.filter(where, kind__in=EXTENSION_KINDS, number__isnull=False)
    if kinds is not None:
        qs = qs.filter(licence__kind__in=kinds)
    return list(
        qs.values(
            "kind",
            "number",
            "changes",
            "in_force_from",
            bucket=bucket,
            licence_number=F("licence__number"),
            licence_kind=F("licence__kind"),
        ).order_by("in_force_from", "id")
    )


def confirmations(periods: Sequence[Period]) -> list[Row]:
    """The written confirmations and catch-all answers (item rulings) answered in each
    period, one row each: reference, kind, CN code, answer and when (one query)."""
    where, bucket = _in_periods("answered_at", periods, moment=True)
    return list(
        ItemRuling.objects.filter(where, status=ItemRuling.Status.ANSWERED)
        .values("reference", "kind", "cn_code", "answer", "answered_at", bucket=bucket)
        .order_by("answered_at", "id")
    )


def fingerprint(period: Period) -> str:
    """How many licences, exports and refusals fall in the period, and their highest ids:
    what changes when the period's figures can change (index range scans; one scan per
    period is faster than one CASE-bucketed scan for two). Licences, their lines, exports
    and refusals are only ever added by the services; the reported fields of a licence do
    not change once it is issued, except through a new version (an amendment changes the
    authorised values): so the versions that came into force in the period *or* belong to
    a licence issued in it count too, with the general-licence usage reports and the item
    rulings of the period (small tables)."""
    from django.db.models import Max

    start, end = period.bounds()
    parts = []
    for qs in (
        Licence.objects.filter(issued_at__gte=start, issued_at__lt=end),
        ExportRecord.objects.filter(shipped_on__gte=period.start, shipped_on__lte=period.end),
        Denial.objects.filter(denied_on__gte=period.start, denied_on__lte=period.end),
        GeneralLicenceReport.objects.filter(
            period_end__gte=period.start, period_end__lte=period.end
        ),
        LicenceVersion.objects.filter(number__gt=1).filter(
            Q(in_force_from__gte=start, in_force_from__lt=end)
            | Q(licence__issued_at__gte=start, licence__issued_at__lt=end)
        ),
        ItemRuling.objects.filter(
            answered_at__gte=start, answered_at__lt=end, status=ItemRuling.Status.ANSWERED
        ),
    ):
        agg = qs.order_by().aggregate(n=Count("id"), m=Max("id"))
        parts.append(f"{agg['n']}:{agg['m'] or 0}")
    return "/".join(parts)
