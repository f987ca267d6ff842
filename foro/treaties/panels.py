"""What the treaty register adds to shared pages (registered through ``core.slots`` and
``core.search``): the country page's treaties, the officer's next deadlines on the home
page, the count per strategic objective, and search."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse

from foro.core.search import SearchHit, SearchQuery, capped_count
from foro.core.slots import ObjectiveYear
from foro.treaties import selectors
from foro.treaties.deadlines import today_brussels


def country_section(request: Any, country: Any) -> dict[str, Any] | None:
    user = request.user
    if not user.has_perm("treaties.view_treaty"):
        return None
    data = selectors.for_country(user, country.code)
    return {
        "template": "treaties/_country_section.html",
        "context": {"treaties": data, "country": country},
    }


def home_panel(request: Any, obj: Any) -> dict[str, Any] | None:
    user = request.user
    if not user.has_perm("treaties.change_treaty"):
        return None
    today = today_brussels()
    rows = selectors.pending_with_deadlines(
        selectors.treaties_visible_to(user).filter(officer=user)
    )[:5]
    return {
        "template": "treaties/_home_panel.html",
        "context": {"rows": rows, "today": today},
    }


def objective_section(request: Any, obj: ObjectiveYear) -> dict[str, Any] | None:
    user = request.user
    if not user.has_perm("treaties.view_treaty"):
        return None
    qs = selectors.treaties_visible_to(user).filter(objectives=obj.objective)
    # a treaty counts in a year when a step of its procedure happened in it
    qs = qs.filter(steps__occurred_on__year=obj.year).distinct()
    return {
        "template": "treaties/_objective_section.html",
        "context": {"count": qs.count(), "treaties": list(qs[:10]), "year": obj.year},
    }


def find_treaties(user: Any, query: SearchQuery, limit: int) -> tuple[int, Sequence[SearchHit]]:
    qs = query.filter(
        selectors.treaties_visible_to(user), "title_nl", "title_en", "short_title", "source_id"
    )
    total = capped_count(qs)
    hits = [
        SearchHit(
            title=str(t),
            url=reverse("treaties:detail", args=[t.pk]),
            detail=str(t.get_status_display()),
        )
        for t in qs.order_by("title_nl")[:limit]
    ]
    return total, hits
