"""Relations' sections on the shared pages (registered through ``core.slots``) and its
search providers (``core.search``); each starts from the module's visibility selector."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone

from foro.core.search import SearchHit, SearchQuery, capped_count
from foro.relations import selectors

LATEST = 5


def country_section(request: Any, country: Any) -> dict[str, Any] | None:
    user = request.user
    if not selectors.can_view(user):
        return None
    return {
        "template": "relations/_country_section.html",
        "context": {
            "partners": list(selectors.partners_in(user, country.code)[:20]),
            "interactions": list(selectors.interactions_about(user, country.code)[:LATEST]),
        },
    }


def home_panel(request: Any, _obj: Any) -> dict[str, Any] | None:
    """A diplomat's open follow-up actions, the overdue first."""
    user = request.user
    if not selectors.can_view(user):
        return None
    actions = list(selectors.open_actions_of(user)[:10])
    if not actions and not user.has_perm("relations.write"):
        return None
    today = timezone.localdate()
    return {
        "template": "relations/_home_panel.html",
        "context": {
            "actions": actions,
            "overdue": sum(1 for a in actions if a.due_date < today),
            "today": today,
        },
    }


def find_partners(user: Any, query: SearchQuery, limit: int) -> tuple[int, Sequence[SearchHit]]:
    qs = query.filter(selectors.partners_visible_to(user), "name", "acronym")
    return capped_count(qs), [
        SearchHit(str(p), reverse("relations:partner-detail", args=[p.pk]), p.get_kind_display())
        for p in qs[:limit]
    ]


def find_contacts(user: Any, query: SearchQuery, limit: int) -> tuple[int, Sequence[SearchHit]]:
    qs = query.filter(
        selectors.contacts_visible_to(user), "first_name", "last_name", "function", "email"
    ).filter(partner__isnull=False)
    return capped_count(qs), [
        SearchHit(
            str(c),
            reverse("relations:partner-detail", args=[c.partner_id]),
            f"{c.function} · {c.partner}" if c.function else str(c.partner),
        )
        for c in qs[:limit]
    ]


def find_interactions(user: Any, query: SearchQuery, limit: int) -> tuple[int, Sequence[SearchHit]]:
    qs = query.filter(selectors.interactions_visible_to(user), "subject", "topics", "notes")
    return capped_count(qs), [
        SearchHit(
            i.subject,
            reverse("relations:interaction-detail", args=[i.pk]),
            f"{i.get_kind_display()} · {i.date:%d/%m/%Y}",
        )
        for i in qs[:limit]
    ]
