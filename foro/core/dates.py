"""Dates as foro reads and counts them: the Brussels time zone, and dates typed by a person.

A report counts a licence by the Brussels date of its issue, a period runs from Brussels
midnight to Brussels midnight, and a person writes a date as dd/mm/yyyy (a date field of a
browser sends yyyy-mm-dd); every module takes these from here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal, overload
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from foro.core.errors import ValidationFailed

BRUSSELS = ZoneInfo("Europe/Brussels")

#: what a date field sends, then what a person types
INPUT_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


@overload
def parse_date(
    value: date | str | None, field: str, *, optional: Literal[False] = False
) -> date: ...
@overload
def parse_date(value: date | str | None, field: str, *, optional: bool) -> date | None: ...
def parse_date(value: date | str | None, field: str, *, optional: bool = False) -> date | None:
    """The date in ``value`` (a date, yyyy-mm-dd or dd/mm/yyyy). Nothing written is None
    when ``optional``; otherwise, like anything unreadable, a ValidationFailed on ``field``."""
    if isinstance(value, date):
        return value
    text = (value or "").strip()
    if not text and optional:
        return None
    for fmt in INPUT_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationFailed(errors=[{"field": field, "message": _("Write the date as dd/mm/yyyy.")}])
