"""Every write of the licensing module. Each service checks the permission (and, for a
workflow step, the transition table), runs in one transaction with the application row
locked, and records the audit event. Two people acting on the same case at once: the
second finds the state changed and gets a Conflict (HTTP 409 in the API)."""

from __future__ import annotations

import secrets
from base64 import b32encode
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from foro.core import audit
from foro.core.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
)
from foro.core.models import Country, User
from foro.core.roles import roles_of
from foro.core.services import document_upload, require
from foro.licensing import workflow
from foro.licensing.checks import CHECKS, completeness_problems, run_checks, store_outcome
from foro.licensing.kinds import PARTY_ROLES, get_kind, kind_table
from foro.licensing.models import (
    Application,
    ApplicationDocument,
    CheckResult,
    Consultation,
    CriterionAssessment,
    DecisionProposal,
    Denial,
    ExportRecord,
    GoodsLine,
    InformationRequest,
    Licence,
    LicenceLine,
    NumberSequence,
    Party,
    Status,
)
from foro.licensing.rules_validation import (
    clean_cn,
    cn_code_problems,
    control_category,
    control_entry_problems,
    decimal_problems,
    normalise_entry,
)
from foro.reference.selectors import current_version

# ------------------------------------------------------------------ helpers


def next_number(prefix: str, year: int) -> int:
    """The next number of a gap-free sequence, under a row lock (call inside a transaction)."""
    seq, _created = NumberSequence.objects.select_for_update().get_or_create(
        prefix=prefix, year=year
    )
    NumberSequence.objects.filter(pk=seq.pk).update(last=F("last") + 1)
    seq.refresh_from_db(fields=["last"])
    return seq.last


def _lock(application: Application) -> Application:
    """Re-read the application under a row lock; the caller's copy may be stale."""
    try:
        return (
            Application.objects.select_for_update(of=("self",))
            .select_related("organisation", "destination")
            .get(pk=application.pk)
        )
    except Application.DoesNotExist as exc:
        raise NotFound() from exc


def _check_revision(app: Application, revision: int | None) -> None:
    if revision is not None and revision != app.revision:
        raise Conflict(
            _(
                "The application was changed by someone else (revision %(now)d, you had %(had)d). Reload it."
            )
            % {"now": app.revision, "had": revision}
        )


def _step(actor: User, app: Application, action: str) -> workflow.Transition:
    """Check that ``actor`` may take ``action`` on the (locked) application now."""
    t = workflow.application_transition(action)
    if not (t.roles & roles_of(actor)):
        raise PermissionDenied()
    if t.own_organisation and actor.organisation_id != app.organisation_id:
        raise NotFound()  # another organisation's case must look like it does not exist
    if app.status not in t.sources:
        raise TransitionNotAllowed(
            _("“%(step)s” is not possible while the application is “%(state)s”.")
            % {"step": t.label, "state": Status(app.status).label}
        )
    return t


def _move(
    actor: User, app: Application, t: workflow.Transition, payload: dict | None = None
) -> None:
    before = app.status
    app.status = t.target
    app.revision += 1
    app.save()
    audit.record(
        actor=actor,
        verb=f"application.{t.action}",
        target=app,
        payload={"from": before, "to": t.target, **(payload or {})},
    )


def _notify_applicant(app: Application, subject: str, body: str) -> None:
    """E-mail the applicant organisation's users once the transaction has committed."""
    recipients = list(
        app.organisation.users.filter(is_active=True)
        .exclude(email="")
        .values_list("email", "preferred_language")
    )

    def send():
        for email, language in recipients:
            with override(language or "nl"):
                send_mail(
                    f"[foro] {app.reference}: {subject}",
                    body,
                    settings.DEFAULT_FROM_EMAIL,
                    [email],
                    fail_silently=True,
                )

    transaction.on_commit(send)


# ------------------------------------------------------------------ drafts


@dataclass
class _DraftInput:
    values: dict
    goods: list[dict] | None
    parties: list[dict] | None


