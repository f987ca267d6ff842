"""Reporting periods: a half-year, a calendar year or any from–to dates (both inclusive).

A period is a pair of dates in Brussels time. Licences are counted by the local date of
``issued_at``, refusals by ``denied_on`` and exports by ``shipped_on``; every query uses the
half-open range [start 00:00, day after end 00:00) so it can use an index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from foro.core.dates import BRUSSELS, parse_date
from foro.core.errors import ValidationFailed

_CODE = re.compile(r"^(?P<year>\d{4})(?:-(?P<half>H[12]))?$")


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def code(self) -> str:
        """``2025``, ``2025-H1``, ``2025-H2`` or ``2025-03-01..2025-05-31``."""
        y = self.start.year
        if self.start == date(y, 1, 1) and self.end == date(y, 12, 31):
            return str(y)
        if self.start == date(y, 1, 1) and self.end == date(y, 6, 30):
            return f"{y}-H1"
        if self.start == date(y, 7, 1) and self.end == date(y, 12, 31):
            return f"{y}-H2"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label(self) -> str:
        code = self.code
        if code.endswith("-H1"):
            return _("first half of %(year)s") % {"year": code[:4]}
        if code.endswith("-H2"):
            return _("second half of %(year)s") % {"year": code[:4]}
        if len(code) == 4:
            return code
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    @property
    def slug(self) -> str:
        return self.code.replace("..", "_")

    def bounds(self) -> tuple[datetime, datetime]:
        """Aware datetimes [start, end + 1 day) in Brussels time, for ``issued_at``."""
        return (
            datetime.combine(self.start, time.min, BRUSSELS),
            datetime.combine(self.end + timedelta(days=1), time.min, BRUSSELS),
        )

    def year_earlier(self) -> Period:
        return Period(_shift_year(self.start, -1), _shift_year(self.end, -1))

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def is_closed(self, today: date | None = None) -> bool:
        """Closed: the period ended before today (Brussels)."""
        return self.end < (today or timezone.localdate())


def _shift_year(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def from_code(code: str) -> Period:
    code = (code or "").strip()
    if ".." in code:
        a, _sep, b = code.partition("..")
        return make(parse_date(a, "from"), parse_date(b, "to"))
    m = _CODE.match(code)
    if not m:
        raise ValidationFailed(
            errors=[
                {
                    "field": "period",
                    "message": _("Give a period as 2025, 2025-H1 or 2025-H2."),
                }
            ]
        )
    year = int(m["year"])
    if m["half"] == "H1":
        return Period(date(year, 1, 1), date(year, 6, 30))
    if m["half"] == "H2":
        return Period(date(year, 7, 1), date(year, 12, 31))
    return Period(date(year, 1, 1), date(year, 12, 31))


MAX_DAYS = 3 * 366


def make(start: date, end: date) -> Period:
    if end < start:
        raise ValidationFailed(
            errors=[{"field": "to", "message": _("The end date comes before the start date.")}]
        )
    if (end - start).days > MAX_DAYS:
        raise ValidationFailed(
            errors=[{"field": "to", "message": _("A report covers at most three years.")}]
        )
    if start.year < 1990 or end.year > 2100:
        raise ValidationFailed(
            errors=[{"field": "from", "message": _("Choose dates between 1990 and 2100.")}]
        )
    return Period(start, end)


def resolve(*, period: str = "", date_from=None, date_to=None, today: date | None = None) -> Period:
    """The period asked for: ``period`` (2025, 2025-H1) or ``from``/``to``; by default the
    last half-year that has ended."""
    if date_from or date_to:
        if not (date_from and date_to):
            raise ValidationFailed(
                errors=[
                    {
                        "field": "from" if not date_from else "to",
                        "message": _("Give both the start and the end date."),
                    }
                ]
            )
        return make(parse_date(date_from, "from"), parse_date(date_to, "to"))
    if period:
        return from_code(period)
    return last_closed_half_year(today)


def last_closed_half_year(today: date | None = None) -> Period:
    today = today or timezone.localdate()
    if today.month > 6:
        return Period(date(today.year, 1, 1), date(today.year, 6, 30))
    return Period(date(today.year - 1, 7, 1), date(today.year - 1, 12, 31))


def choices(today: date | None = None, years: int = 8) -> list[Period]:
    """Half-years and years for the picker, the most recent first."""
    today = today or timezone.localdate()
    out: list[Period] = []
    for y in range(today.year, today.year - years, -1):
        for code in (f"{y}-H2", f"{y}-H1", str(y)):
            p = from_code(code)
            if p.start <= today:
                out.append(p)
    return out
