"""Background work of screening: re-screen every subject when a list version becomes current.

Queued by ``services.list_import`` in the import's transaction. With the database backend
(production) ``foro worker`` runs it; tests use the immediate backend, which runs it at once.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from foro.screening.models import ListVersion
from foro.screening.services import rescreen_all


@task()
def rescreen_after_list_change(version_id: int) -> dict:
    """Screen every registered subject against the current lists; returns a summary."""
    version = ListVersion.objects.select_related("sanctions_list").filter(pk=version_id).first()
    if version is None:
        return {"skipped": "version not found", "versionId": version_id}
    if not version.is_current:
        # A newer version became current before this ran; its own task screens against it.
        return {"skipped": "version no longer current", "versionId": version_id}
    result = rescreen_all(actor="system", version=version, only_stale=True)
    return {
        "versionId": version_id,
        "subjects": result.subjects,
        "new": result.new,
        "reopened": result.reopened,
        "versions": result.versions,
    }


@task()
def refresh_lists() -> dict:
    """Daily (``foro.core.periodic``): fetch and import every list whose URL is configured
    (``settings.FORO_LIST_SOURCES``, see refresh.py); returns one outcome per list."""
    from foro.screening.refresh import list_refresh

    return {"outcomes": [o.as_dict() for o in list_refresh(actor="system")]}


@task()
def screen_organisation(organisation_id: int) -> dict:
    """Register one organisation as a screening subject and screen it (queued when it is
    created or changed). Without any list loaded it is registered only: the first list
    import screens it."""
    from foro.core.models import Organisation
    from foro.screening.errors import NoListLoaded
    from foro.screening.services import organisation_register, subject_screen

    # in a transaction of its own (with the immediate backend: a savepoint inside the
    # organisation service's), so that a failure here never aborts the caller's
    with transaction.atomic():
        org = Organisation.objects.filter(pk=organisation_id, is_active=True).first()
        if org is None:
            return {
                "skipped": "organisation not found or inactive",
                "organisationId": organisation_id,
            }
        subject = organisation_register(actor="system", organisation=org)
        try:
            hits = subject_screen(subject=subject, actor="system")
        except NoListLoaded:
            return {"organisationId": organisation_id, "screened": False}
        return {"organisationId": organisation_id, "screened": True, "hits": len(hits)}


def on_organisation_saved(sender, organisation, **kwargs) -> None:
    """Receiver of ``core.signals.organisation_saved``: queue the screening in the same
    transaction (so it is queued exactly when the change is saved)."""
    from foro.core.periodic import enqueue_logged

    enqueue_logged(
        screen_organisation, organisation.pk, what=f"screening organisation {organisation.pk}"
    )
