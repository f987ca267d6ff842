"""Reminders of general-licence duties: an overdue usage report reminds the company and the
officers once per period (the period from the licence's data), a due audit of a certified
recipient reminds the officers once per due date; two workers at once send once; the
officers' page lists what is overdue, and nobody else opens it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import translation

from conftest import login
from foro.core.models import AuditEvent
from foro.licensing.general_licences import general_table, get_general
from foro.licensing.models_general import GeneralLicenceRegistration
from foro.licensing.models_reminders_general import GeneralReminder
from foro.licensing.reminders_general import (
    RULES_FILE,
    audits_due,
    general_reminders_send,
    last_ended_period,
    overdue_reports,
    parse_rules,
    reminder_rules,
    send_general_reminders,
)
from foro.licensing.services import general as svc
from foro.licensing.tests.test_general_services import FLEMISH, registered

pytestmark = pytest.mark.django_db

START = date(2026, 1, 15)


@pytest.fixture
def at(time_machine):
    def move(day: date) -> None:
        time_machine.move_to(f"{day.isoformat()} 10:00 +01:00", tick=False)

    return move


def _due_of_first_period() -> date:
    months = get_general(FLEMISH).report_period_months
    end = START + relativedelta(months=months) - timedelta(days=1)
    return end + timedelta(days=reminder_rules().report_due_days)


def test_the_rules_are_data_with_a_source_and_marks():
    rules = parse_rules(RULES_FILE.read_text(encoding="utf-8"))
    assert rules.source and rules.report_due_days >= 0 and rules.audit_notice_days >= 0
    assert set(rules.to_confirm) <= {"report_due_days", "audit_notice_days"}
    with pytest.raises(ValueError, match="unknown"):
        parse_rules(RULES_FILE.read_text(encoding="utf-8") + "\nsurprise = 1\n")


def test_the_period_comes_from_the_licence():
    assert last_ended_period(START, 6, date(2026, 8, 13), 30) is None  # due 13/8 not yet past
    assert last_ended_period(START, 6, date(2026, 8, 14), 30) == (
        START,
        date(2026, 7, 14),
        date(2026, 8, 13),
    )
    assert last_ended_period(START, 12, date(2026, 8, 14), 30) is None
    assert last_ended_period(START, 6, date(2027, 3, 1), 30)[1] == date(2027, 1, 14)


def test_an_overdue_report_reminds_the_company_and_the_officers_once(accounts, at):
    at(START)
    reg = registered(accounts)
    other = registered(accounts, who="applicant2")
    due = _due_of_first_period()
    at(due)  # the day it is due: not yet overdue
    assert general_reminders_send()["usage_report"] == 0
    at(due + timedelta(days=1))
    mail.outbox.clear()
    assert general_reminders_send()["usage_report"] == 2
    reminder = GeneralReminder.objects.get(registration=reg)
    assert reminder.period_start == START and reminder.due == due
    assert "applicant" in reminder.recipients and "officer" in reminder.recipients
    assert "applicant2" not in reminder.recipients
    to_company = [m for m in mail.outbox if reg.reference in m.subject]
    addressees = {a for m in to_company for a in m.to}
    assert accounts["applicant"].email in addressees
    assert accounts["officer"].email in addressees
    assert accounts["applicant2"].email not in addressees
    assert AuditEvent.objects.filter(
        verb="general_licence.report_reminder_sent", target_id=str(reg.pk)
    ).exists()
    assert GeneralReminder.objects.filter(registration=other).count() == 1
    mail.outbox.clear()
    at(due + timedelta(days=5))
    assert general_reminders_send() == {"usage_report": 0, "audit": 0} and not mail.outbox


def test_a_report_for_the_period_or_a_suspension_means_no_reminder(accounts, at):
    at(START)
    reg = registered(accounts)
    suspended = svc.registration_change_status(
        actor=accounts["officer"],
        registration=registered(accounts, who="applicant2"),
        action="suspend",
        reason="Investigation",
    )
    at(START + timedelta(days=40))
    svc.general_licence_report_use(
        actor=accounts["applicant"],
        registration=reg,
        period_start=START,
        period_end=START + timedelta(days=30),
        destination="NL",
        goods_description="Sights",
        control_entry="ML15.c",
        value_eur="1000",
    )
    at(_due_of_first_period() + timedelta(days=1))
    assert overdue_reports() == []
    assert general_reminders_send()["usage_report"] == 0
    assert not GeneralReminder.objects.filter(registration__in=[reg, suspended]).exists()


def test_the_next_period_reminds_again(accounts, at):
    at(START)
    reg = registered(accounts)
    at(_due_of_first_period() + timedelta(days=1))
    assert general_reminders_send()["usage_report"] == 1
    months = get_general(FLEMISH).report_period_months
    at(_due_of_first_period() + relativedelta(months=months) + timedelta(days=1))
    assert general_reminders_send()["usage_report"] == 1
    ends = sorted(
        GeneralReminder.objects.filter(registration=reg).values_list("period_end", flat=True)
    )
    assert len(ends) == 2 and ends[0] < ends[1]


def test_the_database_refuses_a_second_reminder_for_a_period(accounts, at):
    at(START)
    reg = registered(accounts)
    GeneralReminder.objects.create(
        kind="usage_report", registration=reg, period_start=START, period_end=START, due=START
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        GeneralReminder.objects.create(
            kind="usage_report", registration=reg, period_start=START, period_end=START, due=START
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        GeneralReminder.objects.create(kind="usage_report", certificate=None, due=START)


def _certificate(accounts, issued_on: date):
    return svc.certified_recipient_issue(
        actor=accounts["senior"],
        organisation=accounts["applicant"].organisation,
        issued_on=issued_on,
        valid_until=issued_on + relativedelta(years=5) - timedelta(days=1),
    )


def test_a_due_audit_reminds_the_officers_once(accounts, at):
    years = general_table().certification.audit_interval_years
    notice = reminder_rules().audit_notice_days
    cert = _certificate(accounts, START)
    due = START + relativedelta(years=years)
    at(due - timedelta(days=notice + 1))
    assert audits_due() == [] and general_reminders_send()["audit"] == 0
    at(due - timedelta(days=notice))
    mail.outbox.clear()
    assert general_reminders_send()["audit"] == 1
    reminder = GeneralReminder.objects.get(certificate=cert)
    assert reminder.due == due and "officer" in reminder.recipients
    assert "applicant" not in reminder.recipients
    assert {a for m in mail.outbox for a in m.to} >= {accounts["officer"].email}
    assert accounts["applicant"].email not in {a for m in mail.outbox for a in m.to}
    at(due + timedelta(days=3))
    assert audits_due()[0].overdue and general_reminders_send()["audit"] == 0
    # an audit moves the due date: the next one reminds again, later
    svc.certified_recipient_record_audit(
        actor=accounts["officer"],
        certificate=cert,
        audited_on=due + timedelta(days=2),
        outcome="compliant",
        findings="",
    )
    assert audits_due() == []


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_reminder_once(accounts, time_machine):
    """Real threads on real connections: both find the report overdue, one row is written,
    one set of e-mails goes out."""
    from foro.licensing.tests.test_concurrency import run_in_parallel

    time_machine.move_to(f"{START.isoformat()} 10:00 +01:00", tick=False)
    registered(accounts)
    time_machine.move_to(
        f"{(_due_of_first_period() + timedelta(days=1)).isoformat()} 10:00 +01:00", tick=False
    )
    results: list[dict[str, int]] = []
    mail.outbox.clear()
    outcomes = run_in_parallel(lambda _w: results.append(general_reminders_send()), [1, 2, 3])
    assert outcomes == ["ok", "ok", "ok"], outcomes
    assert sum(r["usage_report"] for r in results) == 1, results
    assert GeneralReminder.objects.count() == 1
    assert AuditEvent.objects.filter(verb="general_licence.report_reminder_sent").count() == 1


def test_the_daily_task_sends_them(accounts, at):
    at(START)
    registered(accounts)
    at(_due_of_first_period() + timedelta(days=1))
    send_general_reminders.enqueue()
    assert GeneralReminder.objects.count() == 1


@pytest.mark.parametrize("who", ["officer", "senior", "management"])
def test_staff_see_the_overdue_page(client, accounts, at, who):
    at(START)
    reg = registered(accounts)
    _certificate(accounts, START - relativedelta(years=4))
    at(_due_of_first_period() + timedelta(days=1))
    general_reminders_send()
    login(client, accounts[who])
    client.cookies["foro_language"] = "en"
    with translation.override("en"):
        page = client.get("/licensing/general/overdue/")
    assert page.status_code == 200
    text = page.content.decode()
    assert reg.reference in text and "BE-VL-CERT-" in text and "overdue" in text


@pytest.mark.parametrize("who", ["applicant", "policy", "devcoop"])
def test_others_do_not_open_the_overdue_page(client, accounts, who):
    login(client, accounts[who])
    assert client.get("/licensing/general/overdue/").status_code in (403, 404)


def test_the_overdue_lists_cost_the_same_for_many_rows(accounts, at, django_assert_max_num_queries):
    at(START)
    registered(accounts)
    for code in ("general-export-eu001", "general-transfer-demonstration"):
        svc.general_licence_register(actor=accounts["applicant"], licence_code=code)
    at(date(2027, 6, 1))
    assert len(overdue_reports()) == GeneralLicenceRegistration.objects.count() == 3
    with django_assert_max_num_queries(3):
        overdue_reports()
