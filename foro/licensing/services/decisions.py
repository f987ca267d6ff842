"""The decision: an officer proposes it, a second senior officer countersigns it (a
grant issues the licence, a refusal records the denial) or sends it back."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from foro.core.errors import Conflict, PermissionDenied, ValidationFailed
from foro.core.models import User
from foro.licensing.checks import CHECKS, embargo_finding_text
from foro.licensing.models import (
    Application,
    CheckResult,
    CriterionAssessment,
    DecisionProposal,
    Denial,
    Party,
    Status,
)
from foro.licensing.rules_validation import Problems
from foro.licensing.services._common import (
    _destination,
    _lock,
    _move,
    _notify_applicant,
    _step,
    next_number,
)
from foro.licensing.services.licences import _issue_licence


def _open_hits_problems(app: Application) -> Problems:
    """A decision waits until every screening hit of the case has a disposition."""
    from foro.licensing.screening import open_hit_count

    if not open_hit_count(app):
        return []
    return [
        {
            "field": "screening",
            "message": _("Record a disposition for every open screening hit first."),
        }
    ]


def decision_propose(
    *,
    actor: User,
    application: Application,
    decision: str,
    reasoning: str,
    conditions: str = "",
    criteria_cited: list[int] | None = None,
) -> DecisionProposal:
    criteria_cited = sorted({int(c) for c in criteria_cited or []})
    problems = []
    if decision not in DecisionProposal.Decision.values:
        problems.append({"field": "decision", "message": _("Choose grant or refuse.")})
    if not (reasoning or "").strip():
        problems.append(
            {"field": "reasoning", "message": _("Give the reasoning for the decision.")}
        )
    if any(c not in range(1, 9) for c in criteria_cited):
        problems.append({"field": "criteriaCited", "message": _("Criteria are numbered 1 to 8.")})
    if decision == DecisionProposal.Decision.REFUSE and not criteria_cited:
        problems.append(
            {"field": "criteriaCited", "message": _("A refusal must cite at least one criterion.")}
        )
    if problems:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        app = _lock(application)
        t = _step(actor, app, "propose_decision")
        assessed = set(app.assessments.values_list("criterion", flat=True))
        missing = [c for c in range(1, 9) if c not in assessed]
        guard_problems = []
        if missing:
            guard_problems.append(
                {
                    "field": "assessment",
                    "message": _("Assess every criterion first; missing: %(list)s.")
                    % {"list": ", ".join(map(str, missing))},
                }
            )
        guard_problems += _open_hits_problems(app)
        if decision == DecisionProposal.Decision.GRANT:
            guard_problems += _grant_blockers(app)
            if app.assessments.filter(
                risk=CriterionAssessment.Risk.HIGH, criterion__in=[1, 2, 3, 4]
            ).exists():
                guard_problems.append(
                    {
                        "field": "assessment",
                        "message": _(
                            "A high risk on criterion 1 to 4 means the licence must be refused."
                        ),
                    }
                )
        if guard_problems:
            raise ValidationFailed(_("The decision cannot be proposed yet."), errors=guard_problems)
        proposal = DecisionProposal.objects.create(
            application=app,
            decision=decision,
            reasoning=reasoning.strip(),
            conditions=(conditions or "").strip(),
            criteria_cited=criteria_cited,
            proposed_by=actor,
        )
        _move(
            actor,
            app,
            t,
            {"decision": decision, "criteria": criteria_cited, "proposal": proposal.pk},
        )
    return proposal


#: checks that read reference data, evaluated again when a grant is proposed or
#: countersigned: a rule that changed since the stored result (a new embargo) still blocks
LIVE_GRANT_CHECKS = ("embargo", "control_list")


def _grant_blockers(app: Application) -> Problems:
    """Why a grant is not possible now: every current stored check that fails, with the
    reference checks evaluated again on the rules in force today and the sanctions
    outcome taken from the hits as they are now disposed of (a hit confirmed after the
    stored check ran blocks)."""
    from foro.licensing.screening import outcome_of_hits

    live = {name: CHECKS[name](app) for name in LIVE_GRANT_CHECKS}
    failing = [
        (check.get_check_name_display(), check.reason)
        for check in app.checks.filter(is_current=True, outcome="fail")
        if check.check_name not in live
    ]
    live["sanctions"] = outcome_of_hits(app, "")
    for name, outcome in live.items():
        label = (str(CheckResult.Check(name).label), outcome.reason)
        if outcome.outcome == "fail" and label not in failing:
            failing.append(label)
    from foro.licensing.services.denials import denial_consultation_problems

    problems: Problems = [
        {
            "field": "checks",
            "message": _("A grant is not possible while this check blocks: %(check)s — %(reason)s")
            % {"check": label, "reason": reason},
        }
        for label, reason in failing
    ]
    # reference data past its end or review date is neither in force nor lifted: an
    # officer confirms it on the case first (services.embargo_confirm)
    unconfirmed = [
        embargo_finding_text(f) for f in live["embargo"].findings if f.get("state") == "to_confirm"
    ]
    if unconfirmed:
        problems.append(
            {
                "field": "embargoConfirmations",
                "message": _(
                    "A grant waits until an officer confirms whether these embargo measures "
                    "are in force: %(list)s"
                )
                % {"list": "; ".join(unconfirmed)},
            }
        )
    problems += denial_consultation_problems(app)  # another member state's denial: consult it first
    from foro.licensing.euc import euc_grant_problems

    problems += euc_grant_problems(app)  # an end-user certificate found not authentic
    return problems


def _pending_proposal(app: Application) -> DecisionProposal:
    proposal = (
        app.proposals.filter(review=DecisionProposal.Review.PENDING)
        .order_by("-proposed_at")
        .first()
    )
    if proposal is None:  # pragma: no cover - the state says there is one
        raise Conflict()
    return proposal


def decision_countersign(
    *, actor: User, application: Application, comment: str = ""
) -> Application:
    """The second pair of eyes: a senior officer who did not propose makes it final."""
    with transaction.atomic():
        app = _lock(application)
        if app.status in (Status.GRANTED, Status.REFUSED):
            # a second countersignature arriving after the first: tell, don't act
            raise Conflict(_("This decision was already countersigned."))
        proposal = _pending_proposal(app) if app.status == Status.DECISION_PROPOSED else None
        action = (
            "countersign_grant"
            if proposal and proposal.decision == "grant"
            else "countersign_refuse"
        )
        t = _step(actor, app, action)
        if proposal is None:  # pragma: no cover - _step allows only a proposed decision
            raise Conflict()
        if proposal.proposed_by_id == actor.pk:
            raise PermissionDenied(
                _("You proposed this decision; another senior officer must countersign it.")
            )
        if proposal.decision == "grant":
            # a hit may have been raised since the proposal (a list change, a rename)
            blockers = _grant_blockers(app) + _open_hits_problems(app)
            if blockers:
                raise ValidationFailed(
                    _("The grant cannot be countersigned; send the proposal back."),
                    errors=blockers,
                )
        now = timezone.now()
        proposal.review = DecisionProposal.Review.COUNTERSIGNED
        proposal.reviewed_by, proposal.reviewed_at, proposal.review_comment = (
            actor,
            now,
            (comment or "").strip(),
        )
        proposal.save()
        app.decided_at = now
        _move(
            actor,
            app,
            t,
            {"proposal": proposal.pk, "proposedBy": proposal.proposed_by.get_username()},
        )
        if proposal.decision == "grant":
            licence = _issue_licence(actor, app, proposal)
            subject = _("licence granted")
            body = _(
                "Application %(ref)s is granted. Licence %(number)s can be downloaded in foro."
            ) % {
                "ref": app.reference,
                "number": licence.number,
            }
        else:
            denial = _record_denial(app, proposal)
            subject = _("licence refused")
            body = _(
                "Application %(ref)s is refused (criteria %(criteria)s). The refusal letter can be downloaded in foro."
            ) % {
                "ref": app.reference,
                "criteria": ", ".join(map(str, denial.criteria)),
            }
    _notify_applicant(app, subject, body)
    return app


def decision_send_back(*, actor: User, application: Application, comment: str) -> Application:
    if not (comment or "").strip():
        raise ValidationFailed(
            errors=[{"field": "comment", "message": _("Say why the proposal goes back.")}]
        )
    with transaction.atomic():
        app = _lock(application)
        t = _step(actor, app, "send_back")
        proposal = _pending_proposal(app)
        if proposal.proposed_by_id == actor.pk:
            raise PermissionDenied(
                _("You proposed this decision; another senior officer must review it.")
            )
        proposal.review = DecisionProposal.Review.SENT_BACK
        proposal.reviewed_by, proposal.reviewed_at, proposal.review_comment = (
            actor,
            timezone.now(),
            comment.strip(),
        )
        proposal.save()
        _move(actor, app, t, {"proposal": proposal.pk, "comment": comment.strip()})
    return app


def _record_denial(app: Application, proposal: DecisionProposal) -> Denial:
    end_user = app.parties.filter(role=Party.Role.END_USER).first() or app.parties.first()
    year = timezone.localdate().year
    return Denial.objects.create(
        application=app,
        reference=f"WG-{year}-{next_number('WG', year):05d}",
        organisation=app.organisation,
        destination=_destination(app),
        control_categories=sorted({line.control_category for line in app.goods.all()}),
        end_user_name=end_user.name if end_user else "",
        end_user_country=end_user.country if end_user else _destination(app),
        criteria=proposal.criteria_cited,
        reasoning=proposal.reasoning,
        denied_on=timezone.localdate(),
    )
