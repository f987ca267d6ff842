"""Concurrent attempts on one case leave exactly one effect; the others get a clear
refusal (409 in the API). Runs on SQLite (IMMEDIATE transactions) and PostgreSQL (row
locks), with real threads and real connections."""

import threading

import pytest
from django.db import connection

from foro.core.errors import Conflict, TransitionNotAllowed
from foro.core.roles import Role
from foro.core.tests.factories import UserFactory
from foro.licensing import services
from foro.licensing.models import Application, Licence, Status
from foro.licensing.tests.conftest import draft, proposed

#: the applicants' companies hold a prior authorisation: their export, transfer and transit
#: applications may be submitted (the refusal without one: test_prior_authorisation.py)
pytestmark = pytest.mark.usefixtures("prior_authorised")

THREADS = 8


def run_in_parallel(fn, actors):
    barrier = threading.Barrier(len(actors))
    outcomes = []
    lock = threading.Lock()

    def worker(actor):
        try:
            barrier.wait(timeout=30)
            fn(actor)
            result = "ok"
        except (Conflict, TransitionNotAllowed) as exc:
            result = type(exc).__name__
        except Exception as exc:  # noqa: BLE001 - reported in the assertion
            result = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=worker, args=(a,)) for a in actors]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_parallel_countersignatures_issue_exactly_one_licence(accounts, watchlist):
    app = proposed(accounts)
    seniors = [UserFactory(roles=[Role.SENIOR]) for _ in range(THREADS)]
    outcomes = run_in_parallel(
        lambda s: services.decision_countersign(actor=s, application=app), seniors
    )
    assert outcomes.count("ok") == 1, outcomes
    assert all(o in ("ok", "Conflict", "TransitionNotAllowed") for o in outcomes), outcomes
    assert Licence.objects.filter(application=app).count() == 1
    assert Application.objects.get(pk=app.pk).status == Status.GRANTED


@pytest.mark.django_db(transaction=True)
def test_parallel_submissions_submit_once(accounts, watchlist):
    from foro.core.models import AuditEvent

    app = draft(accounts["applicant"])
    outcomes = run_in_parallel(
        lambda u: services.application_submit(actor=u, application=app),
        [accounts["applicant"]] * THREADS,
    )
    assert outcomes.count("ok") == 1, outcomes
    assert AuditEvent.objects.filter(verb="application.submit", target_id=str(app.pk)).count() == 1
    from foro.core.audit import verify

    assert verify()[1] is None
