"""Reads of the network, each starting from its visibility rule.

Who may read a post report (``reports_visible_to``), the one rule every list, search,
country section, export and API endpoint starts from:

- a draft: its author and the staff of its post;
- once submitted, a public or internal report: every internal role;
- once submitted, a restricted report: its author, the staff of its post, the readers it
  names and management — nobody else, not even an administrator.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from foro.core.errors import NotFound
from foro.core.roles import Role, roles_of
from foro.network.models import (
    Classification,
    Mission,
    PostReport,
    Representation,
    StaffAssignment,
)
from foro.reference.selectors import current_rows


def representations() -> QuerySet[Representation]:
    return current_rows("representations")


def representation_get(code: str) -> Representation:
    rep = representations().filter(code=code.upper()).first()
    if rep is None:
        raise NotFound()
    return rep


def representations_covering(country_code: str) -> list[Representation]:
    code = country_code.upper()
    return [
        r for r in representations() if code in r.jurisdiction_codes or r.host_country_code == code
    ]


def can_view(user: Any) -> bool:
    return bool(user is not None and user.has_perm("network.view"))


def staff_visible_to(user: Any) -> QuerySet[StaffAssignment]:
    if not can_view(user):
        return StaffAssignment.objects.none()
    return StaffAssignment.objects.select_related("user")


def reports_visible_to(user: Any) -> QuerySet[PostReport]:
    if not can_view(user):
        return PostReport.objects.none()
    roles = roles_of(user)
    own = Q(author=user)
    if Role.POST in roles and user.representation_code:
        own |= Q(representation_code=user.representation_code)
    named = Q(pk__in=PostReport.readers.through.objects.filter(user=user).values("postreport_id"))
    cleared = own | named
    if Role.MANAGEMENT in roles:
        cleared |= ~Q(state=PostReport.State.DRAFT)
    submitted = ~Q(state=PostReport.State.DRAFT)
    open_to_all = submitted & ~Q(classification=Classification.RESTRICTED)
    restricted = submitted & Q(classification=Classification.RESTRICTED) & cleared
    return PostReport.objects.filter(own | open_to_all | restricted).select_related("author")


def report_get(user: Any, pk: int) -> PostReport:
    report = reports_visible_to(user).filter(pk=pk).first()
    if report is None:
        raise NotFound()
    return report


def missions_visible_to(user: Any) -> QuerySet[Mission]:
    if not can_view(user):
        return Mission.objects.none()
    return Mission.objects.select_related("country")


def mission_get(user: Any, pk: int) -> Mission:
    mission = missions_visible_to(user).filter(pk=pk).first()
    if mission is None:
        raise NotFound()
    return mission
