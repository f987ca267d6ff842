"""Read-only pages for each reference list, with version history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from foro.core.errors import NotFound
from foro.core.models import Country
from foro.core.services import require
from foro.reference import selectors
from foro.reference.datasets import DATASETS

TEMPLATES = {
    "military-list": "reference/military_list.html",
    "dual-use": "reference/dual_use.html",
    "criteria": "reference/criteria.html",
    "embargoes": "reference/embargoes.html",
}


@login_required
def index(request: HttpRequest) -> HttpResponse:
    require(request.user, "reference.view")
    datasets = [{"name": name, "version": selectors.current_version(name)} for name in TEMPLATES]
    return render(
        request,
        "reference/index.html",
        {"datasets": datasets, "due_count": selectors.overdue_count()},
    )


@login_required
def review(request: HttpRequest) -> HttpResponse:
    """The current rows past their end or review date, or due within 30 days."""
    require(request.user, "reference.view")
    return render(
        request,
        "reference/review.html",
        {
            "due": selectors.rows_due_for_review(),
            "days": selectors.DUE_SOON_DAYS,
            "country_names": {c.code: c.name for c in Country.objects.all()},
        },
    )


@login_required
def dataset(request: HttpRequest, name: str) -> HttpResponse:
    require(request.user, "reference.view")
    if name not in TEMPLATES:
        raise NotFound()
    versions = list(selectors.versions(name))
    wanted = request.GET.get("version")
    version = next((v for v in versions if str(v.number) == wanted), None) if wanted else None
    version = version or next((v for v in versions if v.is_current), None)
    rows = (
        DATASETS[name].model._default_manager.filter(version=version).order_by("line")
        if version
        else []
    )
    context: dict[str, object] = {
        "rows": rows,
        "version": version,
        "versions": versions,
        "dataset": name,
    }
    if name == "embargoes":
        # The file names countries in English; the page names them in the reader's language.
        context["country_names"] = {c.code: c.name for c in Country.objects.all()}
    return render(request, TEMPLATES[name], context)
