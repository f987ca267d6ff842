"""What trade adds to shared pages: the country page section (agreements with the
country, its open barriers, trade figures with their chart and source), the home-page
panel and the strategic-objective section. Each reads through the module's selectors,
so a reader sees only what they may open."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from foro.trade import charts
from foro.trade.models import OPEN_BARRIER_STATES, BarrierStatus
from foro.trade.selectors import (
    agreements_visible_to,
    barriers_visible_to,
    current_import,
    figures_visible_to,
)


def country_figures(user: Any, country: Any) -> dict[str, Any]:
    """Totals per year (product group TOTAL) for ``country`` as partner, and the chart."""
    per_year: dict[int, dict[str, Any]] = defaultdict(dict)
    for year, flow, value in (
        figures_visible_to(user)
        .filter(partner=country, product_code="TOTAL")
        .values_list("year", "flow")
        .annotate(v=Sum("value_eur"))
        .order_by("year")
    ):
        per_year[year][flow] = value
    rows: list[dict[str, object]] = [
        {
            "year": y,
            "export": v.get("export") or Decimal(0),
            "import": v.get("import") or Decimal(0),
        }
        for y, v in sorted(per_year.items())
    ]
    source = current_import() if rows else None
    return {
        "rows": rows,
        "chart": charts.bar_chart(
            rows,
            title=_("Flemish-Belgian trade with %(country)s per year") % {"country": country.name},
        )
        if rows
        else "",
        "source": source,
    }


def country_section(request: Any, country: Any) -> dict[str, Any] | None:
    user = request.user
    may_agreements = user.has_perm("trade.view_agreement")
    may_barriers = user.has_perm("trade.list_barriers")
    if not (may_agreements or may_barriers):
        return None
    context: dict[str, Any] = {
        "country": country,
        "may_agreements": may_agreements,
        "may_barriers": may_barriers,
    }
    if may_agreements:
        context["agreements"] = list(agreements_visible_to(user).filter(partners=country)[:20])
        context["figures"] = country_figures(user, country)
    if may_barriers:
        barriers = barriers_visible_to(user).filter(country=country)
        context["open_barriers"] = list(barriers.filter(status__in=OPEN_BARRIER_STATES)[:20])
        context["open_count"] = barriers.filter(status__in=OPEN_BARRIER_STATES).count()
        context["resolved_count"] = barriers.filter(
            status__in=(BarrierStatus.RESOLVED, BarrierStatus.PARTLY_RESOLVED)
        ).count()
    return {"template": "trade/_country_section.html", "context": context}


def home_panel(request: Any, user: Any) -> dict[str, Any] | None:
    if not user.has_perm("trade.list_barriers"):
        return None
    counts = dict(
        barriers_visible_to(user).order_by().values_list("status").annotate(n=Count("id"))
    )
    return {
        "template": "trade/_home_panel.html",
        "context": {
            "reported": counts.get(BarrierStatus.REPORTED, 0),
            "assessed": counts.get(BarrierStatus.ASSESSED, 0),
            "escalated": counts.get(BarrierStatus.ESCALATED, 0),
        },
    }


def objective_section(request: Any, objective_year: Any) -> dict[str, Any] | None:
    user = request.user
    if not user.has_perm("trade.list_barriers"):
        return None
    barriers = barriers_visible_to(user).filter(
        objectives=objective_year.objective, created_at__year=objective_year.year
    )
    return {
        "template": "trade/_objective_section.html",
        "context": {"count": barriers.count(), "barriers": list(barriers[:10])},
    }
