"""Search over prior authorisations and general-licence registrations, starting from the
visibility selectors: staff find every company's, an applicant only its own."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from foro.core.roles import Role, roles_of
from foro.core.search import SearchHit, SearchProvider, SearchQuery, capped_count
from foro.licensing import selectors_general as sel


def find_general(user: Any, query: SearchQuery, limit: int) -> tuple[int, Sequence[SearchHit]]:
    staff = bool(roles_of(user) & sel.STAFF)
    if not staff and Role.APPLICANT not in roles_of(user):
        return 0, []
    pas = query.filter(sel.prior_authorisations_visible_to(user), "reference", "organisation__name")
    regs = query.filter(
        sel.registrations_visible_to(user), "reference", "licence_code", "organisation__name"
    )
    total = capped_count(pas) + capped_count(regs)
    hits: list[SearchHit] = []
    for pa in pas[:limit]:
        url = reverse("licensing:general-pa", args=[pa.pk]) if staff else reverse("portal:general")
        hits.append(
            SearchHit(f"{pa.reference} · {pa.organisation.name}", url, pa.get_status_display())
        )
    for reg in regs[: max(0, limit - len(hits))]:
        name = "licensing:general-registration" if staff else "portal:general-registration"
        hits.append(
            SearchHit(
                f"{reg.reference} · {reg.licence.number} · {reg.organisation.name}",
                reverse(name, args=[reg.pk]),
                reg.get_status_display(),
            )
        )
    return total, hits


PROVIDER = SearchProvider(
    "licensing_general", _("General licences and prior authorisations"), find_general, order=25
)
