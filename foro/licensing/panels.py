"""What licensing adds to shared pages: the country page section (licences and refusals
for the country as destination: yearly figures for everyone inside the department, the
cases themselves for licensing staff) and the home-page panel (the work waiting for the
user)."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time

from django.core.cache import cache
from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from foro.core.roles import INTERNAL_ROLES, roles_of
from foro.licensing.models import Denial, GoodsLine, Licence, LicenceLine
from foro.licensing.selectors import STAFF, applications_visible_to, licences_visible_to
from foro.licensing.workflow import SUBMITTED_OPEN_STATES


def _yearly_figures(country, since: int) -> list[dict]:
    """Licences granted (count, authorised value) and refusals (count, value refused) per
    year for ``country`` as destination, from ``since`` on.

    Kept in the cache under a key that names the newest licence and the newest denial (id
    and time): licences and denials are only ever added (their issue date, destination
    and authorised values never change afterwards), so a new one makes a new key and the
    figures are never stale. The times make an id reused after a rolled-back transaction
    a different key; the hour's expiry covers rows removed (the generator's reruns)."""
    newest_licence = Licence.objects.order_by("-id").values_list("id", "issued_at").first()
    newest_denial = (
        Denial.objects.order_by("-id").values_list("id", "application__created_at").first()
    )
    key = f"licensing:country-years:{country.pk}:{since}:{newest_licence}:{newest_denial}"
    key = "licensing:country-years:" + hashlib.sha256(key.encode()).hexdigest()
    rows = cache.get(key)
    if rows is not None:
        return rows
    start = date(since, 1, 1)
    start_at = timezone.make_aware(datetime.combine(start, time.min))
    granted = dict(
        Licence.objects.filter(destination=country, issued_at__gte=start_at)
        .annotate(year=ExtractYear("issued_at"))
        .values_list("year")
        .annotate(n=Count("id"))
    )
    # the lines carry their licence's issue date and destination (ADR 0010): no join
    values = dict(
        LicenceLine.objects.filter(destination=country, issued_on__gte=start)
        .annotate(year=ExtractYear("issued_on"))
        .values_list("year")
        .annotate(v=Sum("authorised_value_eur"))
    )
    refused = dict(
        Denial.objects.filter(destination=country, denied_on__gte=start)
        .annotate(year=ExtractYear("denied_on"))
        .values_list("year")
        .annotate(n=Count("id"))
    )
    refused_values = dict(
        GoodsLine.objects.filter(
            application__denial__destination=country,
            application__denial__denied_on__gte=start,
        )
        .annotate(year=ExtractYear("application__denial__denied_on"))
        .values_list("year")
        .annotate(v=Sum("value_eur"))
    )
    years = sorted(set(granted) | set(refused), reverse=True)
    rows = [
        {
            "year": y,
            "granted": granted.get(y, 0),
            "value": values.get(y),
            "refused": refused.get(y, 0),
            "refused_value": refused_values.get(y),
        }
        for y in years
    ]
    cache.set(key, rows, 3600)
    return rows


def country_section(request, country) -> dict | None:
    roles = roles_of(request.user)
    if not roles & INTERNAL_ROLES:
        return None
    since = timezone.localdate().year - 4
    context = {
        "country": country,
        "years": _yearly_figures(country, since),
        "detail": bool(roles & STAFF),
    }
    if context["detail"]:
        context["open_applications"] = applications_visible_to(request.user).filter(
            destination=country, status__in=SUBMITTED_OPEN_STATES
        )[:20]
        context["valid_licences"] = licences_visible_to(request.user).filter(
            destination=country, status="valid"
        )[:20]
    return {"template": "licensing/_country_section.html", "context": context}


def home_panel(request, user) -> dict | None:
    from foro.core.roles import Role
    from foro.licensing.models import Status

    roles = roles_of(user)
    if Role.APPLICANT in roles and user.organisation_id:
        apps = applications_visible_to(user)
        context: dict[str, object] = {
            "applicant": True,
            "drafts": apps.filter(status=Status.DRAFT).count(),
            "questions": apps.filter(status=Status.INFORMATION_REQUESTED).count(),
            "in_progress": apps.filter(status__in=SUBMITTED_OPEN_STATES).count(),
            "valid_licences": licences_visible_to(user).filter(status="valid").count(),
        }
        return {"template": "licensing/_home_panel.html", "context": context}
    if roles & STAFF:
        apps = applications_visible_to(user)
        open_apps = apps.filter(status__in=SUBMITTED_OPEN_STATES)
        context = {
            "applicant": False,
            "open": open_apps.count(),
            "mine": open_apps.filter(assigned_officer=user).count(),
            "unassigned": open_apps.filter(assigned_officer__isnull=True).count(),
            "to_countersign": apps.filter(status=Status.DECISION_PROPOSED)
            .exclude(proposals__proposed_by=user, proposals__review="pending")
            .count()
            if Role.SENIOR in roles
            else None,
        }
        return {"template": "licensing/_home_panel.html", "context": context}
    return None