def _clean_draft(kind_code: str, data: dict) -> _DraftInput:
    """Check the values that were given (a draft may be incomplete, never wrong).
    Every problem is collected; nothing is written when there is one."""
    kind = get_kind(kind_code)
    problems: list[dict] = []
    values: dict = {}
    if "destination" in data:
        code = (data["destination"] or "").strip().upper()
        if code:
            country = Country.objects.filter(code=code).first()
            if country is None:
                problems.append(
                    {
                        "field": "destination",
                        "message": _("Unknown country code %(code)s.") % {"code": code},
                    }
                )
            values["destination"] = country
        else:
            values["destination"] = None
    for key in ("end_use", "applicant_reference"):
        if key in data:
            values[key] = (data[key] or "").strip()
    if len(values.get("applicant_reference", "")) > 60:
        problems.append({"field": "applicantReference", "message": _("At most 60 characters.")})

    goods = None
    if data.get("goods") is not None:
        goods = []
        for i, raw in enumerate(data["goods"], start=1):
            prefix = f"goods[{i}]"
            line = {"position": i, "description": (raw.get("description") or "").strip()[:500]}
            entry = normalise_entry(raw.get("control_entry") or "")
            if entry:
                problems += control_entry_problems(
                    entry, kind.control_list, f"{prefix}.controlEntry"
                )
            line["control_entry"] = entry
            line["control_category"] = control_category(entry, kind.control_list) or ""
            line["control_entry_text"] = (raw.get("control_entry_text") or "").strip()[:300]
            cn = clean_cn(raw.get("cn_code") or "")
            if cn:
                problems += cn_code_problems(cn, f"{prefix}.cnCode")
            line["cn_code"] = cn
            for key, label, places in (
                ("quantity", _("The quantity"), 3),
                ("value_eur", _("The value"), 2),
            ):
                if raw.get(key) in (None, ""):
                    line[key] = None
                    continue
                number, errs = decimal_problems(
                    raw.get(key),
                    f"{prefix}.{'valueEur' if key == 'value_eur' else key}",
                    label=label,
                    places=places,
                )
                problems += errs
                line[key] = number
            line["unit"] = (raw.get("unit") or "").strip()[:20]
            goods.append(line)

    parties = None
    if data.get("parties") is not None:
        parties = []
        codes = {c.upper() for c in (p.get("country") or "" for p in data["parties"]) if c}
        known = set(Country.objects.filter(code__in=codes).values_list("code", flat=True))
        for i, raw in enumerate(data["parties"], start=1):
            prefix = f"parties[{i}]"
            role = raw.get("role") or ""
            if role not in PARTY_ROLES:
                problems.append({"field": f"{prefix}.role", "message": _("Unknown party role.")})
            name = (raw.get("name") or "").strip()
            if not name:
                problems.append({"field": f"{prefix}.name", "message": _("A party needs a name.")})
            code = (raw.get("country") or "").strip().upper()
            if code not in known:
                problems.append(
                    {"field": f"{prefix}.country", "message": _("Choose the party's country.")}
                )
            parties.append(
                {
                    "role": role,
                    "name": name[:300],
                    "address": (raw.get("address") or "").strip()[:500],
                    "country_id": code,
                    "is_person": bool(raw.get("is_person")),
                }
            )
    if problems:
        raise ValidationFailed(errors=problems)
    return _DraftInput(values, goods, parties)


def _write_collections(app: Application, cleaned: _DraftInput) -> None:
    if cleaned.goods is not None:
        app.goods.all().delete()
        GoodsLine.objects.bulk_create(
            [
                GoodsLine(
                    application=app,
                    **{
                        **g,
                        "quantity": g["quantity"] or Decimal(0),
                        "value_eur": g["value_eur"] or Decimal(0),
                    },
                )
                for g in cleaned.goods
            ]
        )
    if cleaned.parties is not None:
        app.parties.all().delete()
        Party.objects.bulk_create([Party(application=app, **p) for p in cleaned.parties])


