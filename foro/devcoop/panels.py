"""What devcoop adds to shared pages (through core's registries): the country page
section (projects and spending), the home panel (the officer's activities needing
attention), the objective page count, and search over activities and strategy papers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from foro.core import search, slots
from foro.core.roles import Role, roles_of
from foro.core.search import SearchHit, SearchProvider, SearchQuery, capped_count
from foro.devcoop import selectors
from foro.devcoop.models import Activity, Transaction


def country_section(request: Any, country: Any) -> dict[str, Any] | None:
    user = request.user
    if not selectors.may_view(user):
        return None
    activities = selectors.activities_visible_to(user).filter(recipient_country=country)
    own = activities.filter(source=Activity.Source.OWN)
    if not activities.exists():
        return None
    money = selectors.spending(Transaction.objects.filter(activity__in=own))
    return {
        "template": "devcoop/_country_section.html",
        "context": {
            "country": country,
            "own": list(own.order_by("-planned_start")[:20]),
            "own_count": own.count(),
            "others": activities.filter(source=Activity.Source.IMPORTED).count(),
            "money": money,
            "papers": list(selectors.strategy_papers_visible_to(user).filter(country=country)),
        },
    }


def home_panel(request: Any, obj: Any = None) -> dict[str, Any] | None:
    """The officer's activities that need attention: drafts with IATI gaps, publications
    waiting for someone else's approval, activities returned to them."""
    user = request.user
    roles = roles_of(user)
    if not roles & {Role.DEVCOOP, Role.MANAGEMENT}:
        return None
    mine = selectors.activities_visible_to(user).filter(source="own", officer=user)
    drafts = list(
        mine.filter(state=Activity.State.DRAFT).prefetch_related(
            "participants",
            "transactions",
            "sectors",
            "locations",
            "markers",
            "budgets",
            "results",
            "documents",
            "objectives",
        )[:50]
    )
    attention = [(a, c) for a in drafts if (c := selectors.completeness(a)).score < 100][:10]
    to_approve = selectors.pending_publications(user).exclude(requested_by=user)
    return {
        "template": "devcoop/_home_panel.html",
        "context": {
            "attention": attention,
            "drafts": len(drafts),
            "waiting_mine": mine.filter(state=Activity.State.SUBMITTED).count(),
            "to_approve": to_approve.count(),
        },
    }


def objective_section(request: Any, objective_year: Any) -> dict[str, Any] | None:
    """How many of our activities carry the objective and were active in the year."""
    user = request.user
    if not selectors.may_view(user):
        return None
    year = objective_year.year
    started = Q(actual_start__year__lte=year) | Q(
        actual_start__isnull=True, planned_start__year__lte=year
    )
    not_ended = (
        Q(actual_end__isnull=True, planned_end__isnull=True)
        | Q(actual_end__year__gte=year)
        | Q(actual_end__isnull=True, planned_end__year__gte=year)
    )
    qs = (
        selectors.activities_visible_to(user)
        .filter(source="own", objectives=objective_year.objective)
        .filter(started & not_ended)
        .distinct()
    )
    return {
        "template": "devcoop/_objective_section.html",
        "context": {"count": qs.count(), "activities": list(qs[:10]), "year": year},
    }


def find_activities(user: Any, query: SearchQuery, limit: int) -> tuple[int, Sequence[SearchHit]]:
    qs = query.filter(
        selectors.activities_visible_to(user),
        "iati_identifier",
        "title_nl",
        "title_en",
        "description_en",
        "description_nl",
    )
    hits = [
        SearchHit(
            a.title or a.iati_identifier,
            reverse("devcoop:activity", args=[a.pk]),
            f"{a.iati_identifier} · {a.reporting_org_name}",
        )
        for a in qs[:limit]
    ]
    return capped_count(qs), hits


def find_strategy_papers(
    user: Any, query: SearchQuery, limit: int
) -> tuple[int, Sequence[SearchHit]]:
    qs = query.filter(
        selectors.strategy_papers_visible_to(user),
        "title_nl",
        "title_en",
        "summary",
        "country__name_nl",
        "country__name_en",
    )
    hits = [
        SearchHit(
            p.title,
            reverse("devcoop:strategies"),
            f"{p.country.name} · {p.period_start.year}–{p.period_end.year}",
        )
        for p in qs[:limit]
    ]
    return capped_count(qs), hits


def register() -> None:
    slots.register("country", country_section, order=80)
    slots.register("home", home_panel, order=80)
    slots.register("objective", objective_section, order=80)
    search.register(
        SearchProvider("devcoop-activities", _("Development activities"), find_activities, order=60)
    )
    search.register(
        SearchProvider(
            "devcoop-strategies", _("Country strategy papers"), find_strategy_papers, order=61
        )
    )
