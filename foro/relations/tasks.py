"""Background work of relations (django-tasks; run by `foro worker`)."""

from __future__ import annotations

from django_tasks import task

from foro.relations.services import reminders_send_overdue


@task()
def remind_overdue_actions() -> int:
    """Daily: remind the owner of each overdue follow-up action, once per action."""
    return reminders_send_overdue()
