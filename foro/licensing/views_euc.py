"""Back-office pages of end-user certificates and import certificates: the officer's forms
on the case page (review, verification request, withdrawal; the import certificate), the
representation staff's list of verification requests and the request page where they
answer, and the import certificate's page and PDF.

A refused form re-renders the case page (or the request page) with what was typed and the
problems, status 422; nothing is written."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from foro.core.documents import file_response
from foro.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from foro.core.http import AuthedRequest
from foro.core.models import Country, User
from foro.core.roles import Role, roles_of
from foro.core.services import require
from foro.licensing import euc, iic, selectors
from foro.licensing.models import Application
from foro.licensing.models_euc import EndUserCertificate, EucVerification, ImportCertificate
from foro.licensing.workflow import SUBMITTED_OPEN_STATES


def euc_case_context(user: User, app: Application, **posted: Any) -> dict[str, Any]:
    """What the case page shows of the certificate, its verifications and the import
    certificate (``posted``: a refused form's values and problems)."""
    cert = euc.certificate_of(app)
    verifications = list(cert.verifications.select_related("answered_by")) if cert else []
    form, values = posted.get("euc_form", ""), posted.get("euc_posted", {})
    for v in verifications:
        v.post_label = euc.representation_label(v.representation_code)  # type: ignore[attr-defined]
        v.posted_reason = values.get("reason", "") if form == f"withdraw-{v.pk}" else ""  # type: ignore[attr-defined]
    suggested = euc.posts_for(cert.issuing_country_id) if cert else []
    suggested_codes = {r.code for r in suggested}
    others = [r for r in euc.representations() if r.code not in suggested_codes]
    certificates = list(app.import_certificates.select_related("exporting_country", "proposed_by"))
    live_iic = next(
        (c for c in certificates if c.status != ImportCertificate.Status.SENT_BACK), None
    )
    can_act = user.has_perm("licensing.assess")
    return {
        "euc": cert,
        "euc_verifications": verifications,
        "euc_blockers": euc.euc_grant_problems(app),
        "euc_posts_suggested": suggested,
        "euc_posts_other": others,
        "euc_can_act": can_act and app.status in SUBMITTED_OPEN_STATES,
        "euc_reviews": [
            c for c in EndUserCertificate.Review.choices if c[0] != EndUserCertificate.Review.NONE
        ],
        "iic_applies": app.kind in iic.rules().kinds,
        "iic_certificates": certificates,
        "iic_can_propose": can_act
        and app.kind in iic.rules().kinds
        and app.status in iic.CASE_STATES
        and live_iic is None,
        "iic_default_country": iic.default_exporting_country(app),
        "countries": Country.objects.filter(is_iso=True).exclude(code="BE"),
        "euc_posted": posted.get("euc_posted", {}),
        "euc_problems": posted.get("euc_problems", []),
        "euc_form": posted.get("euc_form", ""),
    }


def _case_again(
    request: AuthedRequest, app: Application, form: str, problems: list[dict[str, str]]
) -> HttpResponse:
    from foro.licensing.views import case_context

    context = case_context(request, app)
    context.update(
        euc_case_context(
            request.user,
            app,
            euc_posted=request.POST,
            euc_problems=problems,
            euc_form=form,
        )
    )
    return render(request, "licensing/case.html", context, status=422)


def _done(request: AuthedRequest, app: Application, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(reverse("licensing:case", args=[app.pk]) + "#h-euc")


@login_required
@require_POST
def review(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    app = selectors.application_get(request.user, pk)
    try:
        euc.euc_review(
            actor=request.user,
            application=app,
            review=request.POST.get("review", ""),
            note=request.POST.get("note", ""),
            original_seen_by=request.POST.get("original_seen_by", ""),
            original_seen_on=request.POST.get("original_seen_on", ""),
        )
    except DomainError as exc:
        return _case_again(request, app, "review", exc.errors or [{"message": exc.detail}])
    return _done(request, app, _("The review of the end-user certificate is recorded."))


@login_required
@require_POST
def request_verification(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    app = selectors.application_get(request.user, pk)
    try:
        v = euc.euc_verification_request(
            actor=request.user,
            application=app,
            representation_code=request.POST.get("representation", ""),
            question=request.POST.get("question", ""),
        )
    except DomainError as exc:
        return _case_again(request, app, "verify", exc.errors or [{"message": exc.detail}])
    return _done(
        request,
        app,
        _("Verification request %(ref)s is sent to %(post)s.")
        % {"ref": v.reference, "post": euc.representation_label(v.representation_code)},
    )


@login_required
@require_POST
def withdraw_verification(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    v = euc.verification_get(request.user, pk)
    app = v.certificate.application
    try:
        euc.euc_verification_withdraw(
            actor=request.user, verification=v, reason=request.POST.get("reason", "")
        )
    except DomainError as exc:
        return _case_again(
            request, app, f"withdraw-{v.pk}", exc.errors or [{"message": exc.detail}]
        )
    return _done(request, app, _("The verification request is withdrawn."))


# ------------------------------------------------------------------ the post's pages


def _may_see_verifications(user: User) -> None:
    if not (roles_of(user) & (selectors.STAFF | {Role.POST})):
        raise PermissionDenied()


@login_required
def verification_list(request: AuthedRequest) -> HttpResponse:
    _may_see_verifications(request.user)
    qs = euc.verifications_visible_to(request.user).order_by("-status", "requested_at", "pk")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    for v in page:
        v.post_label = euc.representation_label(v.representation_code)  # type: ignore[attr-defined]
    return render(request, "licensing/euc_verifications.html", {"page": page})


def _verification_page(
    request: AuthedRequest,
    v: EucVerification,
    posted: Any = None,
    problems: list[dict[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    steps = {t.action for t in euc.verification_steps(v.status, request.user)}
    own_post = bool(request.user.representation_code) and (
        request.user.representation_code == v.representation_code
    )
    context = {
        "v": v,
        "cert": v.certificate,
        "post_label": euc.representation_label(v.representation_code),
        "can_answer": "answer" in steps and own_post,
        "answers": EucVerification.Answer.choices,
        "posted": posted or {},
        "problems": problems or [],
        "internal": bool(roles_of(request.user) & selectors.STAFF),
    }
    return render(request, "licensing/euc_verification.html", context, status=status)


@login_required
def verification_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    _may_see_verifications(request.user)
    return _verification_page(request, euc.verification_get(request.user, pk))


@login_required
@require_POST
def verification_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    _may_see_verifications(request.user)
    v = euc.verification_get(request.user, pk)
    try:
        euc.euc_verification_answer(
            actor=request.user,
            verification=v,
            answer=request.POST.get("answer", ""),
            note=request.POST.get("note", ""),
        )
    except ValidationFailed as exc:
        return _verification_page(request, v, request.POST, exc.errors, status=422)
    except DomainError as exc:
        messages.error(request, exc.detail)
        return redirect("licensing:euc-verification", pk=v.pk)
    messages.success(request, _("Your answer is sent to the licensing service."))
    return redirect("licensing:euc-verification", pk=v.pk)


# ------------------------------------------------------------------ import certificates


@login_required
@require_POST
def iic_propose(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    app = selectors.application_get(request.user, pk)
    try:
        c = iic.iic_propose(
            actor=request.user,
            application=app,
            exporting_country=request.POST.get("exporting_country", ""),
        )
    except DomainError as exc:
        return _case_again(request, app, "iic", exc.errors or [{"message": exc.detail}])
    messages.success(request, _("The import certificate is proposed; a senior officer issues it."))
    return redirect("licensing:import-certificate", pk=c.pk)


def _iic_page(
    request: AuthedRequest, c: ImportCertificate, posted: Any = None, status: int = 200
) -> HttpResponse:
    steps = {t.action for t in iic.steps_for(c, request.user)}
    context = {
        "c": c,
        "app": c.application,
        "rules": iic.rules(),
        "can_issue": "issue" in steps and c.proposed_by_id != request.user.pk,
        "is_proposer": c.proposed_by_id == request.user.pk,
        "steps": steps,
        "posted": posted or {},
    }
    return render(request, "licensing/import_certificate.html", context, status=status)


@login_required
def iic_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    return _iic_page(request, iic.certificate_get(request.user, pk))


@login_required
@require_POST
def iic_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    c = iic.certificate_get(request.user, pk)
    try:
        if action == "issue":
            if request.POST.get("confirm") != "1":
                return _iic_page(request, c)
            iic.iic_issue(actor=request.user, certificate=c)
            messages.success(request, _("The import certificate is issued."))
        elif action == "send_back":
            iic.iic_send_back(
                actor=request.user, certificate=c, comment=request.POST.get("comment", "")
            )
            messages.success(request, _("The proposal is sent back."))
        else:
            raise NotFound()
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.detail)
        for p in exc.errors:
            messages.error(request, p["message"])
        return _iic_page(request, c, request.POST, status=422)
    return redirect("licensing:import-certificate", pk=c.pk)


@login_required
def iic_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    """The issued certificate's PDF: licensing staff, or the importer (own organisation)."""
    from foro.licensing.views import _pdf_language

    c = iic.certificate_get(request.user, pk)
    return file_response(
        iic.iic_pdf(c, _pdf_language(request)), "application/pdf", f"{c.number}.pdf", inline=True
    )


urlpatterns = [
    path("applications/<int:pk>/euc/review/", review, name="euc-review"),
    path("applications/<int:pk>/euc/verify/", request_verification, name="euc-verify"),
    path("applications/<int:pk>/import-certificate/", iic_propose, name="iic-propose"),
    path("euc-verifications/", verification_list, name="euc-verifications"),
    path("euc-verifications/<int:pk>/", verification_detail, name="euc-verification"),
    path("euc-verifications/<int:pk>/answer/", verification_answer, name="euc-answer"),
    path("euc-verifications/<int:pk>/withdraw/", withdraw_verification, name="euc-withdraw"),
    path("import-certificates/<int:pk>/", iic_detail, name="import-certificate"),
    path("import-certificates/<int:pk>/act/<slug:action>/", iic_act, name="import-certificate-act"),
    path("import-certificates/<int:pk>/certificate.pdf", iic_pdf, name="import-certificate-pdf"),
]
