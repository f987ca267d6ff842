"""Background work of reporting (django-tasks; run by `foro worker`)."""

from django_tasks import task

from foro.reporting.figures import warm


@task()
def warm_figures() -> list[str]:
    """Nightly: count the usual report periods into the figures cache (at a million
    licences a cold year takes seconds; a cached one a fraction of a second). Schedule it
    with cron as ``foro reports_warm``, or enqueue this task."""
    return warm()
