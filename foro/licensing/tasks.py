"""Background work of licensing (django-tasks; run by `foro worker`)."""

from django_tasks import task

from foro.licensing.services import licences_expire


@task()
def expire_licences() -> int:
    """Daily: licences past their end date become expired. Schedule it with cron:
    ``foro licences_expire`` (the same service, run from the command line)."""
    return licences_expire()
