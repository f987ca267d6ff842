"""Reads of relations, each starting from the visibility rule: every internal role reads
partner relations; anyone else (an applicant, an anonymous visitor) gets nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from foro.core.errors import NotFound
from foro.relations.models import (
    Contact,
    Contribution,
    FollowUpAction,
    Instrument,
    Interaction,
    Membership,
    Partner,
)


def can_view(user: Any) -> bool:
    return bool(user is not None and user.has_perm("relations.view"))


def partners_visible_to(user: Any) -> QuerySet[Partner]:
    if not can_view(user):
        return Partner.objects.none()
    return Partner.objects.select_related("country").annotate(
        interaction_count=Count("interactions", distinct=True)
    )


def contacts_visible_to(user: Any) -> QuerySet[Contact]:
    if not can_view(user):
        return Contact.objects.none()
    return Contact.objects.select_related("partner")


def interactions_visible_to(user: Any) -> QuerySet[Interaction]:
    if not can_view(user):
        return Interaction.objects.none()
    return Interaction.objects.select_related("country").prefetch_related(
        "partners", "contacts", "objectives", "staff"
    )


def instruments_visible_to(user: Any) -> QuerySet[Instrument]:
    if not can_view(user):
        return Instrument.objects.none()
    return Instrument.objects.prefetch_related("partners", "objectives", "meetings")


def actions_visible_to(user: Any) -> QuerySet[FollowUpAction]:
    if not can_view(user):
        return FollowUpAction.objects.none()
    return FollowUpAction.objects.select_related("owner", "interaction", "instrument")


def memberships_visible_to(user: Any) -> QuerySet[Membership]:
    if not can_view(user):
        return Membership.objects.none()
    return Membership.objects.select_related("partner")


def contributions_visible_to(user: Any) -> QuerySet[Contribution]:
    if not can_view(user):
        return Contribution.objects.none()
    return Contribution.objects.select_related("partner")


def open_actions_of(user: Any) -> QuerySet[FollowUpAction]:
    return actions_visible_to(user).filter(owner=user, status=FollowUpAction.Status.OPEN)


def overdue(
    actions: QuerySet[FollowUpAction], today: date | None = None
) -> QuerySet[FollowUpAction]:
    return actions.filter(
        status=FollowUpAction.Status.OPEN, due_date__lt=today or timezone.localdate()
    )


def get(queryset: QuerySet[Any], pk: int) -> Any:
    row = queryset.filter(pk=pk).first()
    if row is None:
        raise NotFound()
    return row


def partners_in(user: Any, country_code: str) -> QuerySet[Partner]:
    return partners_visible_to(user).filter(country_id=country_code.upper())


def interactions_about(user: Any, country_code: str) -> QuerySet[Interaction]:
    code = country_code.upper()
    return (
        interactions_visible_to(user)
        .filter(Q(country_id=code) | Q(partners__country_id=code))
        .distinct()
    )
