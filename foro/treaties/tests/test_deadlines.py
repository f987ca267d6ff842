"""Deadline arithmetic: Brussels dates (DST), calendar and Belgian working days."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from foro.treaties.deadlines import (
    add_days,
    add_working_days,
    durations,
    is_working_day,
    step_deadline,
    today_brussels,
)


def test_weekend_is_skipped():
    # Friday 4 December 2026 + 1 working day = Monday 7 December
    assert add_working_days(date(2026, 12, 4), 1) == date(2026, 12, 7)
    assert add_working_days(date(2026, 12, 5), 1) == date(2026, 12, 7)  # from a Saturday


def test_belgian_holidays_are_skipped():
    # Christmas (Fri 25/12/2026) and the weekend: Thu 24/12 + 1 = Mon 28/12
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 28)
    # Easter Monday 6/4/2026
    assert not is_working_day(date(2026, 4, 6))
    assert add_working_days(date(2026, 4, 3), 1) == date(2026, 4, 7)
    # National holiday 21 July, Armistice 11 November, Labour Day 1 May
    for d in (date(2026, 7, 21), date(2026, 11, 11), date(2026, 5, 1)):
        assert not is_working_day(d)
    # across New Year: Thu 31/12/2026 + 1 = Mon 4/1/2027 (1/1 holiday, weekend)
    assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_ten_working_days_over_a_holiday_week():
    # 20/7/2026 (Mon) + 10 working days, 21/7 a holiday: 22,23,24,27,28,29,30,31/7, 3,4/8
    assert add_working_days(date(2026, 7, 20), 10) == date(2026, 8, 4)


def test_calendar_days_ignore_weekends():
    assert add_days(date(2026, 12, 24), 1, "calendar") == date(2026, 12, 25)
    with pytest.raises(ValueError):
        add_days(date(2026, 1, 1), 1, "fortnights")


def test_today_in_brussels_across_midnight_and_dst():
    # 22:30 UTC on 31 March 2026 is 00:30 on 1 April in Brussels (summer time, UTC+2)
    assert today_brussels(datetime(2026, 3, 31, 22, 30, tzinfo=UTC)) == date(2026, 4, 1)
    # 22:30 UTC on 31 January is 23:30 in Brussels (winter time, UTC+1): still 31 January
    assert today_brussels(datetime(2026, 1, 31, 22, 30, tzinfo=UTC)) == date(2026, 1, 31)
    # the night DST starts (29 March 2026, 02:00 → 03:00)
    assert today_brussels(datetime(2026, 3, 28, 23, 30, tzinfo=UTC)) == date(2026, 3, 29)
    # the night DST ends (25 October 2026): 22:30 UTC on the 24th is 00:30 on the 25th
    assert today_brussels(datetime(2026, 10, 24, 22, 30, tzinfo=UTC)) == date(2026, 10, 25)
    with pytest.raises(ValueError):
        today_brussels(datetime(2026, 1, 1))


def test_durations_are_versioned_data_marked_to_confirm():
    table = durations()
    assert table.version and table.source
    assert table.steps["assent_adopted"].unit == "working"
    assert all(step.to_confirm for step in table.steps.values())


def test_step_deadline_uses_working_days_where_the_data_says_so():
    deadline = step_deadline("assent_adopted", date(2026, 12, 24))
    assert deadline is not None
    assert deadline.due == add_working_days(date(2026, 12, 24), 60)
    assert deadline.overdue(deadline.due) is False
    assert step_deadline("in_force", date(2026, 1, 1)) is None
