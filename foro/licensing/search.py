"""Licensing's search providers: applications (cases) and licences, each starting from
licensing's visibility selectors, so an applicant finds only their own organisation's and
a reader who may not open cases finds none (and counts none).

Matched by reference or licence number (a term with a digit: a prefix of the upper-case
number, which the unique index serves) and by the applicant's or holder's name (the
organisations whose name matches, with the screening engine's normalisation)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Q
from django.urls import reverse

from foro.core.models import Organisation
from foro.core.roles import Role, roles_of
from foro.core.search import SearchHit, SearchQuery, capped_count
from foro.licensing.selectors import STAFF, applications_visible_to, licences_visible_to


def _organisation_ids(query: SearchQuery, visible_org_ids: Any = None) -> list[int]:
    orgs = Organisation.objects.order_by()
    if visible_org_ids is not None:
        orgs = orgs.filter(pk__in=visible_org_ids)
    return query.match_names(orgs.values_list("pk", "name"))


def _number_terms(query: SearchQuery) -> list[str]:
    return [t.upper() for t in query.terms if any(ch.isdigit() for ch in t)]


def _condition(query: SearchQuery, number_field: str, org_field: str, user: Any) -> Q | None:
    applicant = Role.APPLICANT in roles_of(user) and not (roles_of(user) & STAFF)
    org_ids = _organisation_ids(query, [user.organisation_id] if applicant else None)
    condition = Q()
    numbers = _number_terms(query)
    for term in numbers:
        # a prefix: the unique index on the number serves it (a LIKE 'X%' on PostgreSQL)
        condition &= Q(**{f"{number_field}__startswith": term})
    by_number = condition if numbers else None
    by_org = Q(**{f"{org_field}__in": org_ids}) if org_ids else None
    if by_number is not None and by_org is not None:
        return by_number | by_org
    return by_number if by_number is not None else by_org


def find_applications(user: Any, query: SearchQuery, limit: int) -> tuple[int, Sequence[SearchHit]]:
    condition = _condition(query, "reference", "organisation_id", user)
    if condition is None:
        return 0, []
    qs = applications_visible_to(user).filter(condition).order_by("-id")
    staff = bool(roles_of(user) & STAFF)
    total = capped_count(qs)
    hits = [
        SearchHit(
            title=f"{a.reference} · {a.organisation.name}",
            url=reverse("licensing:case", args=[a.pk])
            if staff
            else reverse("portal:application", args=[a.pk]),
            detail=" · ".join(
                p
                for p in (a.get_status_display(), a.destination.name if a.destination else "")
                if p
            ),
        )
        for a in qs[:limit]
    ]
    return total, hits


def find_licences(user: Any, query: SearchQuery, limit: int) -> tuple[int, Sequence[SearchHit]]:
    condition = _condition(query, "number", "holder_id", user)
    if condition is None:
        return 0, []
    qs = licences_visible_to(user).filter(condition).order_by("-id")
    staff = bool(roles_of(user) & STAFF)
    total = capped_count(qs)
    hits = [
        SearchHit(
            title=f"{lic.number} · {lic.holder.name}",
            url=reverse("licensing:licence", args=[lic.pk])
            if staff
            else reverse("portal:licence", args=[lic.pk]),
            detail=f"{lic.destination.name} · {lic.get_status_display()}",
        )
        for lic in qs[:limit]
    ]
    return total, hits


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    from foro.core import search

    search.register(
        search.SearchProvider(
            "applications", _("Licence applications"), find_applications, order=30
        )
    )
    search.register(search.SearchProvider("licences", _("Licences"), find_licences, order=31))
