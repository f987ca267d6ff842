from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from foro.core.models import Country
from foro.core.services import require
from foro.network import selectors


@login_required
def representation_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "network.view_representation")
    reps = list(selectors.representations())
    names = dict(Country.objects.values_list("code", "name_nl"))
    return render(
        request,
        "network/representation_list.html",
        {"representations": reps, "country_names": names},
    )


@login_required
def representation_detail(request: HttpRequest, code: str) -> HttpResponse:
    require(request.user, "network.view_representation")
    rep = selectors.representation_get(code)
    countries = Country.objects.filter(code__in=rep.jurisdiction_codes)
    host = Country.objects.filter(code=rep.host_country_code).first()
    return render(
        request,
        "network/representation_detail.html",
        {"rep": rep, "countries": countries, "host": host},
    )
