"""The statutory clock of an application.

The decision target of a kind is in calendar days from submission (42, or 84 when the
minister decides). While a request for information is open the clock stops: the deadline
moves by the calendar days the request was open. Elapsed time and time left are shown in
working days: Monday to Friday minus Belgian public holidays and 11 July (the Flemish
Community's holiday, a day off for the Flemish administration).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays
from django.utils import timezone


@cache
def _holidays(year: int) -> frozenset[date]:
    days = set(holidays.country_holidays("BE", years=year).keys())
    days.add(date(year, 7, 11))  # Feest van de Vlaamse Gemeenschap
    return frozenset(days)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]: the day of submission does not count."""
    if end <= start:
        return -working_days_between(end, start) if end < start else 0
    count = 0
    day = start + timedelta(days=1)
    while day <= end:
        if is_working_day(day):
            count += 1
        day += timedelta(days=1)
    return count


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


def _local(dt) -> date:
    return timezone.localtime(dt).date()


def clock_for(application, *, today: date | None = None) -> Clock:
    """Compute the clock from the application and its requests for information."""
    from foro.licensing.models import Status

    today = today or timezone.localdate()
    if application.submitted_at is None:
        return Clock(None, None, 0, 0, None, False, False)
    started = _local(application.submitted_at)
    kind = application.kind_def
    target = kind.minister_decision_days if application.minister_decides else kind.decision_days
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
    deadline = started + timedelta(days=target + paused_calendar)
    elapsed = max(0, working_days_between(started, end) - paused_working)
    finished = application.status in (Status.GRANTED, Status.REFUSED, Status.WITHDRAWN)
    paused = application.status == Status.INFORMATION_REQUESTED
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
