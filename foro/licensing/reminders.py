"""Reminders before a deadline (issue 10): officers before a case's decision deadline, the
applicant (and the officer who asked) before a request for information's answer date. The
daily task sends each once (``Reminder`` rows: one per case and deadline, one per request);
officers also see the recent ones on the queue page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from foro.core import audit
from foro.core.actors import SystemActor
from foro.core.models import User
from foro.licensing import clock, selectors
from foro.licensing.kinds import kind_table
from foro.licensing.models import Application, InformationRequest, Reminder, Status
from foro.licensing.workflow import SUBMITTED_OPEN_STATES

#: states in which the clock runs: a case waiting for the applicant or a consulted body
#: gets no deadline reminder (its deadline moves)
RUNNING_STATES = tuple(
    s for s in SUBMITTED_OPEN_STATES if s not in (Status.INFORMATION_REQUESTED, Status.CONSULTATION)
)


def _mail(users: list[User], texts: Callable[[], tuple[str, str]]) -> None:
    """E-mail each user the subject and body (``texts()``) in the user's language."""
    for user in users:
        if not user.email:
            continue
        with override(user.preferred_language or "nl"):
            subject, body = texts()
        send_mail(
            f"[foro] {subject}",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
            fail_silently=True,
        )


def _deadline_texts(reference: str, due: date) -> tuple[str, str]:
    when = date_format(due, "SHORT_DATE_FORMAT")
    return (
        _("%(ref)s: decision due on %(date)s") % {"ref": reference, "date": when},
        _("The decision on application %(ref)s is due on %(date)s. Open the case in foro.")
        % {"ref": reference, "date": when},
    )


def _information_texts(reference: str, due: date) -> tuple[str, str]:
    when = date_format(due, "SHORT_DATE_FORMAT")
    return (
        _("%(ref)s: answer due") % {"ref": reference},
        _(
            "The licensing service asked for more information about application %(ref)s; "
            "please answer in foro before %(date)s."
        )
        % {"ref": reference, "date": when},
    )


def _record(app: Application, kind: str, key: str, due: date, recipients: list[str]) -> bool:
    """Store the reminder; False when it was already sent (another worker, an earlier run)."""
    try:
        with transaction.atomic():
            Reminder.objects.create(
                application=app, kind=kind, key=key, due=due, recipients=recipients
            )
            audit.record(
                actor=SystemActor.SYSTEM,
                verb="application.reminder_sent",
                target=app,
                payload={"kind": kind, "due": due.isoformat(), "recipients": recipients},
            )
    except IntegrityError:
        return False
    return True


def reminders_send(today: date | None = None) -> dict[str, int]:
    """Send the reminders due today that were not sent yet."""
    today = today or timezone.localdate()
    rules = kind_table().reminders
    sent = {"deadline": 0, "information": 0}
    horizon = clock.day_number(today + timedelta(days=rules.deadline_days_before))
    near = (
        Application.objects.filter(status__in=RUNNING_STATES, submitted_at__isnull=False)
        .annotate(deadline_day=clock.deadline_sql(today))
        .filter(deadline_day__gte=clock.day_number(today), deadline_day__lte=horizon)
        .select_related("assigned_officer")
    )
    for app in near:
        due = clock.EPOCH + timedelta(days=int(app.deadline_day))
        key = due.isoformat()
        if Reminder.objects.filter(application=app, kind="deadline", key=key).exists():
            continue
        officers = [app.assigned_officer] if app.assigned_officer else list(selectors.officers())
        if _record(app, "deadline", key, due, [u.get_username() for u in officers]):
            _mail(officers, partial(_deadline_texts, app.reference, due))
            sent["deadline"] += 1
    information_horizon = today + timedelta(days=rules.information_days_before)
    lapsing: QuerySet[InformationRequest] = InformationRequest.objects.filter(
        answered_at__isnull=True,
        due_date__isnull=False,
        due_date__gte=today,
        due_date__lte=information_horizon,
        application__status=Status.INFORMATION_REQUESTED,
    ).select_related("application", "application__organisation", "asked_by")
    for rfi in lapsing:
        case = rfi.application
        assert rfi.due_date is not None
        applicants = list(case.organisation.users.filter(is_active=True))
        recipients = [*applicants, rfi.asked_by]
        if not _record(
            case,
            "information",
            f"rfi-{rfi.pk}",
            rfi.due_date,
            [u.get_username() for u in recipients],
        ):
            continue
        _mail(recipients, partial(_information_texts, case.reference, rfi.due_date))
        sent["information"] += 1
    return sent


@task()
def send_reminders() -> dict[str, int]:
    """Daily: the reminders before deadlines (``reminders_send``)."""
    return reminders_send()


def recent_reminders(user: User, days: int = 7) -> QuerySet[Reminder]:
    """The deadline reminders of the last ``days`` for the cases ``user`` sees, still open:
    their own cases, and the unassigned ones."""
    since = timezone.now() - timedelta(days=days)
    visible = selectors.applications_visible_to(user).filter(status__in=SUBMITTED_OPEN_STATES)
    return (
        Reminder.objects.filter(sent_at__gte=since, kind="deadline", application__in=visible)
        .filter(
            Q(application__assigned_officer=user) | Q(application__assigned_officer__isnull=True)
        )
        .select_related("application")
        .order_by("due")
    )
