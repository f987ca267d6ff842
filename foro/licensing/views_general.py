"""Back-office pages for general licences: the licences and their conditions, the prior
authorisations (review, four-eyes decision) and the companies' registrations (reports,
suspension). Thin: each form posts to one service; buttons come from the tables in
workflow_general.py. Refused input re-renders the page with what was typed."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from foro.core.dates import parse_date
from foro.core.errors import DomainError, NotFound, ValidationFailed
from foro.core.http import AuthedRequest
from foro.core.models import Organisation
from foro.core.roles import roles_of
from foro.core.services import require
from foro.licensing import selectors_general as sel
from foro.licensing import workflow_general as wf
from foro.licensing.general_licences import general_licences, general_table
from foro.licensing.models_general import (
    CertifiedRecipient,
    CertifiedRecipientAudit,
    GeneralLicenceRegistration,
    PriorAuthorisation,
    PriorAuthorisationConsultation,
)
from foro.licensing.services import general as svc
from foro.licensing.views import report_error


def _errors_by_field(exc: DomainError) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for problem in exc.errors:
        out.setdefault(str(problem.get("field", "")), []).append(str(problem["message"]))
    return out


@login_required
def general_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    counts = sel.registration_counts()
    rows = [{"licence": g, "registered": counts.get(g.code, 0)} for g in general_licences()]
    return render(
        request,
        "licensing/general/list.html",
        {"rows": rows, "table": general_table()},
    )


@login_required
def general_detail(request: AuthedRequest, code: str) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    licence = general_table().licences.get(code)
    if licence is None:
        raise Http404
    registrations = sel.registrations_visible_to(request.user).filter(licence_code=code)
    page = Paginator(registrations.order_by("organisation__name"), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "licensing/general/detail.html", {"licence": licence, "page": page})


@login_required
def prior_authorisation_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    qs = sel.prior_authorisations_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in PriorAuthorisation.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "licensing/general/prior_authorisations.html",
        {"page": page, "status": status, "statuses": PriorAuthorisation.Status.choices},
    )


def _pa_page(
    request: AuthedRequest,
    pa: PriorAuthorisation,
    *,
    form: str = "",
    errors: dict[str, list[str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    roles = roles_of(request.user)
    steps = wf.available(wf.PRIOR_AUTHORISATION_TRANSITIONS, pa.status, roles)
    four_eyes_blocked = pa.status == PriorAuthorisation.Status.PROPOSED and (
        pa.proposed_by_id == request.user.pk
    )
    decide = [t for t in steps if t.action in ("approve", "confirm_refusal", "send_back")]
    if four_eyes_blocked:
        decide = []
    decide = [
        t
        for t in decide
        if t.action == "send_back"
        or (t.action == "approve" and pa.proposed_outcome == "grant")
        or (t.action == "confirm_refusal" and pa.proposed_outcome == "refuse")
    ]
    context: dict[str, Any] = {
        "pa": pa,
        "consultations": pa.consultations.select_related("asked_by"),
        "registrations": pa.registrations.all(),
        "can_start": any(t.action == "start_review" for t in steps),
        "can_propose": any(t.action == "propose" for t in steps),
        "can_revoke": any(t.action == "revoke" for t in steps),
        "decide": decide,
        "four_eyes_blocked": four_eyes_blocked,
        "in_review": pa.status in wf.REVIEW_STATES
        and request.user.has_perm("licensing.review_prior_authorisation"),
        "bodies": PriorAuthorisationConsultation.Body.choices,
        "consultation_outcomes": PriorAuthorisationConsultation.Outcome.choices,
        "outcomes": PriorAuthorisation.Outcome.choices,
        "rules": general_table().prior_authorisation,
        "form": form,
        "data": request.POST if form else {},
        "errors": errors or {},
    }
    return render(request, "licensing/general/prior_authorisation.html", context, status=status)


@login_required
def prior_authorisation_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    return _pa_page(request, sel.prior_authorisation_get(request.user, pk))


@login_required
@require_POST
def prior_authorisation_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    pa = sel.prior_authorisation_get(request.user, pk)
    post = request.POST
    try:
        if action == "start_review":
            svc.prior_authorisation_start_review(actor=request.user, authorisation=pa)
        elif action == "consult":
            svc.prior_authorisation_consult(
                actor=request.user,
                authorisation=pa,
                body=post.get("body", ""),
                question=post.get("question", ""),
            )
        elif action == "answer":
            consultation = pa.consultations.filter(pk=post.get("consultation") or 0).first()
            if consultation is None:
                raise NotFound()
            svc.prior_authorisation_consultation_answer(
                actor=request.user,
                consultation=consultation,
                outcome=post.get("outcome", ""),
                answer=post.get("answer", ""),
            )
        elif action == "review":
            svc.prior_authorisation_record_review(
                actor=request.user,
                authorisation=pa,
                reliability_assessment=post.get("reliability_assessment", ""),
                icp_review=post.get("icp_review", ""),
                revision=int(post["revision"]) if post.get("revision", "").isdigit() else None,
            )
        elif action == "propose":
            svc.prior_authorisation_propose(
                actor=request.user,
                authorisation=pa,
                outcome=post.get("outcome", ""),
                reason=post.get("reason", ""),
            )
        elif action in ("approve", "confirm_refusal", "send_back"):
            if post.get("confirm") != "yes":
                messages.error(request, _("Tick the box to confirm the decision."))
                return _pa_page(request, pa, form="decide", status=422)
            svc.prior_authorisation_decide(
                actor=request.user, authorisation=pa, action=action, reason=post.get("reason", "")
            )
        elif action == "revoke":
            svc.prior_authorisation_revoke(
                actor=request.user, authorisation=pa, reason=post.get("reason", "")
            )
        else:
            raise Http404
    except DomainError as exc:
        report_error(request, exc)
        pa.refresh_from_db()
        return _pa_page(request, pa, form=action, errors=_errors_by_field(exc), status=422)
    messages.success(request, _("Saved."))
    return redirect("licensing:general-pa", pk=pa.pk)


@login_required
def registration_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    qs = sel.registrations_visible_to(request.user).order_by("-registered_at")
    status = request.GET.get("status", "")
    if status in GeneralLicenceRegistration.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "licensing/general/registrations.html",
        {"page": page, "status": status, "statuses": GeneralLicenceRegistration.Status.choices},
    )


@login_required
def registration_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    reg = sel.registration_get(request.user, pk)
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm the change."))
            status = 422
        else:
            try:
                svc.registration_change_status(
                    actor=request.user,
                    registration=reg,
                    action=request.POST.get("action", ""),
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, _("The company's use of the licence was changed."))
                return redirect("licensing:general-registration", pk=reg.pk)
            except DomainError as exc:
                report_error(request, exc)
                errors = _errors_by_field(exc)
                status = 422
    steps = wf.available(wf.REGISTRATION_TRANSITIONS, reg.status, roles_of(request.user))
    page = Paginator(sel.reports_of(reg), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "licensing/general/registration.html",
        {
            "reg": reg,
            "licence": reg.licence,
            "steps": steps,
            "page": page,
            "data": request.POST if status != 200 else {},
            "errors": errors,
        },
        status=status,
    )


def _date_or_none(text: str) -> date | None:
    try:
        return parse_date(text, "date", optional=True)
    except ValidationFailed:
        return None


@login_required
def certified_recipients(request: AuthedRequest) -> HttpResponse:
    """The certified recipients, and (senior officers) the form to certify a company."""
    require(request.user, "licensing.view_internal")
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        require(request.user, "licensing.manage_certified_recipients")
        organisation = Organisation.objects.filter(
            pk=request.POST.get("organisation") or 0, kind=Organisation.Kind.COMPANY
        ).first()
        try:
            if organisation is None:
                raise ValidationFailed(
                    errors=[{"field": "organisation", "message": _("Choose the company.")}]
                )
            cert = svc.certified_recipient_issue(
                actor=request.user,
                organisation=organisation,
                issued_on=_date_or_none(request.POST.get("issued_on", "")),
                valid_until=_date_or_none(request.POST.get("valid_until", "")),
            )
            messages.success(
                request, _("Certificate %(n)s issued.") % {"n": cert.certificate_number}
            )
            return redirect("licensing:general-certified", pk=cert.pk)
        except DomainError as exc:
            report_error(request, exc)
            errors = _errors_by_field(exc)
            status = 422
    qs = sel.certificates_visible_to(request.user)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    rows = [{"cert": c, "audit_due": svc.audit_due(c)} for c in page]
    return render(
        request,
        "licensing/general/certified_list.html",
        {
            "page": page,
            "rows": rows,
            "rules": general_table().certification,
            "can_issue": request.user.has_perm("licensing.manage_certified_recipients"),
            "companies": Organisation.objects.filter(kind=Organisation.Kind.COMPANY).order_by(
                "name"
            ),
            "errors": errors,
            "data": request.POST if status != 200 else {},
        },
        status=status,
    )


@login_required
def certified_recipient(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    cert = sel.certificate_get(request.user, pk)
    errors: dict[str, list[str]] = {}
    status = 200
    form = request.POST.get("form", "") if request.method == "POST" else ""
    if request.method == "POST":
        try:
            if form == "audit":
                svc.certified_recipient_record_audit(
                    actor=request.user,
                    certificate=cert,
                    audited_on=_date_or_none(request.POST.get("audited_on", "")),
                    outcome=request.POST.get("outcome", ""),
                    findings=request.POST.get("findings", ""),
                )
            elif request.POST.get("confirm") != "yes":
                raise ValidationFailed(
                    _("Tick the box to confirm the change."),
                    errors=[
                        {"field": "confirm", "message": _("Tick the box to confirm the change.")}
                    ],
                )
            else:
                svc.certified_recipient_change_status(
                    actor=request.user,
                    certificate=cert,
                    action=request.POST.get("action", ""),
                    reason=request.POST.get("reason", ""),
                )
            messages.success(request, _("Saved."))
            return redirect("licensing:general-certified", pk=cert.pk)
        except DomainError as exc:
            report_error(request, exc)
            errors = _errors_by_field(exc)
            status = 422
    return render(
        request,
        "licensing/general/certified.html",
        {
            "cert": cert,
            "audits": cert.audits.select_related("recorded_by"),
            "audit_due": svc.audit_due(cert),
            "steps": wf.available(wf.CERTIFICATE_TRANSITIONS, cert.status, roles_of(request.user)),
            "can_audit": request.user.has_perm("licensing.audit_certified_recipient")
            and cert.status != CertifiedRecipient.Status.REVOKED,
            "outcomes": CertifiedRecipientAudit.Outcome.choices,
            "rules": general_table().certification,
            "form": form,
            "errors": errors,
            "data": request.POST if status != 200 else {},
        },
        status=status,
    )
