"""Appeals of a refusal (issue 10): the applicant lodges one, an officer reviews it and
proposes the outcome, a second senior officer countersigns it. Overturned, a licence is
issued on appeal with the same checks as a grant. Each step follows
``appeals_workflow.APPEAL_TRANSITIONS`` and is audited."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from foro.core import audit
from foro.core.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
)
from foro.core.models import User
from foro.core.roles import roles_of
from foro.licensing.appeals_workflow import OPEN_APPEAL_STATES, appeal_transition
from foro.licensing.kinds import kind_table
from foro.licensing.models import Appeal, Application, DecisionProposal, Status
from foro.licensing.services._common import _lock, _notify_applicant, next_number
from foro.licensing.services.decisions import _grant_blockers, _open_hits_problems
from foro.licensing.services.licences import _issue_licence
from foro.licensing.workflow import Transition


def _lock_appeal(appeal: Appeal) -> Appeal:
    try:
        return (
            Appeal.objects.select_for_update(of=("self",))
            .select_related("application", "application__organisation")
            .get(pk=appeal.pk)
        )
    except Appeal.DoesNotExist as exc:
        raise NotFound() from exc


def _appeal_step(actor: User, appeal: Appeal, action: str) -> Transition:
    t = appeal_transition(action)
    if not (t.roles & roles_of(actor)):
        raise PermissionDenied()
    if t.own_organisation and actor.organisation_id != appeal.application.organisation_id:
        raise NotFound()
    if appeal.status not in t.sources:
        raise TransitionNotAllowed(
            _("“%(step)s” is not possible while the appeal is “%(state)s”.")
            % {"step": t.label, "state": Appeal.Status(appeal.status).label}
        )
    return t


def _move(
    actor: User, appeal: Appeal, t: Transition, payload: dict[str, Any] | None = None
) -> None:
    before = appeal.status
    appeal.status = t.target
    appeal.revision += 1
    appeal.save()
    audit.record(
        actor=actor,
        verb=f"appeal.{t.action}",
        target=appeal,
        payload={
            "from": before,
            "to": t.target,
            "application": appeal.application.reference,
            **(payload or {}),
        },
    )


def appeal_deadline_for(application: Application) -> Any:
    """The last day on which a refusal can be appealed (None if it was not refused)."""
    if application.status != Status.REFUSED or application.decided_at is None:
        return None
    decided = timezone.localtime(application.decided_at).date()
    return decided + timedelta(days=kind_table().appeal.lodge_within_days)


def can_appeal(application: Application) -> bool:
    """A refusal within its time limit, with no appeal under way or decided."""
    last_day = appeal_deadline_for(application)
    return (
        last_day is not None
        and timezone.localdate() <= last_day
        and not application.appeals.exclude(status=Appeal.Status.WITHDRAWN).exists()
    )


def appeal_lodge(*, actor: User, application: Application, grounds: str) -> Appeal:
    t = appeal_transition("lodge")
    if not (t.roles & roles_of(actor)):
        raise PermissionDenied()
    grounds = (grounds or "").replace("\r\n", "\n").strip()
    if not grounds:
        raise ValidationFailed(
            errors=[{"field": "grounds", "message": _("Give the grounds of your appeal.")}]
        )
    if len(grounds) > 10000:
        raise ValidationFailed(
            errors=[{"field": "grounds", "message": _("At most 10000 characters.")}]
        )
    with transaction.atomic():
        app = _lock(application)
        if actor.organisation_id != app.organisation_id:
            raise NotFound()
        if app.status != Status.REFUSED:
            raise TransitionNotAllowed(_("Only a refusal can be appealed."))
        last_day = appeal_deadline_for(app)
        today = timezone.localdate()
        if last_day is None or today > last_day:
            raise TransitionNotAllowed(
                _("The time limit for an appeal ended on %(date)s.") % {"date": last_day}
            )
        if app.appeals.filter(status__in=OPEN_APPEAL_STATES).exists():
            raise Conflict(_("An appeal of this refusal is already under way."))
        if app.appeals.filter(status__in=(Appeal.Status.UPHELD, Appeal.Status.OVERTURNED)).exists():
            raise TransitionNotAllowed(_("This refusal was already decided on appeal."))
        year = today.year
        appeal = Appeal.objects.create(
            reference=f"BZ-{year}-{next_number('BZ', year):05d}",
            application=app,
            grounds=grounds,
            lodged_by=actor,
            lodged_at=timezone.now(),
            deadline=today + timedelta(days=kind_table().appeal.decision_days),
        )
        audit.record(
            actor=actor,
            verb="appeal.lodge",
            target=appeal,
            payload={
                "to": appeal.status,
                "application": app.reference,
                "deadline": appeal.deadline.isoformat(),
            },
        )
    return appeal


def appeal_start_review(*, actor: User, appeal: Appeal) -> Appeal:
    with transaction.atomic():
        a = _lock_appeal(appeal)
        t = _appeal_step(actor, a, "start_review")
        a.officer = actor
        _move(actor, a, t)
    return a


def appeal_propose(
    *, actor: User, appeal: Appeal, outcome: str, reasoning: str, conditions: str = ""
) -> Appeal:
    problems = []
    if outcome not in Appeal.Outcome.values:
        problems.append(
            {"field": "outcome", "message": _("Choose to uphold or to overturn the refusal.")}
        )
    if not (reasoning or "").strip():
        problems.append({"field": "reasoning", "message": _("Give the reasoning.")})
    if problems:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        a = _lock_appeal(appeal)
        t = _appeal_step(actor, a, "propose")
        if outcome == Appeal.Outcome.OVERTURN:
            blockers = _grant_blockers(a.application) + _open_hits_problems(a.application)
            if blockers:
                raise ValidationFailed(_("The refusal cannot be overturned now."), errors=blockers)
        a.proposed_outcome = outcome
        a.reasoning = reasoning.replace("\r\n", "\n").strip()
        a.conditions = (conditions or "").replace("\r\n", "\n").strip()
        a.proposed_by = actor
        _move(actor, a, t, {"outcome": outcome})
    return a


def appeal_countersign(*, actor: User, appeal: Appeal, comment: str = "") -> Appeal:
    """The second pair of eyes: a senior officer who did not propose makes it final. An
    overturned refusal issues the licence (checked like any grant)."""
    with transaction.atomic():
        a = _lock_appeal(appeal)
        if a.status in (Appeal.Status.UPHELD, Appeal.Status.OVERTURNED):
            raise Conflict(_("This appeal was already decided."))
        action = (
            "countersign_overturn"
            if a.proposed_outcome == Appeal.Outcome.OVERTURN
            else "countersign_uphold"
        )
        t = _appeal_step(actor, a, action)
        if a.proposed_by_id == actor.pk:
            raise PermissionDenied(
                _("You proposed this outcome; another senior officer must countersign it.")
            )
        app = _lock(a.application)
        now = timezone.now()
        payload: dict[str, Any] = {
            "proposedBy": a.proposed_by.get_username() if a.proposed_by else ""
        }
        if a.proposed_outcome == Appeal.Outcome.OVERTURN:
            blockers = _grant_blockers(app) + _open_hits_problems(app)
            if blockers:
                raise ValidationFailed(
                    _("The licence cannot be issued on appeal; send the proposal back."),
                    errors=blockers,
                )
            proposal = DecisionProposal.objects.create(
                application=app,
                decision=DecisionProposal.Decision.GRANT,
                reasoning=_("On appeal %(ref)s: %(reasoning)s")
                % {"ref": a.reference, "reasoning": a.reasoning},
                conditions=a.conditions,
                proposed_by=a.proposed_by or actor,
                review=DecisionProposal.Review.COUNTERSIGNED,
                reviewed_by=actor,
                reviewed_at=now,
                review_comment=(comment or "").strip(),
            )
            a.licence = _issue_licence(actor, app, proposal)
            payload["licence"] = a.licence.number
        a.decided_by, a.decided_at = actor, now
        _move(actor, a, t, payload)
    if a.licence is not None:
        _notify_applicant(
            app,
            _("licence issued on appeal"),
            _(
                "Your appeal %(ref)s is granted: licence %(number)s is issued and can be downloaded in foro."
            )
            % {"ref": a.reference, "number": a.licence.number},
        )
    else:
        _notify_applicant(
            app,
            _("appeal decided"),
            _("Your appeal %(ref)s is rejected: the refusal of %(app)s stands.")
            % {"ref": a.reference, "app": app.reference},
        )
    return a


def appeal_send_back(*, actor: User, appeal: Appeal, comment: str) -> Appeal:
    if not (comment or "").strip():
        raise ValidationFailed(
            errors=[{"field": "comment", "message": _("Say why the proposal goes back.")}]
        )
    with transaction.atomic():
        a = _lock_appeal(appeal)
        t = _appeal_step(actor, a, "send_back")
        if a.proposed_by_id == actor.pk:
            raise PermissionDenied(
                _("You proposed this outcome; another senior officer must review it.")
            )
        _move(actor, a, t, {"comment": comment.strip()})
    return a


def appeal_withdraw(*, actor: User, appeal: Appeal, reason: str = "") -> Appeal:
    with transaction.atomic():
        a = _lock_appeal(appeal)
        t = _appeal_step(actor, a, "withdraw")
        a.decided_at = timezone.now()
        _move(actor, a, t, {"reason": (reason or "").strip()})
    return a