def application_create(*, actor: User, kind: str, data: dict | None = None) -> Application:
    """A new draft for the actor's organisation. Incomplete is fine; wrong is refused."""
    require(actor, "licensing.create_application")
    if kind not in kind_table().kinds or not get_kind(kind).active:
        raise ValidationFailed(
            errors=[{"field": "kind", "message": _("Unknown kind of application.")}]
        )
    cleaned = _clean_draft(kind, data or {})
    with transaction.atomic():
        year = timezone.localdate().year
        reference = f"AV-{year}-{next_number('AV', year):05d}"
        app = Application.objects.create(
            reference=reference,
            kind=kind,
            organisation=actor.organisation,
            created_by=actor,
            **cleaned.values,
        )
        _write_collections(app, cleaned)
        audit.record(actor=actor, verb="application.created", target=app, payload={"kind": kind})
    return app


def application_update_draft(
    *, actor: User, application: Application, data: dict, revision: int | None = None
) -> Application:
    cleaned = _clean_draft(application.kind, data)
    with transaction.atomic():
        app = _lock(application)
        if not actor.has_perm("licensing.view_application", app):
            raise NotFound()
        require(actor, "licensing.edit_draft", app)
        _check_revision(app, revision)
        for key, value in cleaned.values.items():
            setattr(app, key, value)
        app.revision += 1
        app.save()
        _write_collections(app, cleaned)
        audit.record(
            actor=actor,
            verb="application.draft_saved",
            target=app,
            payload={"fields": sorted(k for k in data if data[k] is not None)},
        )
    return app


def application_attach_document(
    *, actor: User, application: Application, kind: str, name: str, content: bytes
) -> ApplicationDocument:
    """Attach a document: the applicant while the draft is open or information is
    requested; an officer at any open stage. A refused file leaves nothing behind."""
    if kind not in ApplicationDocument.Kind.values:
        raise ValidationFailed(
            errors=[{"field": "kind", "message": _("Unknown kind of document.")}]
        )
    if not actor.has_perm("licensing.view_application", application):
        raise NotFound()
    require(actor, "licensing.add_document", application)
    is_applicant = actor.organisation_id == application.organisation_id
    with transaction.atomic():
        app = _lock(application)
        allowed = (
            (Status.DRAFT, Status.INFORMATION_REQUESTED) if is_applicant else workflow.OPEN_STATES
        )
        if app.status not in allowed:
            raise TransitionNotAllowed(_("Documents cannot be added to this application now."))
        doc = document_upload(
            actor=actor, name=name, content=content, organisation=app.organisation
        )
        link = ApplicationDocument.objects.create(application=app, document=doc, kind=kind)
        app.revision += 1
        app.save(update_fields=["revision", "updated_at"])
        audit.record(
            actor=actor,
            verb="application.document_added",
            target=app,
            payload={
                "document": str(doc.pk),
                "kind": kind,
                "name": doc.original_name,
                "sha256": doc.sha256,
            },
        )
    return link


# ------------------------------------------------------------------ workflow steps


def application_submit(
    *, actor: User, application: Application, revision: int | None = None
) -> Application:
    with transaction.atomic():
        app = _lock(application)
        t = _step(actor, app, "submit")
        _check_revision(app, revision)
        problems = completeness_problems(app)
        if problems:
            raise ValidationFailed(_("The application is not complete yet."), errors=problems)
        app.submitted_at = timezone.now()
        _move(actor, app, t)
        run_checks(app)
    return app


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
        if not app.is_open or app.status == Status.DRAFT:
            raise TransitionNotAllowed(_("Only a submitted, open application can be assigned."))
        app.assigned_officer = officer
        app.revision += 1
        app.save()
        audit.record(
            actor=actor,
            verb="application.assigned",
            target=app,
            payload={"officer": officer.get_username() if officer else ""},
        )
    return app


