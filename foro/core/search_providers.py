"""The foundation's search provider: organisations, by name (the screening engine's
normalisation, through ``search.name_words``) or enterprise number."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse

from foro.core import search, selectors
from foro.core.search import SearchHit, SearchQuery


def find_organisations(
    user: Any, query: SearchQuery, limit: int
) -> tuple[int, Sequence[SearchHit]]:
    visible = selectors.organisations_visible_to(user)
    ids = set(query.match_names(visible.order_by().values_list("pk", "name")))
    digits = "".join(ch for ch in query.text if ch.isdigit())
    if len(digits) >= 4:
        ids |= set(visible.filter(kbo_number__contains=digits).values_list("pk", flat=True))
    matched = visible.filter(pk__in=ids).order_by("name", "pk")
    total = len(ids)
    hits = [
        SearchHit(
            title=org.name,
            url=reverse("core:organisation-detail", args=[org.pk]),
            detail=" · ".join(p for p in (org.get_kind_display(), org.city, org.country.name) if p),
        )
        for org in matched[:limit]
    ]
    return total, hits


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    search.register(
        search.SearchProvider("organisations", _("Organisations"), find_organisations, order=10)
    )
