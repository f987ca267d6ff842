"""Reads with a rule: every page and endpoint listing trade data starts here."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from foro.core.errors import NotFound
from foro.core.roles import Role, roles_of
from foro.trade.models import (
    Agreement,
    Barrier,
    FigureImport,
    SummaryStatus,
    TradeFigure,
)

#: roles that see every barrier
BARRIER_READERS = frozenset({Role.POLICY, Role.MANAGEMENT, Role.POST})


def barriers_visible_to(user: Any) -> QuerySet[Barrier]:
    qs = Barrier.objects.select_related("country", "organisation")
    roles = roles_of(user)
    if roles & BARRIER_READERS:
        return qs
    if Role.APPLICANT in roles and getattr(user, "organisation_id", None):
        return qs.filter(organisation_id=user.organisation_id)
    return qs.none()


def barrier_get(user: Any, pk: int) -> Barrier:
    barrier = barriers_visible_to(user).filter(pk=pk).first()
    if barrier is None:
        raise NotFound()
    return barrier


def barriers_published() -> QuerySet[Barrier]:
    """What the public sees: barriers whose public summary was approved."""
    return Barrier.objects.select_related("country").filter(summary_status=SummaryStatus.APPROVED)


def agreements_visible_to(user: Any) -> QuerySet[Agreement]:
    if not user.has_perm("trade.view_agreement"):
        return Agreement.objects.none()
    return Agreement.objects.prefetch_related("partners")


def agreement_get(user: Any, pk: int) -> Agreement:
    agreement = agreements_visible_to(user).filter(pk=pk).first()
    if agreement is None:
        raise NotFound()
    return agreement


def current_import() -> FigureImport | None:
    return FigureImport.objects.filter(is_current=True).first()


def figures_visible_to(user: Any) -> QuerySet[TradeFigure]:
    if not user.has_perm("trade.view_figures"):
        return TradeFigure.objects.none()
    return TradeFigure.objects.filter(source_import__is_current=True).select_related("partner")
