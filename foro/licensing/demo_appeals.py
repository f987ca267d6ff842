"""Demo data of appeals and item rulings (issue 10), made through the services after the
demo applications: the first refusals are appealed (one appeal lodged, one under review,
one with an outcome proposed, one upheld, one withdrawn), each at a date shortly after its
refusal; each demo company asks item rulings (written confirmations and catch-all
enquiries), some answered.

Idempotent: the appeals are made when there is none yet, the rulings likewise."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import time_machine
from django.conf import settings
from django.utils import timezone

from foro.core.models import User
from foro.core.roles import Role
from foro.licensing import rulings, services
from foro.licensing.models import Appeal, Application, ItemRuling, Status

#: the states the demo appeals end in, in the order of the refusals they appeal
APPEAL_STATES = (
    Appeal.Status.LODGED,
    Appeal.Status.UNDER_REVIEW,
    Appeal.Status.PROPOSED,
    Appeal.Status.UPHELD,
    Appeal.Status.WITHDRAWN,
)

GROUNDS = (
    "The end user is the destination's armed forces, not the police unit named in the "
    "refusal; the end-user certificate signed by the Ministry of Defence is attached."
)

#: (company's demo account, kind, item, CN code, question, end use, answer or "", reasoning)
RULINGS: tuple[tuple[str, str, str, str, str, str, str, str], ...] = (
    (
        "applicant",
        "not_military",
        "Thermal camera module for building inspection, 320x240, 9 Hz",
        "90138000",
        "Is this camera module military material under the Common Military List?",
        "Sold to building inspectors in the EU",
        "not_military",
        "Not specially designed for military use; 9 Hz frame rate; no ML15 entry applies.",
    ),
    (
        "applicant",
        "catch_all",
        "Sodium fluoride, 99.9 %, 250 kg",
        "28261990",
        "Does the export to a university laboratory need a licence under art. 4?",
        "Semiconductor research, Kyoto Materials Laboratory",
        "no_licence",
        "Not listed; no information on a WMD or military end use; the end user is known.",
    ),
    (
        "applicant",
        "not_military",
        "Spare barrels for hunting rifles, .308 Win",
        "93059100",
        "Are these barrels military material or civil firearm parts?",
        "Gunsmiths in Norway",
        "",
        "",
    ),
    (
        "applicant2",
        "catch_all",
        "Five-axis machine tool controller",
        "84669400",
        "Does a machine tool controller for a customer in a third country need a licence?",
        "Metalworking workshop, civil",
        "",
        "",
    ),
)


def _travel(when: datetime) -> Any:
    return time_machine.travel(min(when, timezone.now()), tick=False)


def _company_user(app: Application) -> User | None:
    return (
        User.objects.filter(
            organisation_id=app.organisation_id, groups__name=Role.APPLICANT.value, is_active=True
        )
        .order_by("username")
        .first()
    )


def _appeals(users: dict[str, User]) -> int:
    officer, senior = users["officer"], users["senior"]
    refusals = (
        Application.objects.filter(status=Status.REFUSED, decided_at__isnull=False)
        .exclude(appeals__isnull=False)
        .order_by("decided_at", "pk")
    )
    made = 0
    for app, state in zip(refusals, APPEAL_STATES, strict=False):
        company = _company_user(app)
        if company is None or app.decided_at is None:
            continue
        decided = app.decided_at
        with _travel(decided + timedelta(days=6)):
            appeal = services.appeal_lodge(actor=company, application=app, grounds=GROUNDS)
        made += 1
        if state == Appeal.Status.LODGED:
            continue
        if state == Appeal.Status.WITHDRAWN:
            with _travel(decided + timedelta(days=9)):
                services.appeal_withdraw(
                    actor=company, appeal=appeal, reason="We shall apply again with new papers."
                )
            continue
        with _travel(decided + timedelta(days=10)):
            services.appeal_start_review(actor=officer, appeal=appeal)
        if state == Appeal.Status.UNDER_REVIEW:
            continue
        with _travel(decided + timedelta(days=30)):
            services.appeal_propose(
                actor=officer,
                appeal=appeal,
                outcome=Appeal.Outcome.UPHOLD,
                reasoning="The new certificate names the same police unit; criterion 2 stands.",
            )
        if state == Appeal.Status.PROPOSED:
            continue
        with _travel(decided + timedelta(days=35)):
            services.appeal_countersign(actor=senior, appeal=appeal, comment="Agreed.")
    return made


def _rulings(users: dict[str, User], officer: User) -> int:
    made = 0
    for who, kind, item, cn, question, end_use, answer, reasoning in RULINGS:
        actor = users.get(who)
        if actor is None or actor.organisation_id is None:
            continue
        ruling = rulings.ruling_ask(
            actor=actor,
            kind=kind,
            description=item,
            cn_code=cn,
            question=question,
            end_use=end_use,
        )
        made += 1
        if answer:
            rulings.ruling_answer(actor=officer, ruling=ruling, answer=answer, reasoning=reasoning)
    return made


def load(stdout: Any = None) -> None:
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["applicant", "applicant2", "officer", "senior"])
    }
    if len(users) < 4:
        return
    # the demo's notifications go nowhere (they would flood the console backend)
    saved_backend, settings.EMAIL_BACKEND = (
        settings.EMAIL_BACKEND,
        "django.core.mail.backends.dummy.EmailBackend",
    )
    try:
        appeals = 0 if Appeal.objects.exists() else _appeals(users)
        made = 0 if ItemRuling.objects.exists() else _rulings(users, users["officer"])
    finally:
        settings.EMAIL_BACKEND = saved_backend
    if stdout:
        stdout.write(f"licensing: {appeals} demo appeals, {made} demo item rulings")
