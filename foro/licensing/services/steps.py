"""The steps between submission and the decision: assignment, the minister, the
assessment, requests for information, consultations, the criteria, the automatic
checks, and withdrawal."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from foro.core import audit
from foro.core.actors import Actor, SystemActor, system_actor
from foro.core.errors import Conflict, TransitionNotAllowed, ValidationFailed
from foro.core.models import User
from foro.core.services import document_upload, require
from foro.licensing import workflow
from foro.licensing.checks import run_checks, store_outcome
from foro.licensing.models import (
    Application,
    ApplicationDocument,
    CheckResult,
    Consultation,
    CriterionAssessment,
    InformationRequest,
    Status,
)
from foro.licensing.services._common import (
    _lock,
    _move,
    _notify_applicant,
    _save_change,
    _step,
)
from foro.reference.selectors import current_version


def application_assign(
    *, actor: User, application: Application, officer: User | None
) -> Application:
    require(actor, "licensing.assign")
    if officer is not None and not officer.has_perm("licensing.assess"):
        raise ValidationFailed(
            errors=[{"field": "officer", "message": _("Only a licensing officer can be assigned.")}]
        )
    with transaction.atomic():
        app = _lock(application)
        if app.status not in workflow.SUBMITTED_OPEN_STATES:
            raise TransitionNotAllowed(_("Only a submitted, open application can be assigned."))
        app.assigned_officer = officer
        _save_change(
            actor,
            app,
            "application.assigned",
            {"officer": officer.get_username() if officer else ""},
        )
    return app


def application_set_minister_decides(
    *, actor: User, application: Application, minister_decides: bool
) -> Application:
    """Mark that the minister takes the decision (the decision target becomes 84 days)."""
    require(actor, "licensing.assess")
    with transaction.atomic():
        app = _lock(application)
        if app.status not in workflow.SUBMITTED_OPEN_STATES:
            raise TransitionNotAllowed(_("Only a submitted, open application can be changed."))
        if app.minister_decides != minister_decides:
            app.minister_decides = minister_decides
            _save_change(
                actor, app, "application.minister_decides", {"ministerDecides": minister_decides}
            )
    return app


def application_start_assessment(*, actor: User, application: Application) -> Application:
    with transaction.atomic():
        app = _lock(application)
        t = _step(actor, app, "start_assessment")
        if app.assigned_officer_id is None:
            app.assigned_officer = actor
        _move(actor, app, t)
    return app


def information_request(
    *, actor: User, application: Application, question: str, due_date: date | None = None
) -> InformationRequest:
    question = (question or "").strip()
    if not question:
        raise ValidationFailed(
            errors=[{"field": "question", "message": _("Write the question for the applicant.")}]
        )
    if due_date and due_date <= timezone.localdate():
        raise ValidationFailed(
            errors=[{"field": "dueDate", "message": _("The answer date must be in the future.")}]
        )
    with transaction.atomic():
        app = _lock(application)
        t = _step(actor, app, "request_information")
        rfi = InformationRequest.objects.create(
            application=app, question=question, asked_by=actor, due_date=due_date
        )
        _move(actor, app, t, {"request": rfi.pk})
    _notify_applicant(
        app,
        _("more information is needed"),
        _(
            "The licensing service needs more information about application %(ref)s:\n\n%(q)s\n\nAnswer it in foro."
        )
        % {"ref": app.reference, "q": question},
    )
    return rfi


def information_answer(
    *,
    actor: User,
    application: Application,
    answer: str,
    documents: list[tuple[str, bytes]] | None = None,
) -> InformationRequest:
    answer = (answer or "").strip()
    if not answer:
        raise ValidationFailed(errors=[{"field": "answer", "message": _("Write your answer.")}])
    with transaction.atomic():
        app = _lock(application)
        t = _step(actor, app, "answer_information")
        rfi = (
            app.information_requests.filter(answered_at__isnull=True).order_by("-asked_at").first()
        )
        if rfi is None:  # pragma: no cover - the state says there is one
            raise Conflict()
        for name, content in documents or []:
            doc = document_upload(
                actor=actor, name=name, content=content, organisation=app.organisation
            )
            ApplicationDocument.objects.create(
                application=app, document=doc, kind=ApplicationDocument.Kind.INFORMATION_ANSWER
            )
        rfi.answer = answer
        rfi.answered_by = actor
        rfi.answered_at = timezone.now()
        rfi.save()
        _move(actor, app, t, {"request": rfi.pk, "documents": len(documents or [])})
        run_checks(app)
    return rfi


def consultation_start(
    *,
    actor: User,
    application: Application,
    body: str,
    question: str,
    due_date: date | None,
    body_detail: str = "",
) -> Consultation:
    problems = []
    if body not in Consultation.Body.values:
        problems.append({"field": "body", "message": _("Choose the body to consult.")})
    if not (question or "").strip():
        problems.append({"field": "question", "message": _("Write the question.")})
    if due_date is None or due_date <= timezone.localdate():
        problems.append(
            {"field": "dueDate", "message": _("The answer date must be in the future.")}
        )
    if problems or due_date is None:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        app = _lock(application)
        # a further body while already in consultation is its own (self-loop) step
        t = _step(
            actor,
            app,
            "add_consultation" if app.status == Status.CONSULTATION else "start_consultation",
        )
        consultation = Consultation.objects.create(
            application=app,
            body=body,
            body_detail=body_detail.strip()[:200],
            question=question.strip(),
            sent_by=actor,
            due_date=due_date,
        )
        _move(actor, app, t, {"body": body, "consultation": consultation.pk})
    return consultation


def consultation_answer(
    *, actor: User, consultation: Consultation, outcome: str, answer: str
) -> Consultation:
    require(actor, "licensing.consult")
    problems = []
    if outcome not in Consultation.Outcome.values:
        problems.append({"field": "outcome", "message": _("Choose the outcome.")})
    if not (answer or "").strip():
        problems.append({"field": "answer", "message": _("Record the answer.")})
    if problems:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        app = _lock(consultation.application)
        c = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if c.answered_at is not None:
            raise Conflict(_("This consultation was already answered."))
        c.outcome, c.answer, c.answered_at, c.recorded_by = (
            outcome,
            answer.strip(),
            timezone.now(),
            actor,
        )
        c.save()
        _save_change(
            actor, app, "application.consultation_answered", {"body": c.body, "outcome": outcome}
        )
    return c


def consultation_close(*, actor: User, application: Application) -> Application:
    with transaction.atomic():
        app = _lock(application)
        t = _step(actor, app, "close_consultation")
        if app.consultations.filter(answered_at__isnull=True).exists():
            raise TransitionNotAllowed(_("Record the answers of every consulted body first."))
        _move(actor, app, t)
    return app


def assessment_record(
    *, actor: User, application: Application, criterion: int, risk: str, reasoning: str
) -> CriterionAssessment:
    require(actor, "licensing.assess")
    problems = []
    if criterion not in range(1, 9):
        problems.append({"field": "criterion", "message": _("There are eight criteria (1 to 8).")})
    if risk not in CriterionAssessment.Risk.values:
        problems.append({"field": "risk", "message": _("Choose a risk level.")})
    if not (reasoning or "").strip():
        problems.append({"field": "reasoning", "message": _("Give the reasoning.")})
    if problems:
        raise ValidationFailed(errors=problems)
    version = current_version("criteria")
    with transaction.atomic():
        app = _lock(application)
        if app.status not in (
            Status.UNDER_ASSESSMENT,
            Status.CONSULTATION,
            Status.INFORMATION_REQUESTED,
        ):
            raise TransitionNotAllowed(
                _("The criteria are assessed while the application is under assessment.")
            )
        obj, _created = CriterionAssessment.objects.update_or_create(
            application=app,
            criterion=criterion,
            defaults={
                "risk": risk,
                "reasoning": reasoning.strip(),
                "assessed_by": actor,
                "criteria_version": version.number if version else 0,
            },
        )
        _save_change(
            actor,
            app,
            "application.criterion_assessed",
            {"criterion": criterion, "risk": risk, "criteriaVersion": obj.criteria_version},
        )
    return obj


def assessment_record_all(
    *, actor: User, application: Application, rows: list[dict[str, object]]
) -> list[int]:
    """Record the assessment of several criteria at once (the case page's one form).

    ``rows`` holds ``{criterion, risk, reasoning}`` for every criterion shown; a row that is
    unchanged, or left empty for a criterion never assessed, is skipped. Every problem of
    every row is reported at once (field ``criterion-<n>-risk`` / ``-reasoning``) and
    nothing is saved; otherwise each changed criterion is recorded, with its own audit
    event, in one transaction. Returns the numbers of the criteria recorded."""
    require(actor, "licensing.assess")
    stored = {
        a.criterion: (a.risk, a.reasoning)
        for a in CriterionAssessment.objects.filter(application=application)
    }
    changed: list[tuple[int, str, str]] = []
    problems = []
    for row in rows:
        n = int(str(row["criterion"]))
        risk = str(row.get("risk") or "").strip()
        # a browser posts a textarea's line breaks as CRLF
        reasoning = str(row.get("reasoning") or "").replace("\r\n", "\n").strip()
        if n not in stored and not risk and not reasoning:
            continue
        if stored.get(n) == (risk, reasoning):
            continue
        if n not in range(1, 9):
            problems.append(
                {"field": f"criterion-{n}", "message": _("There are eight criteria (1 to 8).")}
            )
            continue
        if risk not in CriterionAssessment.Risk.values:
            problems.append(
                {
                    "field": f"criterion-{n}-risk",
                    "message": _("Criterion %(n)d: choose a risk level.") % {"n": n},
                }
            )
        if not reasoning:
            problems.append(
                {
                    "field": f"criterion-{n}-reasoning",
                    "message": _("Criterion %(n)d: give the reasoning.") % {"n": n},
                }
            )
        changed.append((n, risk, reasoning))
    if problems:
        raise ValidationFailed(_("Nothing was saved."), errors=problems)
    with transaction.atomic():
        for n, risk, reasoning in changed:
            assessment_record(
                actor=actor, application=application, criterion=n, risk=risk, reasoning=reasoning
            )
    return [n for n, _risk, _reasoning in changed]


def application_withdraw(*, actor: User, application: Application, reason: str = "") -> Application:
    with transaction.atomic():
        app = _lock(application)
        t = _step(actor, app, "withdraw")
        app.decided_at = timezone.now() if app.submitted_at else None
        _move(actor, app, t, {"reason": (reason or "").strip()})
    return app


def checks_rerun(
    *,
    actor: Actor,
    application: Application,
    names: list[str] | None = None,
    only_open: bool = False,
) -> Application:
    """Run the automatic checks again (an officer, or the system after a rule change).
    ``only_open``: do nothing for an application decided or withdrawn in the meantime."""
    if system_actor(actor) is None:
        require(actor, "licensing.run_checks")
    with transaction.atomic():
        app = _lock(application)
        if only_open and not app.is_open:
            return app
        if app.status == Status.DRAFT:
            raise TransitionNotAllowed(_("Checks run once the application is submitted."))
        results = run_checks(app, names)
        audit.record(
            actor=actor,
            verb="application.checks_run",
            target=app,
            payload={"checks": {r.check_name: r.outcome for r in results}},
        )
    return app


def sanctions_check_refresh(*, application: Application) -> CheckResult | None:
    """After a hit of the applicant or a party was disposed of: store the sanctions outcome
    that the hits now give (no new screening, the same list versions), so that the case
    and the queue show it. Nothing for a draft or a closed case, or when it is unchanged."""
    from foro.licensing.screening import outcome_of_hits

    with transaction.atomic():
        app = _lock(application)
        if app.status not in workflow.SUBMITTED_OPEN_STATES:
            return None
        stored = app.checks.filter(check_name="sanctions", is_current=True).first()
        outcome = outcome_of_hits(app, stored.rule_version if stored else "")
        if stored and (stored.outcome, stored.reason, stored.findings) == (
            outcome.outcome,
            outcome.reason,
            outcome.findings,
        ):
            return None
        result = store_outcome(app, "sanctions", outcome)
        audit.record(
            actor=SystemActor.SYSTEM,
            verb="application.checks_run",
            target=app,
            payload={"checks": {"sanctions": result.outcome}, "cause": "hit disposed"},
        )
    return result
