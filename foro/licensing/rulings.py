"""Written confirmations (not military material) and catch-all enquiries (issue 10): the
transition table, the services, the reads and the lookup the checks use. A recorded answer
binds for the company and the item (its CN code); the control-list check of the company's
later applications finds it again."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from foro.core import audit
from foro.core.errors import NotFound, PermissionDenied, TransitionNotAllowed, ValidationFailed
from foro.core.models import User
from foro.core.roles import Role, roles_of
from foro.licensing.models import ItemRuling
from foro.licensing.rules_validation import clean_cn, cn_code_problems
from foro.licensing.selectors import STAFF
from foro.licensing.services._common import next_number
from foro.licensing.workflow import APPLICANT, OFFICERS, Transition

R = ItemRuling.Status

RULING_TRANSITIONS: tuple[Transition, ...] = (
    Transition("ask", ("",), R.ASKED, APPLICANT, gettext_lazy("Ask"), ("item", "question"), True),
    Transition(
        "answer", (R.ASKED,), R.ANSWERED, OFFICERS, gettext_lazy("Record the answer"), ("answer",)
    ),
    Transition("withdraw", (R.ASKED,), R.WITHDRAWN, APPLICANT, gettext_lazy("Withdraw"), (), True),
)
_BY_ACTION = {t.action: t for t in RULING_TRANSITIONS}


def rulings_visible_to(user: User) -> QuerySet[ItemRuling]:
    qs = ItemRuling.objects.select_related("organisation", "answered_by")
    roles = roles_of(user)
    if roles & STAFF:
        return qs
    if Role.APPLICANT in roles and user.organisation_id:
        return qs.filter(organisation_id=user.organisation_id)
    return qs.none()


def ruling_get(user: User, pk: int) -> ItemRuling:
    ruling = rulings_visible_to(user).filter(pk=pk).first()
    if ruling is None:
        raise NotFound()
    return ruling


def _record(actor: User, ruling: ItemRuling, action: str, before: str, **extra: Any) -> None:
    audit.record(
        actor=actor,
        verb=f"ruling.{action}",
        target=ruling,
        payload={"from": before, "to": ruling.status, "kind": ruling.kind, **extra},
    )


def ruling_ask(
    *, actor: User, kind: str, description: str, cn_code: str, question: str, end_use: str = ""
) -> ItemRuling:
    t = _BY_ACTION["ask"]
    if not (t.roles & roles_of(actor)) or actor.organisation is None:
        raise PermissionDenied()
    problems = []
    if kind not in ItemRuling.Kind.values:
        problems.append({"field": "kind", "message": _("Choose what you ask.")})
    description = (description or "").strip()
    if not description:
        problems.append({"field": "description", "message": _("Describe the item.")})
    elif len(description) > 500:
        problems.append({"field": "description", "message": _("At most 500 characters.")})
    cn = clean_cn(cn_code or "")
    problems += (
        cn_code_problems(cn, "cnCode")
        if cn
        else [{"field": "cnCode", "message": _("Give the item's CN code (8 digits).")}]
    )
    question = (question or "").replace("\r\n", "\n").strip()
    if not question:
        problems.append({"field": "question", "message": _("Write your question.")})
    if problems:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        year = timezone.localdate().year
        ruling = ItemRuling.objects.create(
            reference=f"BV-{year}-{next_number('BV', year):05d}",
            organisation=actor.organisation,
            kind=kind,
            description=description,
            cn_code=cn,
            end_use=(end_use or "").strip(),
            question=question,
            asked_by=actor,
        )
        _record(actor, ruling, "ask", "", cnCode=cn)
    return ruling


def _lock(ruling: ItemRuling) -> ItemRuling:
    return ItemRuling.objects.select_for_update().get(pk=ruling.pk)


def _step(actor: User, ruling: ItemRuling, action: str) -> Transition:
    t = _BY_ACTION[action]
    if not (t.roles & roles_of(actor)):
        raise PermissionDenied()
    if t.own_organisation and actor.organisation_id != ruling.organisation_id:
        raise NotFound()
    if ruling.status not in t.sources:
        raise TransitionNotAllowed(
            _("“%(step)s” is not possible while the question is “%(state)s”.")
            % {"step": t.label, "state": R(ruling.status).label}
        )
    return t


def ruling_answer(*, actor: User, ruling: ItemRuling, answer: str, reasoning: str) -> ItemRuling:
    """Record the department's answer: from now on it binds for the company and the item."""
    problems = []
    if answer not in [v for v, _label in ruling.answers]:
        problems.append({"field": "answer", "message": _("Choose the answer.")})
    reasoning = (reasoning or "").replace("\r\n", "\n").strip()
    if not reasoning:
        problems.append({"field": "reasoning", "message": _("Give the reasoning.")})
    if problems:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        r = _lock(ruling)
        _step(actor, r, "answer")
        before = r.status
        r.status, r.answer, r.reasoning = R.ANSWERED, answer, reasoning
        r.answered_by, r.answered_at = actor, timezone.now()
        r.save()
        _record(actor, r, "answer", before, answer=answer)
    return r


def ruling_withdraw(*, actor: User, ruling: ItemRuling) -> ItemRuling:
    with transaction.atomic():
        r = _lock(ruling)
        _step(actor, r, "withdraw")
        before = r.status
        r.status = R.WITHDRAWN
        r.save()
        _record(actor, r, "withdraw", before)
    return r


def binding_rulings(organisation_id: int, cn_codes: set[str]) -> list[ItemRuling]:
    """The answered rulings of a company for these CN codes (what the checks look up)."""
    if not cn_codes:
        return []
    return list(
        ItemRuling.objects.filter(
            organisation_id=organisation_id, status=R.ANSWERED, cn_code__in=cn_codes
        ).order_by("answered_at")
    )
