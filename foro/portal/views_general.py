"""The applicant's pages for general licences: its prior authorisations (request, renewal,
withdrawal), its registrations for general licences and the usage reports under them.
Everything starts from the selectors, which limit reads to the applicant's own company:
another company's registration is a 404."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from foro.core.dates import parse_date
from foro.core.errors import DomainError, ValidationFailed
from foro.core.http import AuthedRequest
from foro.core.models import Country
from foro.core.services import require
from foro.licensing import selectors_general as sel
from foro.licensing import workflow_general as wf
from foro.licensing.general_licences import general_licences, general_table
from foro.licensing.models_general import PriorAuthorisation
from foro.licensing.services import general as svc
from foro.licensing.views import report_error


def _errors_by_field(exc: DomainError) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for problem in exc.errors:
        out.setdefault(str(problem.get("field", "")), []).append(str(problem["message"]))
    return out


def _date(text: str) -> date | None:
    """A typed date, or None when it is empty or unreadable (the service then says which
    date to give, together with every other problem of the form)."""
    try:
        return parse_date(text, "date", optional=True)
    except ValidationFailed:
        return None


def _home(
    request: AuthedRequest,
    *,
    errors: dict[str, list[str]] | None = None,
    form: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request.user
    authorisations = list(sel.prior_authorisations_visible_to(user))
    registrations = list(sel.registrations_visible_to(user))
    registered = {r.licence_code for r in registrations}
    in_force = svc.valid_prior_authorisation(user.organisation_id) if user.organisation_id else None
    open_request = next(
        (
            pa
            for pa in authorisations
            if pa.status
            in (
                PriorAuthorisation.Status.REQUESTED,
                PriorAuthorisation.Status.UNDER_REVIEW,
                PriorAuthorisation.Status.PROPOSED,
            )
        ),
        None,
    )
    withdrawable = {
        pa.pk
        for pa in authorisations
        if pa.status in wf.prior_authorisation_transition("withdraw").sources
    }
    context: dict[str, Any] = {
        "authorisations": authorisations,
        "withdrawable": withdrawable,
        "in_force": in_force,
        "open_request": open_request,
        "registrations": registrations,
        "available": [g for g in general_licences() if g.code not in registered],
        "rules": general_table().prior_authorisation,
        "errors": errors or {},
        "form": form,
        "data": request.POST if form else {},
    }
    return render(request, "portal/general/home.html", context, status=status)


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    require(request.user, "licensing.register_general")
    return _home(request)


@login_required
@require_POST
def request_authorisation(request: AuthedRequest) -> HttpResponse:
    require(request.user, "licensing.request_prior_authorisation")
    renewal_of = None
    if request.POST.get("renewal_of", "").isdigit():
        renewal_of = sel.prior_authorisation_get(request.user, int(request.POST["renewal_of"]))
    try:
        pa = svc.prior_authorisation_request(
            actor=request.user,
            icp_description=request.POST.get("icp_description", ""),
            renewal_of=renewal_of,
        )
    except DomainError as exc:
        report_error(request, exc)
        return _home(request, errors=_errors_by_field(exc), form="request", status=422)
    messages.success(
        request,
        _("Your request %(ref)s was sent to the department.") % {"ref": pa.reference},
    )
    return redirect("portal:general")


@login_required
@require_POST
def withdraw_authorisation(request: AuthedRequest, pk: int) -> HttpResponse:
    pa = sel.prior_authorisation_get(request.user, pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm the withdrawal."))
        return _home(request, status=422)
    try:
        svc.prior_authorisation_withdraw(actor=request.user, authorisation=pa)
        messages.success(request, _("The request was withdrawn."))
    except DomainError as exc:
        report_error(request, exc)
    return redirect("portal:general")


@login_required
@require_POST
def register(request: AuthedRequest) -> HttpResponse:
    require(request.user, "licensing.register_general")
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm the conditions of the licence."))
        return _home(request, form="register", status=422)
    try:
        reg = svc.general_licence_register(
            actor=request.user, licence_code=request.POST.get("licence_code", "")
        )
    except DomainError as exc:
        report_error(request, exc)
        return _home(request, errors=_errors_by_field(exc), form="register", status=422)
    messages.success(
        request,
        _("Your company is registered for %(licence)s (%(ref)s).")
        % {"licence": reg.licence.number, "ref": reg.reference},
    )
    return redirect("portal:general-registration", pk=reg.pk)


@login_required
def registration(request: AuthedRequest, pk: int) -> HttpResponse:
    reg = sel.registration_get(request.user, pk)
    require(request.user, "licensing.view_registration", reg)
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        post = request.POST
        try:
            svc.general_licence_report_use(
                actor=request.user,
                registration=reg,
                period_start=_date(post.get("period_start", "")),
                period_end=_date(post.get("period_end", "")),
                destination=post.get("destination", ""),
                goods_description=post.get("goods_description", ""),
                control_entry=post.get("control_entry", ""),
                value_eur=post.get("value_eur", ""),
            )
            messages.success(request, _("The use was reported."))
            return redirect("portal:general-registration", pk=reg.pk)
        except DomainError as exc:
            report_error(request, exc)
            errors = _errors_by_field(exc)
            status = 422
    page = Paginator(sel.reports_of(reg), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/general/registration.html",
        {
            "reg": reg,
            "licence": reg.licence,
            "page": page,
            "countries": Country.objects.filter(is_iso=True).order_by("name_en"),
            "errors": errors,
            "data": request.POST if status != 200 else {},
            "can_report": reg.status == reg.Status.REGISTERED,
        },
        status=status,
    )
