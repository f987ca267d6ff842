"""Search over appeals of refusals and item rulings (written confirmations, catch-all
enquiries), starting from their visibility selectors: staff find every company's, an
applicant only its own organisation's, anyone else none (and counts none)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from foro.core.roles import roles_of
from foro.core.search import SearchHit, SearchProvider, SearchQuery, capped_count
from foro.licensing.appeals_selectors import appeals_visible_to
from foro.licensing.rulings import rulings_visible_to
from foro.licensing.selectors import STAFF


def find_appeals(user: Any, query: SearchQuery, limit: int) -> tuple[int, Sequence[SearchHit]]:
    qs = query.filter(
        appeals_visible_to(user),
        "reference",
        "application__reference",
        "application__organisation__name",
        "grounds",
    ).order_by("-lodged_at", "-pk")
    staff = bool(roles_of(user) & STAFF)
    total = capped_count(qs)
    hits = [
        SearchHit(
            title=f"{a.reference} · {a.application.reference} · {a.application.organisation.name}",
            url=reverse("licensing:appeal", args=[a.pk])
            if staff
            else reverse("portal:application", args=[a.application_id]),
            detail=a.get_status_display(),
        )
        for a in qs[:limit]
    ]
    return total, hits


def find_rulings(user: Any, query: SearchQuery, limit: int) -> tuple[int, Sequence[SearchHit]]:
    qs = query.filter(
        rulings_visible_to(user), "reference", "description", "cn_code", "organisation__name"
    ).order_by("-asked_at", "-pk")
    staff = bool(roles_of(user) & STAFF)
    total = capped_count(qs)
    hits = [
        SearchHit(
            title=f"{r.reference} · {r.description} · {r.organisation.name}",
            url=reverse("licensing:ruling", args=[r.pk]) if staff else reverse("portal:rulings"),
            detail=" · ".join(p for p in (r.get_kind_display(), r.get_status_display(), r.cn_code)),
        )
        for r in qs[:limit]
    ]
    return total, hits


APPEALS = SearchProvider("licensing_appeals", _("Appeals of refusals"), find_appeals, order=32)
RULINGS = SearchProvider(
    "licensing_rulings",
    _("Item rulings (written confirmations, catch-all)"),
    find_rulings,
    order=33,
)