def application_set_minister_decides(
    *, actor: User, application: Application, minister_decides: bool
) -> Application:
    """Mark that the minister takes the decision (the decision target becomes 84 days)."""
    require(actor, "licensing.assess")
    with transaction.atomic():
        app = _lock(application)
        if not app.is_open or app.status == Status.DRAFT:
            raise TransitionNotAllowed(_("Only a submitted, open application can be changed."))
        if app.minister_decides != minister_decides:
            app.minister_decides = minister_decides
            app.revision += 1
            app.save()
            audit.record(
                actor=actor,
                verb="application.minister_decides",
                target=app,
                payload={"ministerDecides": minister_decides},
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
    due_date: date,
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
    if problems:
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
        app.revision += 1
        app.save()
        audit.record(
            actor=actor,
            verb="application.consultation_answered",
            target=app,
            payload={"body": c.body, "outcome": outcome},
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
        app.revision += 1
        app.save()
        audit.record(
            actor=actor,
            verb="application.criterion_assessed",
            target=app,
            payload={"criterion": criterion, "risk": risk, "criteriaVersion": obj.criteria_version},
        )
    return obj


def _open_hits(app: Application) -> int:
    from foro.licensing.screening import open_hit_count

    return open_hit_count(app)


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
        if _open_hits(app):
            guard_problems.append(
                {
                    "field": "screening",
                    "message": _("Record a disposition for every open screening hit first."),
                }
            )
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


def _grant_blockers(app: Application) -> list[dict]:
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
        label = (CheckResult.Check(name).label, outcome.reason)
        if outcome.outcome == "fail" and label not in failing:
            failing.append(label)
    return [
        {
            "field": "checks",
            "message": _("A grant is not possible while this check blocks: %(check)s — %(reason)s")
            % {"check": label, "reason": reason},
        }
        for label, reason in failing
    ]


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
        if proposal.proposed_by_id == actor.pk:
            raise PermissionDenied(
                _("You proposed this decision; another senior officer must countersign it.")
            )
        if proposal.decision == "grant":
            blockers = _grant_blockers(app)
            if _open_hits(app):  # raised since the proposal (a list change, a rename)
                blockers.append(
                    {
                        "field": "screening",
                        "message": _("Record a disposition for every open screening hit first."),
                    }
                )
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


def application_withdraw(*, actor: User, application: Application, reason: str = "") -> Application:
    with transaction.atomic():
        app = _lock(application)
        t = _step(actor, app, "withdraw")
        app.decided_at = timezone.now() if app.submitted_at else None
        _move(actor, app, t, {"reason": (reason or "").strip()})
    return app


def checks_rerun(
    *,
    actor: User | str,
    application: Application,
    names: list[str] | None = None,
    only_open: bool = False,
) -> Application:
    """Run the automatic checks again (an officer, or the system after a rule change).
    ``only_open``: do nothing for an application decided or withdrawn in the meantime."""
    if not isinstance(actor, str):
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
        if not app.is_open or app.status == Status.DRAFT:
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
            actor="system",
            verb="application.checks_run",
            target=app,
            payload={"checks": {"sanctions": result.outcome}, "cause": "hit disposed"},
        )
    return result


# ------------------------------------------------------------------ licences


def _verification_code() -> str:
    """80 random bits, shown as 4 groups of 4 base32 characters (no 0/1/8/9 confusion)."""
    raw = b32encode(secrets.token_bytes(10)).decode("ascii")
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


#: the reports count a licence by the Brussels date of its issue (LicenceLine.issued_on)
BRUSSELS = ZoneInfo("Europe/Brussels")


def _issue_licence(actor: User, app: Application, proposal: DecisionProposal) -> Licence:
    kind = app.kind_def
    issued = timezone.now()
    valid_from = timezone.localdate()
    year = valid_from.year
    number = f"VL-{kind.licence_code}-{year}-{next_number('VL-' + kind.licence_code, year):05d}"
    licence = Licence.objects.create(
        number=number,
        application=app,
        kind=app.kind,
        holder=app.organisation,
        destination=app.destination,
        issued_at=issued,
        valid_from=valid_from,
        valid_until=valid_from + relativedelta(months=kind.validity_months) - relativedelta(days=1),
        conditions=proposal.conditions,
        verification_code=_verification_code(),
    )
    LicenceLine.objects.bulk_create(
        [
            LicenceLine(
                licence=licence,
                goods_line=line,
                control_category=line.control_category,
                # copies of the licence's reported fields, for the reports (see the model)
                issued_on=timezone.localtime(issued, BRUSSELS).date(),
                kind=licence.kind,
                destination_id=licence.destination_id,
                authorised_quantity=line.quantity,
                authorised_value_eur=line.value_eur,
            )
            for line in app.goods.all()
        ]
    )
    audit.record(
        actor=actor,
        verb="licence.issued",
        target=licence,
        payload={"application": app.reference, "validUntil": licence.valid_until.isoformat()},
    )
    return licence


def _record_denial(app: Application, proposal: DecisionProposal) -> Denial:
    end_user = app.parties.filter(role=Party.Role.END_USER).first() or app.parties.first()
    year = timezone.localdate().year
    return Denial.objects.create(
        application=app,
        reference=f"WG-{year}-{next_number('WG', year):05d}",
        organisation=app.organisation,
        destination=app.destination,
        control_categories=sorted({line.control_category for line in app.goods.all()}),
        end_user_name=end_user.name if end_user else "",
        end_user_country=end_user.country if end_user else app.destination,
        criteria=proposal.criteria_cited,
        reasoning=proposal.reasoning,
        denied_on=timezone.localdate(),
    )


def _lock_licence(licence: Licence) -> Licence:
    try:
        return Licence.objects.select_for_update().get(pk=licence.pk)
    except Licence.DoesNotExist as exc:
        raise NotFound() from exc


def _licence_step(actor: User | str, lic: Licence, action: str, reason: str) -> None:
    t = workflow.licence_transition(action)
    if not isinstance(actor, str) and not (t.roles & roles_of(actor)):
        raise PermissionDenied()
    if lic.status not in t.sources:
        raise TransitionNotAllowed(
            _("“%(step)s” is not possible while the licence is “%(state)s”.")
            % {"step": t.label, "state": Licence.Status(lic.status).label}
        )
    before = lic.status
    lic.status = t.target
    lic.status_reason = reason
    lic.revision += 1
    lic.save()
    audit.record(
        actor=actor,
        verb=f"licence.{action}",
        target=lic,
        payload={"from": before, "to": t.target, "reason": reason},
    )


def licence_change_status(*, actor: User, licence: Licence, action: str, reason: str) -> Licence:
    """Suspend, reinstate or revoke (senior officers, with a reason)."""
    if action not in ("suspend", "reinstate", "revoke"):
        raise ValidationFailed(errors=[{"field": "action", "message": _("Unknown action.")}])
    if not (reason or "").strip():
        raise ValidationFailed(errors=[{"field": "reason", "message": _("Give the reason.")}])
    with transaction.atomic():
        lic = _lock_licence(licence)
        _licence_step(actor, lic, action, reason.strip())
    app = lic.application
    _notify_applicant(
        app,
        _("licence %(number)s: %(status)s")
        % {"number": lic.number, "status": lic.get_status_display()},
        reason,
    )
    return lic


def licences_expire(*, today: date | None = None) -> int:
    """The daily task: valid or suspended licences past their end date become expired."""
    today = today or timezone.localdate()
    count = 0
    for pk in Licence.objects.filter(
        status__in=("valid", "suspended"), valid_until__lt=today
    ).values_list("pk", flat=True):
        with transaction.atomic():
            lic = Licence.objects.select_for_update().get(pk=pk)
            if lic.status in ("valid", "suspended") and lic.valid_until < today:
                _licence_step(
                    "system",
                    lic,
                    "expire",
                    _("validity ended on %(date)s")
                    % {"date": date_format(lic.valid_until, "SHORT_DATE_FORMAT")},
                )
                count += 1
    return count


def export_record(
    *,
    actor: User,
    licence: Licence,
    line_id: int,
    shipped_on: date,
    quantity,
    value_eur,
    customs_declaration: str,
) -> ExportRecord:
    """Record an export made under a licence; what remains shrinks; beyond it is refused."""
    if not actor.has_perm("licensing.view_licence", licence):
        raise NotFound()
    require(actor, "licensing.record_export", licence)
    problems = []
    qty, errs = decimal_problems(quantity, "quantity", label=_("The quantity"), places=3)
    problems += errs
    value, errs = decimal_problems(value_eur, "valueEur", label=_("The value"), places=2)
    problems += errs
    declaration = (customs_declaration or "").strip()
    if not declaration:
        problems.append(
            {"field": "customsDeclaration", "message": _("Give the customs declaration number.")}
        )
    if shipped_on is None:
        problems.append({"field": "shippedOn", "message": _("Give the date of export.")})
    elif shipped_on > timezone.localdate():
        problems.append(
            {"field": "shippedOn", "message": _("The date of export cannot be in the future.")}
        )
    if problems:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        lic = _lock_licence(licence)
        line = LicenceLine.objects.select_for_update().filter(licence=lic, pk=line_id).first()
        if line is None:
            raise ValidationFailed(
                errors=[{"field": "line", "message": _("This goods line is not on the licence.")}]
            )
        if lic.status != Licence.Status.VALID:
            raise TransitionNotAllowed(
                _("Exports can only be recorded under a valid licence; this one is %(status)s.")
                % {"status": lic.get_status_display()}
            )
        if not (lic.valid_from <= shipped_on <= lic.valid_until):
            raise ValidationFailed(
                errors=[
                    {
                        "field": "shippedOn",
                        "message": _("The date is outside the licence's validity (%(a)s – %(b)s).")
                        % {
                            "a": lic.valid_from.strftime("%d/%m/%Y"),
                            "b": lic.valid_until.strftime("%d/%m/%Y"),
                        },
                    }
                ]
            )
        over = []
        if qty > line.remaining_quantity:
            over.append(
                {
                    "field": "quantity",
                    "message": _("Only %(n)s %(unit)s remain on this line.")
                    % {
                        "n": f"{line.remaining_quantity.normalize():f}",
                        "unit": line.goods_line.unit,
                    },
                }
            )
        if value > line.remaining_value_eur:
            over.append(
                {
                    "field": "valueEur",
                    "message": _("Only € %(v)s of value remains on this line.")
                    % {"v": f"{line.remaining_value_eur:.2f}"},
                }
            )
        if over:
            raise ValidationFailed(
                _("This export goes beyond what the licence allows."), errors=over
            )
        record = ExportRecord.objects.create(
            licence_line=line,
            shipped_on=shipped_on,
            # copies of the line's (and licence's) reported fields (see the model)
            kind=line.kind,
            destination_id=line.destination_id,
            control_category=line.control_category,
            quantity=qty,
            value_eur=value,
            customs_declaration=declaration,
            recorded_by=actor,
        )
        line.used_quantity += qty
        line.used_value_eur += value
        line.save(update_fields=["used_quantity", "used_value_eur"])
        audit.record(
            actor=actor,
            verb="licence.export_recorded",
            target=lic,
            payload={
                "line": line.goods_line.position,
                "quantity": str(qty),
                "valueEur": str(value),
                "date": shipped_on.isoformat(),
                "customsDeclaration": declaration,
            },
        )
        if all(ln.remaining_quantity <= 0 for ln in LicenceLine.objects.filter(licence=lic)):
            _licence_step(
                "system", lic, "exhaust", _("all authorised quantities have been exported")
            )
    return record
