"""Trade's search providers: barriers and agreements, each starting from its visibility
selector so a barrier the reader may not open is never a hit nor counted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse

from foro.core.search import SearchHit, SearchQuery, capped_count
from foro.trade.selectors import agreements_visible_to, barriers_visible_to


def find_barriers(user: Any, query: SearchQuery, limit: int) -> tuple[int, Sequence[SearchHit]]:
    qs = query.filter(
        barriers_visible_to(user),
        "reference",
        "title",
        "sector",
        "description",
        "country__name_nl",
        "country__name_en",
    )
    total = capped_count(qs)
    hits = [
        SearchHit(
            title=f"{b.reference} · {b.title}",
            url=reverse("trade:barrier-detail", args=[b.pk]),
            detail=f"{b.country.name} · {b.get_status_display()}",
        )
        for b in qs[:limit]
    ]
    return total, hits


def find_agreements(user: Any, query: SearchQuery, limit: int) -> tuple[int, Sequence[SearchHit]]:
    qs = query.filter(
        agreements_visible_to(user), "name_nl", "name_en", "short_name", "notes"
    ).distinct()
    total = capped_count(qs)
    hits = [
        SearchHit(
            title=a.name,
            url=reverse("trade:agreement-detail", args=[a.pk]),
            detail=a.get_status_display(),
        )
        for a in qs[:limit]
    ]
    return total, hits
