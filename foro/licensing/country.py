"""The licensing section of the country page: licences and refusals for the country as
destination. Every internal role sees the yearly figures; licensing staff also see the
cases themselves."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from foro.core.roles import INTERNAL_ROLES, roles_of
from foro.licensing.models import Denial, Licence, LicenceLine
from foro.licensing.selectors import STAFF, applications_visible_to, licences_visible_to
from foro.licensing.workflow import OPEN_STATES


def section(request, country) -> dict | None:
    roles = roles_of(request.user)
    if not roles & INTERNAL_ROLES:
        return None
    since = timezone.localdate().year - 4
    granted = dict(
        Licence.objects.filter(destination=country, issued_at__year__gte=since)
        .annotate(year=ExtractYear("issued_at"))
        .values_list("year")
        .annotate(n=Count("id"))
    )
    values = dict(
        LicenceLine.objects.filter(
            licence__destination=country, licence__issued_at__year__gte=since
        )
        .annotate(year=ExtractYear("licence__issued_at"))
        .values_list("year")
        .annotate(v=Sum("authorised_value_eur"))
    )
    refused = dict(
        Denial.objects.filter(destination=country, denied_on__year__gte=since)
        .annotate(year=ExtractYear("denied_on"))
        .values_list("year")
        .annotate(n=Count("id"))
    )
    years = sorted(set(granted) | set(refused), reverse=True)
    context = {
        "country": country,
        "years": [
            {
                "year": y,
                "granted": granted.get(y, 0),
                "value": values.get(y),
                "refused": refused.get(y, 0),
            }
            for y in years
        ],
        "detail": bool(roles & STAFF),
    }
    if context["detail"]:
        context["open_applications"] = applications_visible_to(request.user).filter(
            destination=country, status__in=[s for s in OPEN_STATES if s != "draft"]
        )[:20]
        context["valid_licences"] = licences_visible_to(request.user).filter(
            destination=country, status="valid"
        )[:20]
    return {"template": "licensing/_country_section.html", "context": context}
