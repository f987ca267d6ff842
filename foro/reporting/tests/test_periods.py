"""Periods: codes, dates, the year earlier, closed or not."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from foro.core.errors import ValidationFailed
from foro.reporting import periods
from foro.reporting.periods import Period


def test_codes():
    assert periods.from_code("2025-H1") == Period(date(2025, 1, 1), date(2025, 6, 30))
    assert periods.from_code("2025-H2") == Period(date(2025, 7, 1), date(2025, 12, 31))
    assert periods.from_code("2025") == Period(date(2025, 1, 1), date(2025, 12, 31))
    custom = periods.make(date(2025, 3, 1), date(2025, 5, 31))
    assert custom.code == "2025-03-01..2025-05-31"
    assert periods.from_code(custom.code) == custom
    for bad in ("2025-H3", "25", "", "2025-01"):
        with pytest.raises(ValidationFailed):
            periods.from_code(bad)


def test_bounds_are_brussels_midnights():
    start, end = periods.from_code("2025-H1").bounds()
    bxl = ZoneInfo("Europe/Brussels")
    assert start == datetime(2025, 1, 1, tzinfo=bxl)
    assert end == datetime(2025, 7, 1, tzinfo=bxl)
    assert start.utcoffset().total_seconds() == 3600


def test_the_year_earlier_keeps_the_shape_and_handles_29_february():
    assert periods.from_code("2025-H1").year_earlier() == periods.from_code("2024-H1")
    leap = periods.make(date(2024, 2, 1), date(2024, 2, 29)).year_earlier()
    assert leap == Period(date(2023, 2, 1), date(2023, 2, 28))


def test_resolve_and_its_problems():
    today = date(2026, 3, 15)
    assert periods.resolve(today=today) == periods.from_code("2025-H2")
    assert periods.resolve(today=date(2026, 8, 1)) == periods.from_code("2026-H1")
    assert periods.resolve(date_from="01/02/2025", date_to="2025-02-28") == Period(
        date(2025, 2, 1), date(2025, 2, 28)
    )
    for kwargs in (
        {"date_from": "2025-02-01"},
        {"date_from": "2025-03-01", "date_to": "2025-02-01"},
        {"date_from": "2020-01-01", "date_to": "2025-01-01"},
        {"date_from": "31/31/2025", "date_to": "2025-02-01"},
    ):
        with pytest.raises(ValidationFailed):
            periods.resolve(**kwargs)


def test_closed_and_overlap():
    h2 = periods.from_code("2025-H2")
    assert h2.is_closed(date(2026, 1, 1))
    assert not h2.is_closed(date(2025, 12, 31))
    assert not periods.from_code("2025").overlaps(periods.from_code("2024"))
    assert periods.from_code("2025").overlaps(h2)


def test_picker_choices_are_recent_first_and_not_in_the_future():
    choices = periods.choices(date(2026, 3, 15), years=2)
    assert [p.code for p in choices] == ["2026-H1", "2026", "2025-H2", "2025-H1", "2025"]


def test_a_date_is_read_as_written_by_a_person_or_sent_by_a_date_field():
    from foro.core.dates import parse_date

    assert (
        parse_date("2025-02-01", "from") == parse_date(" 01/02/2025 ", "from") == date(2025, 2, 1)
    )
    assert parse_date(date(2025, 2, 1), "from") == date(2025, 2, 1)
    assert parse_date("", "due", optional=True) is None
    for bad, optional in (("", False), ("31/31/2025", False), ("1 Feb", True)):
        with pytest.raises(ValidationFailed) as refused:
            parse_date(bad, "due", optional=optional)
        assert refused.value.errors[0]["field"] == "due"
