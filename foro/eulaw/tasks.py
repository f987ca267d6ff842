"""Background work of EU law (django-tasks; run by ``foro worker``)."""

from __future__ import annotations

from django_tasks import task

from foro.eulaw.services import reminders_send


@task()
def send_reminders() -> int:
    """Daily: e-mail the 90/30/7-day reminders of transposition deadlines (once each)."""
    return reminders_send()
