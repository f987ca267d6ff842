"""Reads of development cooperation, each starting from what the user may see:
internal roles read the whole portfolio; applicants and anonymous callers nothing."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from foro.core.errors import NotFound
from foro.devcoop.iati import codelists
from foro.devcoop.models import (
    Activity,
    IndicatorPeriod,
    PublicationRequest,
    PublishedFile,
    StrategyPaper,
    Transaction,
)


def may_view(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_perm("devcoop.view"))


def activities_visible_to(user: Any) -> QuerySet[Activity]:
    if not may_view(user):
        return Activity.objects.none()
    return Activity.objects.select_related("recipient_country", "officer")


def activity_get(user: Any, pk: int) -> Activity:
    activity = activities_visible_to(user).filter(pk=pk).first()
    if activity is None:
        raise NotFound()
    return activity


def strategy_papers_visible_to(user: Any) -> QuerySet[StrategyPaper]:
    if not may_view(user):
        return StrategyPaper.objects.none()
    return StrategyPaper.objects.select_related("country")


def portfolio(
    user: Any, *, country: str = "", state: str = "", source: str = "", q: str = ""
) -> QuerySet[Activity]:
    qs = activities_visible_to(user)
    if country:
        qs = qs.filter(recipient_country_id=country.upper())
    if state:
        qs = qs.filter(state=state)
    if source:
        qs = qs.filter(source=source)
    if q:
        qs = qs.filter(
            Q(iati_identifier__icontains=q) | Q(title_nl__icontains=q) | Q(title_en__icontains=q)
        )
    return qs


def pending_publications(user: Any) -> QuerySet[PublicationRequest]:
    if not may_view(user):
        return PublicationRequest.objects.none()
    return PublicationRequest.objects.filter(decision="pending").select_related(
        "activity", "requested_by"
    )


def latest_file(kind: str) -> PublishedFile | None:
    """The last published file of a kind: public (IATI publication needs a public URL)."""
    return PublishedFile.objects.filter(kind=kind).first()


# ------------------------------------------------------------------ completeness

#: the recommended elements an officer should fill in (IATI's publishing guidance)
RECOMMENDED: tuple[tuple[str, str], ...] = (
    ("description", "description"),
    ("participating-org (funding)", "funding"),
    ("participating-org (implementing)", "implementing"),
    ("activity-date (planned start and end)", "planned"),
    ("recipient-country / recipient-region", "recipient"),
    ("sector", "sector"),
    ("location", "location"),
    ("policy-marker", "marker"),
    ("collaboration-type", "collaboration"),
    ("default-flow-type", "flow"),
    ("default-finance-type", "finance"),
    ("default-aid-type", "aid"),
    ("default-tied-status", "tied"),
    ("budget", "budget"),
    ("transaction (commitment)", "commitment"),
    ("transaction (disbursement or expenditure)", "disbursement"),
    ("result", "result"),
    ("document-link", "document"),
    ("strategic objective (foro)", "objective"),
)


@dataclass
class Completeness:
    score: int
    missing: list[str] = field(default_factory=list)


def completeness(a: Activity) -> Completeness:
    roles = {p.role for p in a.participants.all()}
    tx_types = {t.type for t in a.transactions.all()}
    present = {
        "description": bool(a.description_nl or a.description_en),
        "funding": "1" in roles,
        "implementing": "4" in roles,
        "planned": bool(a.planned_start and a.planned_end),
        "recipient": bool(a.recipient_country_id or a.recipient_region),
        "sector": a.sectors.exists(),
        "location": a.locations.exists(),
        "marker": a.markers.exists(),
        "collaboration": bool(a.collaboration_type),
        "flow": bool(a.default_flow_type),
        "finance": bool(a.default_finance_type),
        "aid": bool(a.default_aid_type),
        "tied": bool(a.default_tied_status),
        "budget": a.budgets.exists(),
        "commitment": "2" in tx_types,
        "disbursement": bool(tx_types & {"3", "4"}),
        "result": a.results.exists(),
        "document": a.documents.exists(),
        "objective": a.objectives.exists(),
    }
    missing = [label for label, key in RECOMMENDED if not present[key]]
    score = round(100 * (len(RECOMMENDED) - len(missing)) / len(RECOMMENDED))
    return Completeness(score, missing)


# ------------------------------------------------------------------ dashboards


@dataclass
class Money:
    committed: Decimal = Decimal(0)
    disbursed: Decimal = Decimal(0)
    unconverted: int = 0

    @property
    def burn_rate(self) -> int | None:
        if not self.committed:
            return None
        return round(100 * self.disbursed / self.committed)


def spending(transactions: QuerySet[Transaction]) -> Money:
    """Committed (type 2) against disbursed and spent (types 3 and 4), in EUR."""
    rows = transactions.values("type").annotate(
        eur=Sum("value_eur"), missing=Count("pk", filter=Q(value_eur__isnull=True))
    )
    money = Money()
    for row in rows:
        amount = row["eur"] or Decimal(0)
        if row["type"] == "2":
            money.committed += amount
        elif row["type"] in ("3", "4"):
            money.disbursed += amount
        money.unconverted += row["missing"]
    return money


def country_dashboard(user: Any, country: str) -> dict[str, Any]:
    activities = activities_visible_to(user).filter(recipient_country_id=country, source="own")
    money = spending(Transaction.objects.filter(activity__in=activities))
    per_activity = []
    for a in activities.prefetch_related("transactions"):
        m = Money()
        for t in a.transactions.all():
            if t.value_eur is None:
                m.unconverted += 1
            elif t.type == "2":
                m.committed += t.value_eur
            elif t.type in ("3", "4"):
                m.disbursed += t.value_eur
        per_activity.append((a, m))
    return {
        "activities": per_activity,
        "money": money,
        "results": results_against_targets(activities),
    }


def sector_dashboard(user: Any) -> list[dict[str, Any]]:
    """Committed and disbursed per DAC sector category (3 digits), shared by percentage."""
    activities = (
        activities_visible_to(user).filter(source="own").prefetch_related("sectors", "transactions")
    )
    per: dict[str, Money] = defaultdict(Money)
    for a in activities:
        shares = [
            (s.code[:3], (s.percentage or Decimal(100)) / 100)
            for s in a.sectors.all()
            if s.vocabulary in ("1", "2")
        ]
        for t in a.transactions.all():
            if t.value_eur is None:
                continue
            for cat, share in shares:
                if t.type == "2":
                    per[cat].committed += t.value_eur * share
                elif t.type in ("3", "4"):
                    per[cat].disbursed += t.value_eur * share
    names = codelists.codelist("SectorCategory")
    out = []
    for cat, m in sorted(per.items(), key=lambda kv: -kv[1].committed):
        out.append({"code": cat, "name": names[cat].name if cat in names else cat, "money": m})
    return out


def results_against_targets(activities: QuerySet[Activity]) -> list[dict[str, Any]]:
    """Each indicator's latest period with a target: actual against target, in %."""
    periods = (
        IndicatorPeriod.objects.filter(
            indicator__result__activity__in=activities, target__isnull=False
        )
        .select_related("indicator__result__activity")
        .order_by("indicator_id", "-period_end")
    )
    seen: set[int] = set()
    out = []
    for p in periods:
        if p.indicator_id in seen:
            continue
        seen.add(p.indicator_id)
        pct = None
        if p.target and p.actual is not None:
            pct = round(100 * p.actual / p.target)
        out.append(
            {
                "period": p,
                "indicator": p.indicator,
                "activity": p.indicator.result.activity,
                "percent": pct,
            }
        )
    return out
