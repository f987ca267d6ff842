"""What EU law adds to shared pages (through ``core.slots`` and ``core.search``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone

from foro.core.search import SearchHit, SearchQuery, capped_count
from foro.core.slots import ObjectiveYear
from foro.eulaw import selectors


def home_panel(request: Any, obj: Any) -> dict[str, Any] | None:
    user = request.user
    if not user.has_perm("eulaw.change"):
        return None
    rows = list(selectors.deadlines_for(user=user, officer=user)[:5])
    return {
        "template": "eulaw/_home_panel.html",
        "context": {"rows": rows, "today": timezone.localdate()},
    }


def objective_section(request: Any, obj: ObjectiveYear) -> dict[str, Any] | None:
    user = request.user
    if not user.has_perm("eulaw.view"):
        return None
    qs = (
        selectors.directives_visible_to(user)
        .filter(objectives=obj.objective, deadlines__due_on__year=obj.year)
        .distinct()
    )
    return {
        "template": "eulaw/_objective_section.html",
        "context": {"count": qs.count(), "directives": list(qs[:10]), "year": obj.year},
    }


def find_directives(user: Any, query: SearchQuery, limit: int) -> tuple[int, Sequence[SearchHit]]:
    qs = query.filter(selectors.directives_visible_to(user), "celex", "title")
    hits = [
        SearchHit(str(d), reverse("eulaw:directive", args=[d.pk]), str(d.get_status_display()))
        for d in qs.order_by("celex")[:limit]
    ]
    return capped_count(qs), hits


def find_infringements(
    user: Any, query: SearchQuery, limit: int
) -> tuple[int, Sequence[SearchHit]]:
    base = selectors.infringements_visible_to(user)
    qs = query.filter(base, "number", "celex", "department", "source_id")
    hits = [
        SearchHit(
            c.number,
            reverse("eulaw:case", args=[c.pk]),
            f"{c.get_kind_display()} · {c.get_stage_display() or '—'}",
        )
        for c in qs.order_by("-opened_on")[:limit]
    ]
    return capped_count(qs), hits
