"""The network's sections on the shared pages (registered through ``core.slots``) and its
search providers (``core.search``). Every one starts from the visibility selectors, so a
restricted post report never shows, nor is counted, for a reader without clearance."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from foro.core.search import SearchHit, SearchQuery, capped_count
from foro.core.slots import ObjectiveYear
from foro.network.selectors import (
    missions_visible_to,
    reports_visible_to,
    representations,
    representations_covering,
)

LATEST = 5


def country_section(request: Any, country: Any) -> dict[str, Any] | None:
    user = request.user
    if not user.has_perm("network.view_representation"):
        return None
    code = country.code
    return {
        "template": "network/_country_section.html",
        "context": {
            "representations": representations_covering(code),
            "missions": list(missions_visible_to(user).filter(country_id=code)[:LATEST]),
            "reports": list(
                reports_visible_to(user).filter(countries=code).order_by("-created_at")[:LATEST]
            ),
        },
    }


def home_panel(request: Any, user: Any) -> dict[str, Any] | None:
    code = getattr(user, "representation_code", "")
    if not code or not user.has_perm("network.view_representation"):
        return None
    representation = representations().filter(code=code).first()
    if representation is None:
        return None
    return {"template": "network/_home_panel.html", "context": {"representation": representation}}


def objective_section(request: Any, target: ObjectiveYear) -> dict[str, Any] | None:
    """Missions and post reports of the year tagged with the objective (reports as the
    reader may see them)."""
    user = request.user
    if not user.has_perm("network.view"):
        return None
    number, year = target.objective.number, target.year
    missions = list(missions_visible_to(user).filter(objectives=number, starts_on__year=year))
    reports = list(
        reports_visible_to(user)
        .filter(objectives=number)
        .filter(Q(submitted_at__year=year) | Q(submitted_at__isnull=True, created_at__year=year))
    )
    items = [
        {
            "date": m.starts_on,
            "title": m.title,
            "url": reverse("network:mission-detail", args=[m.pk]),
            "detail": m.get_kind_display(),
        }
        for m in missions
    ]
    items += [
        {
            "date": (r.submitted_at or r.created_at).date(),
            "title": r.title,
            "url": reverse("network:report-detail", args=[r.pk]),
            "detail": f"{r.get_kind_display()} · {r.representation_code}",
        }
        for r in reports
    ]
    items.sort(key=lambda i: i["date"] if isinstance(i["date"], date) else date.min)
    return {
        "template": "network/_objective_section.html",
        "context": {
            "count": len(items),
            "title": _("Diplomatic network"),
            "items": items,
            "missions": len(missions),
            "reports": len(reports),
        },
    }


def find_reports(user: Any, query: SearchQuery, limit: int) -> tuple[int, Sequence[SearchHit]]:
    qs = query.filter(reports_visible_to(user), "title", "body")
    return capped_count(qs), [
        SearchHit(
            r.title,
            reverse("network:report-detail", args=[r.pk]),
            f"{r.get_kind_display()} · {r.representation_code} · {r.get_state_display()}",
        )
        for r in qs[:limit]
    ]


def find_missions(user: Any, query: SearchQuery, limit: int) -> tuple[int, Sequence[SearchHit]]:
    qs = query.filter(missions_visible_to(user), "title", "participants", "outcomes")
    return capped_count(qs), [
        SearchHit(
            m.title,
            reverse("network:mission-detail", args=[m.pk]),
            f"{m.get_kind_display()} · {m.starts_on:%d/%m/%Y}",
        )
        for m in qs[:limit]
    ]
