"""Reads of the treaty register. Every page and endpoint starts from ``treaties_visible_to``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from foro.core.errors import NotFound
from foro.core.models import User
from foro.treaties import workflow
from foro.treaties.deadlines import StepDeadline, step_deadline, today_brussels
from foro.treaties.models import Treaty


def treaties_visible_to(user: User | None) -> QuerySet[Treaty]:
    """Every treaty for the department's staff; nothing for anyone else."""
    if user is None or not user.has_perm("treaties.view_treaty"):
        return Treaty.objects.none()
    return Treaty.objects.all()


def treaty_get(user: User, pk: int) -> Treaty:
    treaty = (
        treaties_visible_to(user)
        .select_related("officer")
        .prefetch_related("countries", "objectives")
        .filter(pk=pk)
        .first()
    )
    if treaty is None:
        raise NotFound()
    return treaty


@dataclass(frozen=True)
class Filters:
    status: str = ""
    kind: str = ""
    competence: str = ""
    domain: str = ""
    country: str = ""
    officer: str = ""
    q: str = ""
    #: only treaties whose next step is past its expected date
    overdue: bool = False


def register(user: User, filters: Filters) -> QuerySet[Treaty]:
    qs = treaties_visible_to(user)
    if filters.status == "pending":
        qs = qs.filter(status__in=workflow.PENDING_STATES)
    elif filters.status:
        qs = qs.filter(status=filters.status)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.competence:
        qs = qs.filter(competence=filters.competence)
    if filters.domain:
        qs = qs.filter(domains__icontains=f'"{filters.domain}"')
    if filters.country:
        qs = qs.filter(countries__code=filters.country.upper())
    if filters.officer:
        qs = qs.filter(officer__username=filters.officer)
    if filters.q:
        for term in filters.q.split():
            qs = qs.filter(
                Q(title_nl__icontains=term)
                | Q(title_en__icontains=term)
                | Q(short_title__icontains=term)
                | Q(source_id__iexact=term)
            )
    if filters.overdue:
        ids = [t.pk for t, d in pending_with_deadlines(qs) if d.overdue(today_brussels())]
        qs = qs.filter(pk__in=ids)
    return qs.distinct()


def pending_with_deadlines(
    qs: QuerySet[Treaty],
) -> list[tuple[Treaty, StepDeadline]]:
    """Pending treaties with the expected date of their next step, earliest first."""
    rows = []
    for treaty in qs.filter(status__in=workflow.PENDING_STATES).select_related("officer"):
        deadline = step_deadline(treaty.status, treaty.status_since)
        if deadline is not None:
            rows.append((treaty, deadline))
    rows.sort(key=lambda pair: pair[1].due)
    return rows


def deadline_of(treaty: Treaty) -> StepDeadline | None:
    if treaty.status not in workflow.PENDING_STATES:
        return None
    return step_deadline(treaty.status, treaty.status_since)


def dashboard(user: User, today: date | None = None) -> dict[str, object]:
    today = today or today_brussels()
    visible = treaties_visible_to(user)
    rows = pending_with_deadlines(visible)
    overdue = [(t, d) for t, d in rows if d.overdue(today)]
    soon = [(t, d) for t, d in rows if not d.overdue(today) and d.days_left(today) <= 90]
    counts = _status_counts(visible)
    return {"overdue": overdue, "soon": soon, "counts": counts, "today": today}


def _status_counts(qs: QuerySet[Treaty]) -> dict[str, int]:
    from django.db.models import Count

    return {
        str(row["status"]): int(row["n"])
        for row in qs.values("status").order_by().annotate(n=Count("pk"))
    }


def for_country(user: User, code: str) -> dict[str, list[Treaty]]:
    qs = treaties_visible_to(user).filter(countries__code=code).distinct()
    return {
        "in_force": list(qs.filter(status__in=workflow.IN_FORCE_STATES)),
        "pending": list(qs.filter(status__in=workflow.PENDING_STATES)),
    }
