"""The officer queue is sorted in the database over all its cases, then cut into pages."""

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from foro.licensing import selectors
from foro.licensing.clock import clock_for
from foro.licensing.models import Application, Status
from foro.licensing.tests.conftest import submitted


def _copies(app: Application, count: int, fields: Callable[[int], dict]) -> list[Application]:
    """``count`` copies of a submitted application, copy ``i`` with ``fields(i)``."""
    copies = []
    for i in range(count):
        copy = Application.objects.get(pk=app.pk)
        copy.pk = None
        copy.reference = f"{app.reference}-{i:02d}"
        for name, value in fields(i).items():
            setattr(copy, name, value)
        copy.save()
        copies.append(copy)
    return copies


def _queue_page(client, **params) -> list[str]:
    response = client.get("/licensing/", params)
    assert response.status_code == 200
    return [row["app"].reference for row in response.context["rows"]]


def test_fewest_days_left_puts_the_most_urgent_cases_of_the_whole_queue_first(
    client, accounts, watchlist
):
    now = timezone.now()
    # 26 older cases that the minister decides (84 days), then 4 newer ones on the usual
    # 42 days: the 4 newer ones are due first, although they come last by submission
    apps = _copies(
        submitted(accounts),
        30,
        fields=lambda i: {
            "submitted_at": now - timedelta(days=40 - i),
            "minister_decides": i < 26,
        },
    )
    Application.objects.exclude(pk__in=[a.pk for a in apps]).delete()
    client.force_login(accounts["officer"])

    first_page = _queue_page(client, sort="days_left")

    most_urgent = sorted(apps, key=lambda a: clock_for(a).deadline)
    assert first_page[:4] == [a.reference for a in apps[26:]]
    assert first_page == [a.reference for a in most_urgent[:25]]
    assert _queue_page(client, sort="days_left", page=2) == [a.reference for a in most_urgent[25:]]
    left = [clock_for(a).working_days_left for a in most_urgent]
    assert left == sorted(left)


def test_decided_cases_come_last_when_sorted_by_days_left(accounts, watchlist):
    now = timezone.now()
    apps = _copies(
        submitted(accounts),
        3,
        fields=lambda i: {"submitted_at": now - timedelta(days=10 - i)},
    )
    Application.objects.filter(pk=apps[0].pk).update(status=Status.WITHDRAWN, decided_at=now)
    Application.objects.exclude(pk__in=[a.pk for a in apps]).delete()

    every_status = selectors.QueueFilters(open_only=False, sort="days_left")
    assert list(selectors.queue(accounts["officer"], every_status)) == [apps[1], apps[2], apps[0]]


def test_longest_open_sorts_the_whole_list(client, accounts, watchlist):
    now = timezone.now()
    # withdrawn cases, each newer one open for longer before it was withdrawn
    apps = _copies(
        submitted(accounts),
        30,
        fields=lambda i: {
            "status": Status.WITHDRAWN,
            "submitted_at": now - timedelta(days=100 - i),
            "decided_at": now - timedelta(days=100 - 3 * i),
        },
    )
    client.force_login(accounts["officer"])

    first_page = _queue_page(client, sort="days_open", status=Status.WITHDRAWN)

    assert first_page == [a.reference for a in reversed(apps)][:25]
