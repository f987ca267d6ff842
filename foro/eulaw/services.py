"""Every write of EU law: permission, one transaction, the change and its audit event."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from foro.core import audit
from foro.core.actors import Actor, actor_label, system_actor
from foro.core.dates import parse_date
from foro.core.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
    text_within,
)
from foro.core.models import StrategicObjective, User
from foro.core.roles import roles_of
from foro.eulaw import workflow
from foro.eulaw.models import (
    CaseDecision,
    Correlation,
    Deadline,
    Directive,
    Domain,
    InfringementCase,
    Measure,
    Stage,
    TranspositionStatus,
)

CELEX = re.compile(r"^3\d{4}L\d{4}$")
CASE_NUMBER = re.compile(r"^\d{4}/\d{4}$")


def _require_writer(actor: Actor) -> User | None:
    if system_actor(actor) is not None:
        return None
    assert isinstance(actor, User)
    if not actor.has_perm("eulaw.change"):
        raise PermissionDenied()
    return actor


def _check_role(actor: Actor, t: workflow.Transition) -> None:
    if system_actor(actor) is None:
        assert isinstance(actor, User)
        if not (t.roles & roles_of(actor)):
            raise PermissionDenied()


def _date(
    value: Any, field: str, problems: list[dict[str, Any]], optional: bool = True
) -> date | None:
    try:
        return parse_date(value, field, optional=optional)
    except ValidationFailed as exc:
        problems.extend(exc.errors)
        return None


def _today() -> date:
    return timezone.localdate()


def _not_future(day: date | None, field: str, problems: list[dict[str, Any]]) -> None:
    if day is not None and day > _today():
        problems.append(
            {
                "field": field,
                "code": "out_of_range",
                "message": _("The date cannot be in the future."),
            }
        )


def clean_directive(data: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    problems: list[dict[str, Any]] = []
    out: dict[str, Any] = {}
    if creating:
        celex = str(data.get("celex") or "").strip().upper()
        if not CELEX.match(celex):
            problems.append(
                {
                    "field": "celex",
                    "code": "invalid",
                    "message": _("A directive's CELEX number reads like 32019L0790."),
                }
            )
        elif Directive.objects.filter(celex=celex).exists():
            problems.append(
                {
                    "field": "celex",
                    "code": "invalid",
                    "message": _("This directive is registered already."),
                }
            )
        out["celex"] = celex
    out["title"] = text_within(data.get("title"), 500, "title", problems)
    if not out["title"]:
        problems.append({"field": "title", "code": "required", "message": _("Give the title.")})
    out["adopted_on"] = _date(data.get("adopted_on"), "adopted_on", problems)
    _not_future(out["adopted_on"], "adopted_on", problems)
    domain = str(data.get("domain") or "")
    if domain not in Domain.values:
        problems.append(
            {"field": "domain", "code": "invalid_choice", "message": _("Choose the policy domain.")}
        )
    out["domain"] = domain
    competence = str(data.get("competence") or "")
    if competence not in Directive.Competence.values:
        problems.append(
            {
                "field": "competence",
                "code": "invalid_choice",
                "message": _("Say whether Flanders is competent."),
            }
        )
    out["competence"] = competence
    out["officer"] = None
    if data.get("officer"):
        user = User.objects.filter(username=str(data["officer"]), is_active=True).first()
        if user is None or not user.has_perm("eulaw.change"):
            problems.append(
                {
                    "field": "officer",
                    "code": "invalid_choice",
                    "message": _("Choose a policy officer."),
                }
            )
        out["officer"] = user
    deadlines: list[tuple[date, str]] = []
    for i, row in enumerate(data.get("deadlines") or [], 1):
        if isinstance(row, dict):
            due, label = row.get("due_on"), str(row.get("label") or "")
        else:
            due, label = row, ""
        day = _date(due, f"deadlines[{i}].due_on", problems, optional=False)
        if day is not None:
            deadlines.append((day, label[:200]))
    out["deadlines"] = deadlines
    numbers = [str(n) for n in data.get("objectives") or []]
    objectives = list(
        StrategicObjective.objects.filter(number__in=[n for n in numbers if n.isdigit()])
    )
    if len(objectives) != len(numbers):
        problems.append(
            {
                "field": "objectives",
                "code": "invalid_choice",
                "message": _("Unknown strategic objective."),
            }
        )
    out["objectives"] = objectives
    if problems:
        raise ValidationFailed(errors=problems)
    return out


def directive_create(*, actor: Actor, data: dict[str, Any]) -> Directive:
    user = _require_writer(actor)
    clean = clean_directive(data, creating=True)
    with transaction.atomic():
        directive = Directive.objects.create(
            celex=clean["celex"],
            title=clean["title"],
            adopted_on=clean["adopted_on"],
            domain=clean["domain"],
            competence=clean["competence"],
            officer=clean["officer"] or user,
            status_since=_today(),
        )
        directive.objectives.set(clean["objectives"])
        for due, label in clean["deadlines"]:
            Deadline.objects.get_or_create(directive=directive, due_on=due, label=label)
        # cases imported before the directive was registered find it by CELEX
        InfringementCase.objects.filter(celex=directive.celex, directive=None).update(
            directive=directive
        )
        audit.record(actor=actor, verb="directive.created", target=directive)
    return directive


def _lock(directive: Directive) -> Directive:
    try:
        return Directive.objects.select_for_update().get(pk=directive.pk)
    except Directive.DoesNotExist as exc:
        raise NotFound() from exc


def directive_update(
    *, actor: Actor, directive: Directive, data: dict[str, Any], revision: int | None = None
) -> Directive:
    _require_writer(actor)
    clean = clean_directive(data, creating=False)
    with transaction.atomic():
        locked = _lock(directive)
        if revision is not None and revision != locked.revision:
            raise Conflict(_("The directive was changed by someone else. Reload it."))
        changes: dict[str, list[str]] = {}
        for name in ("title", "adopted_on", "domain", "competence", "officer"):
            new = clean[name]
            if name == "officer" and new is None:
                continue
            if getattr(locked, name) != new:
                changes[name] = [str(getattr(locked, name)), str(new)]
                setattr(locked, name, new)
        locked.objectives.set(clean["objectives"])
        for due, label in clean["deadlines"]:
            _obj, created = Deadline.objects.get_or_create(
                directive=locked, due_on=due, label=label
            )
            if created:
                changes[f"deadline {due.isoformat()}"] = ["", label]
        if changes:
            locked.revision += 1
            locked.save()
            audit.record(
                actor=actor, verb="directive.updated", target=locked, payload={"changes": changes}
            )
    return locked


def directive_step(
    *,
    actor: Actor,
    directive: Directive,
    action: str,
    occurred_on: Any,
    revision: int | None = None,
) -> Directive:
    t = workflow.find(workflow.TRANSPOSITION, action)
    if t is None:
        raise ValidationFailed(
            errors=[{"field": "action", "code": "invalid_choice", "message": _("Unknown step.")}]
        )
    _check_role(actor, t)
    problems: list[dict[str, Any]] = []
    on = _date(occurred_on, "occurred_on", problems, optional=False)
    _not_future(on, "occurred_on", problems)
    with transaction.atomic():
        locked = _lock(directive)
        if revision is not None and revision != locked.revision:
            raise Conflict(_("The directive was changed by someone else. Reload it."))
        if locked.status not in t.sources:
            raise TransitionNotAllowed(
                _("“%(step)s” is not possible while the transposition is “%(state)s”.")
                % {"step": t.label, "state": TranspositionStatus(locked.status).label}
            )
        if (
            t.target == TranspositionStatus.NOTIFIED
            and not locked.measures.filter(notified_on__isnull=False).exists()
        ):
            problems.append(
                {
                    "field": "action",
                    "code": "invalid",
                    "message": _("Record the notified measure (with its notification date) first."),
                }
            )
        if problems or on is None:
            raise ValidationFailed(errors=problems)
        before = locked.status
        locked.status = t.target
        locked.status_since = on
        locked.revision += 1
        locked.save(update_fields=["status", "status_since", "revision"])
        audit.record(
            actor=actor,
            verb="directive.step",
            target=locked,
            payload={"action": t.action, "from": before, "to": t.target, "on": on.isoformat()},
        )
    return locked


def measure_create(*, actor: Actor, directive: Directive, data: dict[str, Any]) -> Measure:
    _require_writer(actor)
    problems: list[dict[str, Any]] = []
    title = text_within(data.get("title"), 500, "title", problems)
    if not title:
        problems.append(
            {"field": "title", "code": "required", "message": _("Give the act's title.")}
        )
    eli = text_within(data.get("eli"), 300, "eli", problems)
    if eli and not eli.startswith(("https://", "http://")):
        problems.append(
            {
                "field": "eli",
                "code": "invalid",
                "message": _("Give the ELI as a web address (https://…)."),
            }
        )
    adopted = _date(data.get("adopted_on"), "adopted_on", problems)
    notified = _date(data.get("notified_on"), "notified_on", problems)
    _not_future(adopted, "adopted_on", problems)
    _not_future(notified, "notified_on", problems)
    if notified and adopted and notified < adopted:
        problems.append(
            {
                "field": "notified_on",
                "code": "out_of_range",
                "message": _("An act is notified after it is adopted."),
            }
        )
    if notified and not adopted:
        problems.append(
            {"field": "adopted_on", "code": "required", "message": _("Give the adoption date.")}
        )
    articles = text_within(data.get("articles_covered"), 500, "articles_covered", problems)
    if problems:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        measure = Measure.objects.create(
            directive=directive,
            title=title,
            eli=eli,
            adopted_on=adopted,
            notified_on=notified,
            articles_covered=articles,
        )
        audit.record(actor=actor, verb="measure.created", target=measure)
    return measure


def correlation_add(
    *, actor: Actor, measure: Measure, directive_article: str, provision: str
) -> Correlation:
    _require_writer(actor)
    problems: list[dict[str, Any]] = []
    article = text_within(directive_article, 60, "directive_article", problems)
    provision = text_within(provision, 200, "provision", problems)
    if not article:
        problems.append(
            {"field": "directive_article", "code": "required", "message": _("Name the article.")}
        )
    if not provision:
        problems.append(
            {"field": "provision", "code": "required", "message": _("Name the provision.")}
        )
    if problems:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        row = Correlation.objects.create(
            measure=measure, directive_article=article, provision=provision
        )
        audit.record(
            actor=actor,
            verb="measure.correlation_added",
            target=measure,
            payload={"article": article},
        )
    return row


def infringement_create(*, actor: Actor, data: dict[str, Any]) -> InfringementCase:
    _require_writer(actor)
    problems: list[dict[str, Any]] = []
    number = str(data.get("number") or "").strip()
    if not CASE_NUMBER.match(number):
        problems.append(
            {
                "field": "number",
                "code": "invalid",
                "message": _("An infringement number reads like 2024/0123."),
            }
        )
    elif InfringementCase.objects.filter(number=number).exists():
        problems.append(
            {"field": "number", "code": "invalid", "message": _("This case is registered already.")}
        )
    kind = str(data.get("kind") or "")
    if kind not in InfringementCase.Kind.values:
        problems.append(
            {"field": "kind", "code": "invalid_choice", "message": _("Choose the type of case.")}
        )
    celex = str(data.get("celex") or "").strip().upper()
    if celex and not CELEX.match(celex):
        problems.append(
            {
                "field": "celex",
                "code": "invalid",
                "message": _("A directive's CELEX number reads like 32019L0790."),
            }
        )
    department = text_within(data.get("department"), 200, "department", problems)
    if problems:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        case = InfringementCase.objects.create(
            number=number,
            kind=kind,
            celex=celex,
            directive=Directive.objects.filter(celex=celex).first() if celex else None,
            department=department,
        )
        audit.record(actor=actor, verb="infringement.created", target=case)
    return case


def infringement_stage(
    *,
    actor: Actor,
    case: InfringementCase,
    action: str,
    decided_on: Any,
    sanction_eur: Any = None,
    note: str = "",
) -> InfringementCase:
    """Record the next stage of a case (from the stage table), dated when it happened."""
    t = workflow.find(workflow.STAGES, action)
    if t is None:
        raise ValidationFailed(
            errors=[{"field": "action", "code": "invalid_choice", "message": _("Unknown stage.")}]
        )
    _check_role(actor, t)
    problems: list[dict[str, Any]] = []
    on = _date(decided_on, "decided_on", problems, optional=False)
    _not_future(on, "decided_on", problems)
    note = text_within(note, 20_000, "note", problems)
    amount: Decimal | None = None
    if sanction_eur not in (None, ""):
        try:
            amount = Decimal(str(sanction_eur).replace(",", "."))
        except InvalidOperation:
            problems.append(
                {
                    "field": "sanction_eur",
                    "code": "not_a_number",
                    "message": _("Give an amount in euro."),
                }
            )
    if t.target == Stage.SANCTION and amount is None and not problems:
        problems.append(
            {
                "field": "sanction_eur",
                "code": "required",
                "message": _("Give the amount of the sanction."),
            }
        )
    with transaction.atomic():
        try:
            locked = InfringementCase.objects.select_for_update().get(pk=case.pk)
        except InfringementCase.DoesNotExist as exc:
            raise NotFound() from exc
        if locked.stage not in t.sources:
            raise TransitionNotAllowed(
                _("“%(step)s” is not possible in this stage of the case.") % {"step": t.label}
            )
        if on is not None and locked.stage_on and on < locked.stage_on:
            problems.append(
                {
                    "field": "decided_on",
                    "code": "out_of_range",
                    "message": _("The date cannot be before the previous stage."),
                }
            )
        if problems or on is None:
            raise ValidationFailed(errors=problems)
        CaseDecision.objects.create(
            case=locked,
            stage=t.target,
            decided_on=on,
            sanction_eur=amount,
            note=note,
            recorded_by_label=actor_label(actor),
        )
        locked.stage = t.target
        locked.stage_on = on
        if locked.opened_on is None:
            locked.opened_on = on
        locked.revision += 1
        locked.save()
        audit.record(
            actor=actor,
            verb="infringement.stage",
            target=locked,
            payload={"stage": t.target, "on": on.isoformat()},
        )
    return locked


# ------------------------------------------------------------------ import


def infringements_import(*, actor: Actor, paths: list[Any]) -> dict[str, int]:
    """Import EUIP case and decision files: refused whole on a broken file; the same files
    a second time change nothing. Cases link to a registered directive by CELEX."""
    from pathlib import Path

    from foro.eulaw.importers import read_euip

    _require_writer(actor)
    cases = read_euip([Path(p) for p in paths])
    created = updated = unchanged = linked = 0
    directives = dict(Directive.objects.values_list("celex", "pk"))
    with transaction.atomic():
        existing = {c.number: c for c in InfringementCase.objects.select_for_update()}
        for item in cases:
            fingerprint = item.fingerprint()
            case = existing.get(item.number)
            if case is not None and case.source_hash == fingerprint:
                unchanged += 1
                continue
            is_new = case is None
            if case is None:
                case = InfringementCase(number=item.number)
            case.source_id = item.source_id
            case.kind = item.kind
            case.celex = item.celex
            case.department = item.department
            case.member_state = item.member_state
            case.directive_id = directives.get(item.celex) if item.celex else None
            case.source_hash = fingerprint
            if item.decisions:
                case.opened_on = item.decisions[0][1]
                case.stage, case.stage_on = item.decisions[-1]
            if not is_new:
                case.revision += 1
            case.save()
            linked += case.directive_id is not None
            have = set(case.decisions.values_list("stage", "decided_on"))
            CaseDecision.objects.bulk_create(
                CaseDecision(case=case, stage=s, decided_on=d, recorded_by_label="EUIP")
                for s, d in item.decisions
                if (s, d) not in have
            )
            audit.record(
                actor=actor,
                verb="infringement.imported",
                target=case,
                payload={"sha256": fingerprint, "created": is_new},
            )
            created += is_new
            updated += not is_new
    return {"created": created, "updated": updated, "unchanged": unchanged, "linked": linked}


# ------------------------------------------------------------------ reminders

#: days before a deadline at which the competent officer is reminded
THRESHOLDS = (90, 30, 7)


def reminders_send(*, today: date | None = None) -> int:
    """Remind the competent officers of open transposition deadlines 90, 30 and 7 days
    ahead, once per (deadline, threshold). The row is inserted before the mail is queued,
    and the unique constraint refuses a second one, so two workers running this at the
    same time send each reminder once. A worker that did not run on the day itself sends
    the reminder of the nearest threshold late (never one of an earlier threshold)."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.db import IntegrityError

    from foro.eulaw.models import Reminder
    from foro.eulaw.selectors import open_deadlines

    today = today or _today()
    horizon = today + timedelta(days=max(THRESHOLDS))
    sent = 0
    due = open_deadlines(Deadline.objects.filter(due_on__gte=today, due_on__lte=horizon))
    for deadline in due.select_related("directive", "directive__officer").order_by("pk"):
        days_left = (deadline.due_on - today).days
        threshold = min(t for t in THRESHOLDS if days_left <= t)
        directive = deadline.directive
        officers = (
            [directive.officer]
            if directive.officer
            else list(User.objects.filter(groups__name="policy_officer", is_active=True))
        )
        recipients = sorted({u.email for u in officers if u and u.is_active and u.email})
        try:
            with transaction.atomic():
                Reminder.objects.create(
                    deadline=deadline, threshold=threshold, recipients=recipients
                )
                audit.record(
                    actor="system",
                    verb="deadline.reminded",
                    target=directive,
                    payload={
                        "threshold": threshold,
                        "due_on": deadline.due_on.isoformat(),
                        "recipients": ", ".join(recipients),
                    },
                )
        except IntegrityError:
            continue  # another worker sent it (or it was sent on an earlier day)
        subject = f"[foro] {directive.number}: omzettingstermijn {deadline.due_on:%d/%m/%Y} ({days_left} d)"
        body = (
            f"De omzettingstermijn van richtlijn {directive.number} ({directive.title}) verstrijkt op "
            f"{deadline.due_on:%d/%m/%Y}, over {days_left} dagen. Status: {directive.get_status_display()}.\n\n"
            f"The transposition deadline of directive {directive.number} is {deadline.due_on:%d/%m/%Y}, "
            f"in {days_left} days.\n\n{settings.SITE_URL.rstrip('/')}/eu/directives/{directive.pk}/"
        )
        if recipients:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)
        sent += 1
    return sent
