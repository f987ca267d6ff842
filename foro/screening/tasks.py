"""Background work of screening: re-screen every subject when a list version becomes current.

Queued by ``services.list_import`` in the import's transaction. With the database backend
(production) ``foro worker`` runs it; tests use the immediate backend, which runs it at once.
"""

from __future__ import annotations

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
