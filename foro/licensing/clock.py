"""The statutory clock of an application.

The decision target of a kind is in calendar days from submission (42, or 84 when the
minister decides). While a request for information is open the clock stops: the deadline
moves by the calendar days the request was open. It stops too while an external
consultation is open (several at once count once, see ``consultation_pauses``). Elapsed time and time left are shown in
working days: Monday to Friday minus Belgian public holidays and 11 July (the Flemish
Community's holiday, a day off for the Flemish administration).

``deadline_sql`` and ``days_open_sql`` give the same deadline and days open as SQL, so that
a queue is sorted in the database before it is cut into pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

import holidays
from django.db.models import (
    Case,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Coalesce, Greatest, Least, TruncDate
from django.utils import timezone

from foro.licensing.kinds import Kind, kind_table
from foro.licensing.models import Application, Consultation, InformationRequest, Status
from foro.licensing.workflow import OPEN_STATES

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler, _AsSqlType


@cache
def _holidays(year: int) -> frozenset[date]:
    days = set(holidays.country_holidays("BE", years=year).keys())
    days.add(date(year, 7, 11))  # Feest van de Vlaamse Gemeenschap
    return frozenset(days)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def _weekdays_through(day: date) -> int:
    """Mondays to Fridays from 1 January of year 1 (a Monday) through ``day``."""
    n = day.toordinal()
    return 5 * (n // 7) + min(n % 7, 5)


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]: the day of submission does not count. Counted, not
    walked day by day: a queue page computes it for every row."""
    if end <= start:
        return -working_days_between(end, start) if end < start else 0
    off = sum(
        1
        for year in range(start.year, end.year + 1)
        for day in _holidays(year)
        if start < day <= end and day.weekday() < 5
    )
    return _weekdays_through(end) - _weekdays_through(start) - off


@dataclass(frozen=True)
class Clock:
    started: date | None
    deadline: date | None
    paused_days: int
    elapsed_working_days: int
    working_days_left: int | None
    running: bool
    overdue: bool

    @property
    def state(self) -> str:
        if self.started is None:
            return "not_started"
        if not self.running:
            return "paused" if self.deadline else "stopped"
        return "overdue" if self.overdue else "running"


def _local(dt: datetime) -> date:
    return timezone.localtime(dt).date()


def target_days(kind: Kind, minister_decides: bool) -> int:
    """The decision target in calendar days from submission."""
    return kind.minister_decision_days if minister_decides else kind.decision_days


def clock_for(application: Application, *, today: date | None = None) -> Clock:
    """Compute the clock from the application and its requests for information."""
    today = today or timezone.localdate()
    if application.submitted_at is None:
        return Clock(None, None, 0, 0, None, False, False)
    started = _local(application.submitted_at)
    target = target_days(application.kind_def, application.minister_decides)
    end = _local(application.decided_at) if application.decided_at else today
    paused_calendar = 0
    paused_working = 0
    for rfi in application.information_requests.all():
        asked = _local(rfi.asked_at)
        answered = _local(rfi.answered_at) if rfi.answered_at else end
        answered = min(answered, end)
        if answered > asked:
            paused_calendar += (answered - asked).days
            paused_working += working_days_between(asked, answered)
    for start, stop in consultation_pauses(application, end):
        paused_calendar += (stop - start).days
        paused_working += working_days_between(start, stop)
    deadline = started + timedelta(days=target + paused_calendar)
    elapsed = max(0, working_days_between(started, end) - paused_working)
    finished = application.status not in OPEN_STATES
    paused = application.status == Status.INFORMATION_REQUESTED or any(
        c.answered_at is None for c in _consultations(application)
    )
    left = None if finished else working_days_between(end, deadline)
    return Clock(
        started=started,
        deadline=deadline,
        paused_days=paused_calendar,
        elapsed_working_days=elapsed,
        working_days_left=left,
        running=not finished and not paused,
        overdue=(end > deadline) if not finished else (end > deadline),
    )


def _consultations(application: Application) -> list[Consultation]:
    manager = getattr(application, "consultations", None)  # absent on a bare test double
    return list(manager.all()) if manager is not None else []


