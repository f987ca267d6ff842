from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from foro.licensing.clock import clock_for, is_working_day, working_days_between
from foro.licensing.models import Status

BXL = ZoneInfo("Europe/Brussels")


def test_weekends_and_belgian_holidays_are_not_working_days():
    assert not is_working_day(date(2026, 11, 28))  # Saturday
    assert not is_working_day(date(2026, 11, 11))  # Armistice
    assert not is_working_day(date(2026, 7, 21))  # National Day
    assert not is_working_day(date(2026, 7, 11))  # Flemish Community holiday
    assert not is_working_day(date(2026, 4, 6))  # Easter Monday 2026
    assert is_working_day(date(2026, 11, 12))


def test_working_days_between_skips_them():
    # Mon 9 Nov 2026 -> Mon 16 Nov 2026: 10, 12, 13, 16 (11 Nov is a holiday)
    assert working_days_between(date(2026, 11, 9), date(2026, 11, 16)) == 4
    assert working_days_between(date(2026, 11, 9), date(2026, 11, 9)) == 0


class FakeRfi:
    def __init__(self, asked, answered=None):
        self.asked_at = datetime.combine(asked, datetime.min.time(), BXL) + timedelta(hours=10)
        self.answered_at = (
            datetime.combine(answered, datetime.min.time(), BXL) + timedelta(hours=10)
            if answered
            else None
        )


class FakeApp:
    kind = "export-military"
    minister_decides = False
    decided_at = None

    def __init__(self, submitted, status=Status.UNDER_ASSESSMENT, rfis=()):
        from foro.licensing.kinds import get_kind

        self.kind_def = get_kind(self.kind)
        self.submitted_at = datetime.combine(submitted, datetime.min.time(), BXL) + timedelta(
            hours=9
        )
        self.status = status
        self._rfis = list(rfis)

    class _Manager:
        def __init__(self, rfis):
            self._rfis = rfis

        def all(self):
            return self._rfis

    @property
    def information_requests(self):
        return self._Manager(self._rfis)


def test_deadline_is_42_calendar_days_after_submission():
    clk = clock_for(FakeApp(date(2026, 9, 1)), today=date(2026, 9, 15))
    assert clk.deadline == date(2026, 10, 13)
    assert clk.elapsed_working_days == 10
    assert clk.running and not clk.overdue


def test_minister_decision_doubles_the_target():
    app = FakeApp(date(2026, 9, 1))
    app.minister_decides = True
    assert clock_for(app, today=date(2026, 9, 2)).deadline == date(2026, 11, 24)


def test_an_open_request_pauses_the_clock_and_moves_the_deadline():
    rfi = FakeRfi(date(2026, 9, 8))
    app = FakeApp(date(2026, 9, 1), status=Status.INFORMATION_REQUESTED, rfis=[rfi])
    clk = clock_for(app, today=date(2026, 9, 18))
    assert clk.state == "paused" and not clk.running
    assert clk.paused_days == 10
    assert clk.deadline == date(2026, 10, 23)
    assert clk.elapsed_working_days == 5  # 2..8 Sept, the days before the request


def test_an_answered_request_keeps_its_pause():
    rfi = FakeRfi(date(2026, 9, 8), answered=date(2026, 9, 15))
    clk = clock_for(FakeApp(date(2026, 9, 1), rfis=[rfi]), today=date(2026, 9, 22))
    assert clk.paused_days == 7 and clk.deadline == date(2026, 10, 20)
    assert clk.running


def test_past_the_deadline_is_overdue():
    clk = clock_for(FakeApp(date(2026, 6, 1)), today=date(2026, 9, 1))
    assert clk.overdue and clk.state == "overdue" and clk.working_days_left < 0
