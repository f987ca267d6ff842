"""Background work of licensing (django-tasks; run by `foro worker`)."""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

from foro.core.actors import SystemActor
from foro.core.periodic import enqueue_logged
from foro.licensing.models import Application
from foro.licensing.services import checks_rerun, licences_expire
from foro.licensing.workflow import SUBMITTED_OPEN_STATES

log = logging.getLogger(__name__)

#: the stored checks that read a reference dataset: a new version of the dataset makes
#: them stale on every submitted, still open application
CHECKS_READING_DATASET = {
    "embargoes": ["embargo"],
    "military-list": ["control_list"],
    "dual-use": ["control_list"],
}


@task()
def expire_licences() -> int:
    """Daily: licences past their end date become expired. Schedule it with cron:
    ``foro licences_expire`` (the same service, run from the command line)."""
    return licences_expire()


def _open_submitted():
    return Application.objects.filter(status__in=SUBMITTED_OPEN_STATES)


@task()
def recheck_after_reference_change(dataset: str) -> dict:
    """Run again, on every submitted and still open application, the checks that read
    ``dataset`` (queued when a new version of it becomes current). A case whose result
    changes shows it on its page and in the queue; a grant is blocked by a failing check.
    One application that fails is logged and the others still run; each runs in its own
    transaction (with the immediate backend: a savepoint inside the load's)."""
    names = CHECKS_READING_DATASET.get(dataset)
    if not names:
        return {"dataset": dataset, "applications": 0}
    with transaction.atomic():
        ids = list(_open_submitted().order_by("pk").values_list("pk", flat=True))
    failed = []
    for pk in ids:
        try:
            with transaction.atomic():
                app = Application.objects.get(pk=pk)
                checks_rerun(actor=SystemActor.SYSTEM, application=app, names=names, only_open=True)
        except Exception:
            log.exception("re-running the %s checks of application %s failed", dataset, pk)
            failed.append(pk)
    return {"dataset": dataset, "checks": names, "applications": len(ids), "failed": failed}


def on_dataset_loaded(sender: str, **kwargs) -> None:
    """Receiver of ``reference.signals.dataset_loaded``: queue the re-check in the load's
    transaction (so it is queued exactly when the version becomes current), when there is
    an open application to check (not on a new installation's first load)."""
    if sender in CHECKS_READING_DATASET and _open_submitted().exists():
        enqueue_logged(
            recheck_after_reference_change, sender, what=f"re-running the {sender} checks"
        )
