"""Reads with a rule: who may see which organisations, countries and audit events."""

from __future__ import annotations

from django.db.models import QuerySet

from foro.core.errors import NotFound
from foro.core.models import AuditEvent, Country, Organisation, StrategicObjective, User
from foro.core.roles import INTERNAL_ROLES, roles_of


def organisations_visible_to(user: User) -> QuerySet[Organisation]:
    """Internal staff see every organisation; an applicant only their own; others none."""
    qs = Organisation.objects.select_related("country")
    if not user.is_authenticated:
        return qs.none()
    if roles_of(user) & INTERNAL_ROLES:
        return qs
    if user.organisation_id:
        return qs.filter(pk=user.organisation_id)
    return qs.none()


def organisation_get(user: User, pk: int) -> Organisation:
    """One organisation, or NotFound — also when it exists but is not visible."""
    org = organisations_visible_to(user).filter(pk=pk).first()
    if org is None:
        raise NotFound()
    return org


def countries() -> QuerySet[Country]:
    return Country.objects.all()


def objectives() -> QuerySet[StrategicObjective]:
    return StrategicObjective.objects.all()


def audit_events_for(target_type: str, target_id) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(target_type=target_type, target_id=str(target_id))
        .select_related("actor")
        .order_by("seq")
    )
