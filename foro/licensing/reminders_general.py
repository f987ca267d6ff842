"""Reminders of general-licence duties (issue 10): a registration whose periodic usage
report is overdue reminds the company's users and the licensing officers, once per period;
a certified recipient whose audit is due (or overdue) reminds the officers, once per due
date. The periods come from the licence's ``report_period_months``
(``data/general_licences.toml``), the days from ``data/general_reminders.toml``.

The daily task sends each reminder once: a ``GeneralReminder`` row per registration and
period (per certificate and due date) under a unique constraint, written with its audit
event in one transaction; a second worker running at the same moment hits the constraint
and sends nothing. Officers see what is overdue on one page (``overdue_reports``,
``audits_due``)."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, partial
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from foro.core import audit
from foro.core.actors import SystemActor
from foro.core.models import User
from foro.licensing import (
    audit_verbs_general_reminders,  # noqa: F401 - registers the verbs
    selectors,
)
from foro.licensing.general_licences import general_table
from foro.licensing.models_general import (
    CertifiedRecipient,
    GeneralLicenceRegistration,
    GeneralLicenceReport,
)
from foro.licensing.models_reminders_general import GeneralReminder

RULES_FILE = Path(__file__).resolve().parent / "data" / "general_reminders.toml"
REG = GeneralLicenceRegistration.Status
CERT = CertifiedRecipient.Status


@dataclass(frozen=True)
class ReminderRules:
    version: int
    source: str
    report_due_days: int
    audit_notice_days: int
    to_confirm: tuple[str, ...]


def parse_rules(text: str) -> ReminderRules:
    data = tomllib.loads(text)
    known = {"version", "source", "report_due_days", "audit_notice_days", "to_confirm"}
    unknown = sorted(set(data) - known)
    missing = sorted(known - set(data))
    if unknown or missing:
        raise ValueError(f"general reminders: missing {missing}, unknown {unknown}")
    rules = ReminderRules(
        version=int(data["version"]),
        source=str(data["source"]),
        report_due_days=int(data["report_due_days"]),
        audit_notice_days=int(data["audit_notice_days"]),
        to_confirm=tuple(data["to_confirm"]),
    )
    if rules.report_due_days < 0 or rules.audit_notice_days < 0:
        raise ValueError("general reminders: the days cannot be negative")
    bad = sorted(set(rules.to_confirm) - known)
    if bad:
        raise ValueError(f"general reminders: to_confirm names unknown fields {bad}")
    return rules


@cache
def reminder_rules() -> ReminderRules:
    return parse_rules(RULES_FILE.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- what is overdue


@dataclass(frozen=True)
class OverdueReport:
    registration: GeneralLicenceRegistration
    period_start: date
    period_end: date
    due: date
    reminded: GeneralReminder | None = None


@dataclass(frozen=True)
class AuditDue:
    certificate: CertifiedRecipient
    last_audit: date | None
    due: date
    overdue: bool
    reminded: GeneralReminder | None = None


def last_ended_period(
    registered_on: date, months: int, today: date, due_days: int
) -> tuple[date, date, date] | None:
    """The last period (first day, last day, due date) of a registration made on
    ``registered_on`` whose report was due before ``today``; None before the first one."""
    if months <= 0:
        return None
    found: tuple[date, date, date] | None = None
    k = 0
    while True:
        start = registered_on + relativedelta(months=k * months)
        end = registered_on + relativedelta(months=(k + 1) * months) - timedelta(days=1)
        due = end + timedelta(days=due_days)
        if due >= today:
            return found
        found = (start, end, due)
        k += 1


def _covered(periods: list[tuple[date, date]], start: date, end: date) -> bool:
    """A report whose period overlaps the period covers it."""
    return any(p_start <= end and p_end >= start for p_start, p_end in periods)


def overdue_reports(today: date | None = None) -> list[OverdueReport]:
    """The registrations in use whose last due usage report is missing, oldest due first.
    Three queries, whatever the number of registrations."""
    today = today or timezone.localdate()
    due_days = reminder_rules().report_due_days
    licences = general_table().licences
    registrations = list(
        GeneralLicenceRegistration.objects.filter(status=REG.REGISTERED).select_related(
            "organisation"
        )
    )
    periods: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for reg_id, p_start, p_end in GeneralLicenceReport.objects.filter(
        registration__status=REG.REGISTERED
    ).values_list("registration_id", "period_start", "period_end"):
        periods[reg_id].append((p_start, p_end))
    found: list[tuple[GeneralLicenceRegistration, date, date, date]] = []
    for reg in registrations:
        licence = licences.get(reg.licence_code)
        if licence is None:
            continue
        registered_on = timezone.localdate(reg.registered_at)
        last = last_ended_period(registered_on, licence.report_period_months, today, due_days)
        if last is None or _covered(periods[reg.pk], last[0], last[1]):
            continue
        found.append((reg, *last))
    reminders = {
        (r.registration_id, r.period_end): r
        for r in GeneralReminder.objects.filter(
            kind=GeneralReminder.Kind.USAGE_REPORT,
            registration_id__in=[f[0].pk for f in found],
        )
    }
    rows = [
        OverdueReport(reg, start, end, due, reminders.get((reg.pk, end)))
        for reg, start, end, due in found
    ]
    return sorted(rows, key=lambda r: (r.due, r.registration.reference))


def audits_due(today: date | None = None) -> list[AuditDue]:
    """The certificates in force (valid or suspended) whose next audit falls within the
    notice days, or is past, soonest first. Two queries."""
    today = today or timezone.localdate()
    rules = reminder_rules()
    years = general_table().certification.audit_interval_years
    horizon = today + timedelta(days=rules.audit_notice_days)
    certificates = (
        CertifiedRecipient.objects.filter(
            status__in=(CERT.VALID, CERT.SUSPENDED), valid_until__gte=today
        )
        .select_related("organisation")
        .annotate(last_audit=Max("audits__audited_on"))
    )
    found = []
    for cert in certificates:
        last: date | None = getattr(cert, "last_audit", None)
        due = (last or cert.issued_on) + relativedelta(years=years)
        if due <= horizon:
            found.append((cert, last, due))
    reminders = {
        (r.certificate_id, r.due): r
        for r in GeneralReminder.objects.filter(
            kind=GeneralReminder.Kind.AUDIT, certificate_id__in=[f[0].pk for f in found]
        )
    }
    rows = [
        AuditDue(cert, last, due, due < today, reminders.get((cert.pk, due)))
        for cert, last, due in found
    ]
    return sorted(rows, key=lambda r: (r.due, r.certificate.certificate_number))


# ---------------------------------------------------------------- sending


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


def _report_texts(reference: str, number: str, start: date, end: date) -> tuple[str, str]:
    values = {
        "ref": reference,
        "licence": number,
        "start": date_format(start, "SHORT_DATE_FORMAT"),
        "end": date_format(end, "SHORT_DATE_FORMAT"),
    }
    return (
        _("%(ref)s: usage report overdue") % values,
        _(
            "The report of the use of general licence %(licence)s (registration %(ref)s) for "
            "the period %(start)s to %(end)s has not been received. Report the use in foro."
        )
        % values,
    )


def _audit_texts(number: str, organisation: str, due: date) -> tuple[str, str]:
    values = {
        "number": number,
        "organisation": organisation,
        "date": date_format(due, "SHORT_DATE_FORMAT"),
    }
    return (
        _("%(number)s: audit due on %(date)s") % values,
        _(
            "The audit of certified recipient %(organisation)s (certificate %(number)s) is "
            "due on %(date)s. Record it in foro."
        )
        % values,
    )


def _record(reminder: GeneralReminder, target: Any, verb: str, payload: dict[str, Any]) -> bool:
    """Store the reminder with its audit event; False when it exists already (an earlier
    run, or another worker at the same moment)."""
    try:
        with transaction.atomic():
            reminder.save()
            audit.record(actor=SystemActor.SYSTEM, verb=verb, target=target, payload=payload)
    except IntegrityError:
        return False
    return True


def general_reminders_send(today: date | None = None) -> dict[str, int]:
    """Send the reminders of overdue usage reports and due audits not sent yet."""
    today = today or timezone.localdate()
    sent = {"usage_report": 0, "audit": 0}
    officers = list(selectors.officers())
    officer_names = [u.get_username() for u in officers]
    for row in overdue_reports(today):
        if row.reminded is not None:
            continue
        reg = row.registration
        company = list(reg.organisation.users.filter(is_active=True).order_by("username"))
        recipients = [*company, *officers]
        reminder = GeneralReminder(
            kind=GeneralReminder.Kind.USAGE_REPORT,
            registration=reg,
            period_start=row.period_start,
            period_end=row.period_end,
            due=row.due,
            recipients=[u.get_username() for u in recipients],
        )
        payload = {
            "period": [row.period_start.isoformat(), row.period_end.isoformat()],
            "due": row.due.isoformat(),
            "recipients": reminder.recipients,
        }
        if _record(reminder, reg, "general_licence.report_reminder_sent", payload):
            number = reg.licence.number
            _mail(
                recipients,
                partial(_report_texts, reg.reference, number, row.period_start, row.period_end),
            )
            sent["usage_report"] += 1
    for due in audits_due(today):
        if due.reminded is not None:
            continue
        cert = due.certificate
        reminder = GeneralReminder(
            kind=GeneralReminder.Kind.AUDIT, certificate=cert, due=due.due, recipients=officer_names
        )
        payload = {"due": due.due.isoformat(), "recipients": officer_names}
        if _record(reminder, cert, "certified_recipient.audit_reminder_sent", payload):
            _mail(
                officers,
                partial(_audit_texts, cert.certificate_number, cert.organisation.name, due.due),
            )
            sent["audit"] += 1
    return sent


@task()
def send_general_reminders() -> dict[str, int]:
    """Daily: the reminders of overdue usage reports and due audits."""
    return general_reminders_send()
