import random
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


def test_working_days_counted_agree_with_walking_the_calendar():
    # the count is arithmetic (weeks, then holidays): check it against a day-by-day walk
    # over random spans, across year ends, weekends and holidays, in both directions
    rng = random.Random(20261207)
    for _ in range(400):
        start = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 3 * 366))
        end = start + timedelta(days=rng.randrange(-40, 400))
        lo, hi = min(start, end), max(start, end)
        walked = sum(is_working_day(lo + timedelta(days=k)) for k in range(1, (hi - lo).days + 1))
        assert working_days_between(start, end) == (walked if end >= start else -walked)


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


def test_the_sql_deadline_and_days_open_are_those_of_the_clock(accounts, watchlist):
    """The queue sorts on ``deadline_sql`` and ``days_open_sql``: they must give what
    ``clock_for`` and ``days_open`` give, around Brussels midnight and with paused clocks."""
    from foro.licensing.clock import EPOCH, days_open_sql, deadline_sql
    from foro.licensing.models import Application, InformationRequest
    from foro.licensing.selectors import days_open
    from foro.licensing.tests.conftest import submitted

    today = date(2026, 9, 30)
    base = submitted(accounts)

    def at(day, hour, minute=0):
        return datetime.combine(day, datetime.min.time(), BXL) + timedelta(
            hours=hour, minutes=minute
        )

    shapes = [
        # (submitted, minister, decided, requests as (asked, answered))
        (at(date(2026, 9, 1), 0, 15), False, None, []),  # 31 August 22:15 UTC
        (at(date(2026, 8, 31), 23, 50), True, None, []),
        (at(date(2026, 9, 1), 9), False, None, [(at(date(2026, 9, 8), 0, 30), None)]),
        (
            at(date(2026, 7, 1), 9),
            True,
            None,
            [(at(date(2026, 7, 6), 23, 30), at(date(2026, 7, 13), 0, 30))],
        ),
        (
            at(date(2026, 6, 1), 9),
            False,
            at(date(2026, 7, 20), 23, 45),
            [
                (at(date(2026, 6, 5), 10), at(date(2026, 6, 9), 10)),
                (at(date(2026, 7, 1), 10), None),
            ],
        ),
        # answered after the decision date: the pause ends with the decision
        (
            at(date(2026, 6, 1), 9),
            False,
            at(date(2026, 6, 20), 9),
            [(at(date(2026, 6, 10), 10), at(date(2026, 6, 25), 10))],
        ),
    ]
    for i, (sub, minister, decided, requests) in enumerate(shapes):
        app = Application.objects.get(pk=base.pk)
        app.pk, app.reference = None, f"{base.reference}-{i}"
        app.submitted_at, app.minister_decides, app.decided_at = sub, minister, decided
        app.save()
        for asked, answered in requests:
            rfi = InformationRequest.objects.create(
                application=app, question="?", asked_by=accounts["officer"]
            )
            InformationRequest.objects.filter(pk=rfi.pk).update(
                asked_at=asked, answered_at=answered
            )

    apps = Application.objects.filter(reference__startswith=f"{base.reference}-").annotate(
        deadline_day=deadline_sql(today), days_open_day=days_open_sql(today)
    )
    assert len(apps) == len(shapes)
    for app in apps:
        clock = clock_for(app, today=today)
        assert EPOCH + timedelta(days=app.deadline_day) == clock.deadline, app.reference
        assert app.days_open_day == days_open(app, today), app.reference