def consultation_pauses(application: Application, end: date) -> list[tuple[date, date]]:
    """The days the clock stood still for external consultations: while at least one was
    open (sent, not yet answered; an open one up to ``end``). Several bodies consulted at
    once stop it once: taken in the order they were sent, each adds only the days after
    every earlier one had been answered (the same sweep as ``deadline_sql``)."""
    pauses = []
    latest: date | None = None
    for c in sorted(_consultations(application), key=lambda c: (c.sent_at, c.pk or 0)):
        start = _local(c.sent_at)
        stop = min(_local(c.answered_at) if c.answered_at else end, end)
        begin = max(start, latest) if latest else start
        if stop > begin:
            pauses.append((begin, stop))
        latest = max(latest, stop) if latest else stop
    return pauses


# ------------------------------------------------------------------ the same in SQL

#: day 0 of ``DayNumber``
EPOCH = date(1970, 1, 1)


class DayNumber(Func):
    """A date as a whole number of days since 1 January 1970, so that SQL adds and subtracts
    dates the same way on PostgreSQL and SQLite."""

    output_field = IntegerField()
    template = "(%(expressions)s - DATE '1970-01-01')"

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> _AsSqlType:
        # julianday() of a date is the Julian day at its midnight; 1970-01-01 is 2440587.5
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)",
            **extra_context,
        )


def day_number(day: date) -> int:
    return (day - EPOCH).days


def _local_day(field: str) -> DayNumber:
    """The day number of a datetime column's date in the current (Brussels) time zone."""
    return DayNumber(TruncDate(field))


def _end_day(today: date, prefix: str = "") -> Case:
    """The clock's last day: the date of the decision, else today."""
    return Case(
        When(**{f"{prefix}decided_at__isnull": False}, then=_local_day(f"{prefix}decided_at")),
        default=Value(day_number(today)),
        output_field=IntegerField(),
    )


def deadline_sql(today: date | None = None) -> CombinedExpression:
    """``clock_for(app).deadline`` of each application of a queryset, as a day number
    (NULL before submission): the submission date, plus the kind's target, plus the
    calendar days during which a request for information was open."""
    today = today or timezone.localdate()
    end = _end_day(today, "application__")
    paused = (
        InformationRequest.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(
            days=Sum(
                Greatest(
                    Least(Coalesce(_local_day("answered_at"), end), end) - _local_day("asked_at"),
                    Value(0),
                )
            )
        )
        .values("days")
    )
    # consultations: the sweep of ``consultation_pauses`` — each adds the days after the
    # latest answer (or end) of the consultations sent before it
    c_end = Least(Coalesce(_local_day("answered_at"), end), end)
    earlier = (
        Consultation.objects.filter(application=OuterRef("application"))
        .filter(
            Q(sent_at__lt=OuterRef("sent_at"))
            | Q(sent_at=OuterRef("sent_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("application")
        .annotate(latest=Max(c_end))
        .values("latest")
    )
    consulted = (
        Consultation.objects.filter(application=OuterRef("pk"))
        .annotate(
            earlier_end=Subquery(earlier, output_field=IntegerField()),
        )
        .order_by()
        .values("application")
        .annotate(
            days=Sum(
                Greatest(
                    c_end
                    - Greatest(
                        _local_day("sent_at"),
                        Coalesce(F("earlier_end"), _local_day("sent_at")),
                    ),
                    Value(0),
                )
            )
        )
        .values("days")
    )
    kinds = kind_table().kinds.values()
    target = Case(
        *(
            When(kind=k.code, minister_decides=m, then=Value(target_days(k, m)))
            for k in kinds
            for m in (True, False)
        ),
        output_field=IntegerField(),
    )
    return (
        _local_day("submitted_at")
        + target
        + Coalesce(Subquery(paused, output_field=IntegerField()), Value(0))
        + Coalesce(Subquery(consulted, output_field=IntegerField()), Value(0))
    )


def days_open_sql(today: date | None = None) -> CombinedExpression:
    """``selectors.days_open(app)`` as SQL: calendar days from submission to the decision
    (or today); NULL before submission."""
    return _end_day(today or timezone.localdate()) - _local_day("submitted_at")
