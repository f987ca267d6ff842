"""Reads of EU law. Every page and endpoint starts from a ``*_visible_to`` selector."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from foro.core.errors import NotFound
from foro.core.models import User
from foro.eulaw import workflow
from foro.eulaw.models import (
    CaseDecision,
    Deadline,
    Directive,
    InfringementCase,
    Measure,
    Stage,
)


def _may_view(user: User | None) -> bool:
    return user is not None and user.has_perm("eulaw.view")


def directives_visible_to(user: User | None) -> QuerySet[Directive]:
    return Directive.objects.all() if _may_view(user) else Directive.objects.none()


def measures_visible_to(user: User | None) -> QuerySet[Measure]:
    return Measure.objects.all() if _may_view(user) else Measure.objects.none()


def infringements_visible_to(user: User | None) -> QuerySet[InfringementCase]:
    return InfringementCase.objects.all() if _may_view(user) else InfringementCase.objects.none()


def deadlines_visible_to(user: User | None) -> QuerySet[Deadline]:
    return Deadline.objects.all() if _may_view(user) else Deadline.objects.none()


def directive_get(user: User, pk: int) -> Directive:
    directive = (
        directives_visible_to(user)
        .select_related("officer")
        .prefetch_related("deadlines", "objectives")
        .filter(pk=pk)
        .first()
    )
    if directive is None:
        raise NotFound()
    return directive


def case_get(user: User, pk: int) -> InfringementCase:
    case = infringements_visible_to(user).select_related("directive").filter(pk=pk).first()
    if case is None:
        raise NotFound()
    return case


def open_deadlines(qs: QuerySet[Deadline]) -> QuerySet[Deadline]:
    """Deadlines of directives Flanders must still transpose (competent, not done)."""
    return qs.exclude(directive__status__in=workflow.DONE).exclude(
        directive__competence=Directive.Competence.NOT_COMPETENT
    )


@dataclass(frozen=True)
class DirectiveFilters:
    status: str = ""
    domain: str = ""
    competence: str = ""
    officer: str = ""
    q: str = ""
    #: "overdue", "90" (due within 90 days) or ""
    window: str = ""
    due_from: date | None = None
    due_to: date | None = None


def directives(user: User, f: DirectiveFilters, today: date | None = None) -> QuerySet[Directive]:
    today = today or timezone.localdate()
    qs = directives_visible_to(user)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.domain:
        qs = qs.filter(domain=f.domain)
    if f.competence:
        qs = qs.filter(competence=f.competence)
    if f.officer:
        qs = qs.filter(officer__username=f.officer)
    for term in f.q.split():
        qs = qs.filter(Q(celex__icontains=term) | Q(title__icontains=term))
    if f.window == "overdue":
        ids = open_deadlines(Deadline.objects.filter(due_on__lt=today)).values("directive_id")
        qs = qs.filter(pk__in=ids)
    elif f.window == "90":
        ids = open_deadlines(
            Deadline.objects.filter(due_on__gte=today, due_on__lte=today + timedelta(days=90))
        ).values("directive_id")
        qs = qs.filter(pk__in=ids)
    if f.due_from or f.due_to:
        window = Deadline.objects.all()
        if f.due_from:
            window = window.filter(due_on__gte=f.due_from)
        if f.due_to:
            window = window.filter(due_on__lte=f.due_to)
        qs = qs.filter(pk__in=window.values("directive_id"))
    return qs.annotate(next_due=Min("deadlines__due_on"))


@dataclass(frozen=True)
class CaseFilters:
    stage: str = ""
    kind: str = ""
    open_only: bool = False
    member_state: str = ""
    celex: str = ""
    year: int | None = None
    q: str = ""


def infringements(user: User, f: CaseFilters) -> QuerySet[InfringementCase]:
    qs = infringements_visible_to(user)
    if f.stage:
        qs = qs.filter(stage=f.stage)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.open_only:
        qs = qs.filter(stage__in=workflow.OPEN_STAGES)
    if f.member_state:
        qs = qs.filter(member_state=f.member_state.upper())
    if f.celex:
        qs = qs.filter(celex=f.celex.upper())
    if f.year:
        qs = qs.filter(opened_on__year=f.year)
    for term in f.q.split():
        qs = qs.filter(
            Q(number__icontains=term) | Q(celex__icontains=term) | Q(department__icontains=term)
        )
    return qs


def dashboard(user: User, today: date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    deadlines = open_deadlines(deadlines_visible_to(user)).select_related(
        "directive", "directive__officer"
    )
    overdue = list(deadlines.filter(due_on__lt=today).order_by("due_on"))
    soon = list(
        deadlines.filter(due_on__gte=today, due_on__lte=today + timedelta(days=90)).order_by(
            "due_on"
        )
    )
    cases = infringements_visible_to(user)
    by_stage_raw = dict(
        cases.filter(stage__in=workflow.OPEN_STAGES)
        .values_list("stage")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_stage = [
        (value, label, int(by_stage_raw.get(value, 0)))
        for value, label in Stage.choices
        if value in workflow.OPEN_STAGES
    ]
    return {
        "today": today,
        "overdue": overdue,
        "soon": soon,
        "by_stage": by_stage,
        "open_cases": sum(n for _v, _l, n in by_stage),
        "trend": trend(user),
    }


def trend(user: User) -> list[dict[str, int]]:
    """Per year: cases opened (by type) and letters of formal notice and referrals."""
    cases = infringements_visible_to(user).exclude(opened_on=None)
    opened: dict[int, dict[str, int]] = {}
    for year, kind, n in (
        cases.annotate(y=ExtractYear("opened_on"))
        .values_list("y", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        row = opened.setdefault(
            int(year), {"non_communication": 0, "non_conformity": 0, "bad_application": 0}
        )
        row[str(kind)] = int(n)
    referrals = dict(
        CaseDecision.objects.filter(case__in=cases, stage__in=[Stage.RF_258, Stage.RF_260])
        .annotate(y=ExtractYear("decided_on"))
        .values_list("y")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = []
    for year in sorted(opened):
        row = opened[year]
        total = sum(row.values())
        rows.append({"year": year, "total": total, **row, "referrals": int(referrals.get(year, 0))})
    return rows


def deadlines_for(
    *, user: User, officer: User | None = None, domain: str = ""
) -> QuerySet[Deadline]:
    qs = deadlines_visible_to(user).select_related("directive", "directive__officer")
    if officer is not None:
        qs = qs.filter(directive__officer=officer)
    if domain:
        qs = qs.filter(directive__domain=domain)
    return open_deadlines(qs).order_by("due_on")
