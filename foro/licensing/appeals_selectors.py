"""Reads of appeals, with the same visibility as applications: staff see every appeal, an
applicant those of their own organisation, nobody else any."""

from __future__ import annotations

from django.db.models import QuerySet

from foro.core.errors import NotFound
from foro.core.models import User
from foro.core.roles import Role, roles_of
from foro.licensing.models import Appeal
from foro.licensing.selectors import STAFF


def appeals_visible_to(user: User) -> QuerySet[Appeal]:
    qs = Appeal.objects.select_related(
        "application", "application__organisation", "licence", "officer", "proposed_by"
    )
    roles = roles_of(user)
    if roles & STAFF:
        return qs
    if Role.APPLICANT in roles and user.organisation_id:
        return qs.filter(application__organisation_id=user.organisation_id)
    return qs.none()


def appeal_get(user: User, pk: int) -> Appeal:
    appeal = appeals_visible_to(user).filter(pk=pk).first()
    if appeal is None:
        raise NotFound()
    return appeal
