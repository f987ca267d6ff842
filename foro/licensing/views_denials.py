"""Pages for the denials shared between member states: the list of other states'
notifications with the form to type one in, the import of a signed file, the export of ours,
revocations, and the consultation recorded on a case. Thin: each calls one service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from foro.core.dates import parse_date
from foro.core.documents import file_response
from foro.core.errors import DomainError, NotFound, ValidationFailed
from foro.core.http import AuthedRequest
from foro.core.models import Country
from foro.core.roles import roles_of
from foro.core.services import require
from foro.licensing import selectors
from foro.licensing.amendment_rules import rules
from foro.licensing.models import Denial
from foro.licensing.models_denials import DenialConsultation, DenialExchangeFile, ForeignDenial
from foro.licensing.services import denials as svc
from foro.licensing.workflow import OFFICERS, SENIOR

FIELDS = (
    "issuingState",
    "issuingAuthority",
    "reference",
    "destination",
    "controlCategories",
    "goodsDescription",
    "endUserName",
    "endUserCountry",
    "criteria",
    "deniedOn",
    "reason",
)


def _context(request: AuthedRequest, **extra: Any) -> dict[str, Any]:
    roles = roles_of(request.user)
    state = request.GET.get("state", "")
    qs = ForeignDenial.objects.select_related("issuing_state", "destination", "end_user_country")
    today = timezone.localdate()
    if state == "in_force":
        qs = qs.filter(pk__in=svc.denials_in_force(today).values("pk"))
    page = Paginator(qs.order_by("-denied_on", "pk"), 25).get_page(request.GET.get("page"))
    own = (
        Denial.objects.select_related("destination", "revocation")
        .order_by("-denied_on", "pk")
        .all()[:50]
    )
    conf_ok = True
    try:
        conf = svc.exchange_settings()
        can_sign = conf.private_key is not None and bool(conf.key_id)
        trusted = sorted(conf.trusted.values(), key=lambda k: k.key_id)
    except Exception:  # a configuration error is shown, not raised
        conf_ok, can_sign, trusted = False, False, []
    return {
        "page": page,
        "state": state,
        "today": today,
        "own": own,
        "files": DenialExchangeFile.objects.select_related("issuing_state")[:10],
        "countries": Country.objects.order_by("name_en"),
        "eu_states": Country.objects.filter(is_eu_member=True).exclude(code=svc.own_state()),
        "rule": rules().denials,
        "is_officer": bool(roles & OFFICERS),
        "is_senior": bool(roles & SENIOR),
        "can_sign": can_sign,
        "conf_ok": conf_ok,
        "trusted": trusted,
        "posted": {},
        "problems": [],
        **extra,
    }


@login_required
def denial_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    if request.method != "POST":
        return render(request, "licensing/denials.html", _context(request))
    posted = {k: request.POST.get(k, "") for k in FIELDS}
    data: dict[str, Any] = dict(posted)
    try:
        data["deniedOn"] = parse_date(posted["deniedOn"], "deniedOn")
    except ValidationFailed:
        data["deniedOn"] = None
    try:
        denial = svc.foreign_denial_record(actor=request.user, data=data)
    except DomainError as exc:
        context = _context(
            request,
            posted=posted,
            problems=exc.errors or [{"field": "", "message": exc.detail}],
            field_errors={p.get("field", ""): p["message"] for p in exc.errors},
        )
        return render(request, "licensing/denials.html", context, status=422)
    messages.success(
        request,
        _("Denial %(ref)s of %(state)s is recorded, valid until %(date)s.")
        % {
            "ref": denial.reference,
            "state": denial.issuing_state.name,
            "date": denial.valid_until.strftime("%d/%m/%Y"),
        },
    )
    return redirect("licensing:denials")


@login_required
@require_POST
def denial_import(request: AuthedRequest) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationFailed(_("Choose the file to import."))
        result = svc.exchange_import(actor=request.user, content=upload.read())
    except DomainError as exc:
        messages.error(request, exc.detail)
        for p in exc.errors:
            if p.get("position"):
                messages.error(request, _("Where: %(position)s") % {"position": p["position"]})
        return redirect("licensing:denials")
    messages.success(
        request,
        _(
            "The file of %(state)s is verified and imported: %(new)d new, %(updated)d updated, "
            "%(revoked)d revoked, %(same)d unchanged."
        )
        % {
            "state": result.file.issuing_state.name,
            "new": result.created,
            "updated": result.updated,
            "revoked": result.revoked,
            "same": result.unchanged,
        },
    )
    return redirect("licensing:denials")


@login_required
@require_POST
def denial_export(request: AuthedRequest) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    try:
        record = svc.exchange_export(actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.detail)
        return redirect("licensing:denials")
    return file_response(
        record.content.encode("ascii"),
        "application/json",
        f"denials-{record.issuing_state_id}-{record.generated_at:%Y%m%d%H%M}.json",
    )


@login_required
@require_POST
def denial_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    denial = ForeignDenial.objects.filter(pk=pk).first()
    if denial is None:
        raise NotFound()
    try:
        svc.foreign_denial_revoke(
            actor=request.user,
            denial=denial,
            revoked_on=parse_date(request.POST.get("revoked_on", ""), "revokedOn"),
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("The revocation is recorded."))
    except DomainError as exc:
        messages.error(request, exc.detail)
        for p in exc.errors:
            messages.error(request, p["message"])
    return redirect("licensing:denials")


@login_required
@require_POST
def own_denial_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    denial = Denial.objects.filter(pk=pk).first()
    if denial is None:
        raise NotFound()
    try:
        svc.own_denial_revoke(
            actor=request.user, denial=denial, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("Denial %(ref)s is revoked.") % {"ref": denial.reference})
    except DomainError as exc:
        messages.error(request, exc.detail)
        for p in exc.errors:
            messages.error(request, p["message"])
    return redirect("licensing:denials")


@login_required
@require_POST
def consultation_record(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    app = selectors.application_get(request.user, pk)
    denial = ForeignDenial.objects.filter(pk=request.POST.get("denial") or 0).first()
    if denial is None:
        raise NotFound()
    try:
        try:
            consulted_on = parse_date(request.POST.get("consulted_on", ""), "consultedOn")
        except ValidationFailed:
            consulted_on = None
        svc.denial_consultation_record(
            actor=request.user,
            application=app,
            denial=denial,
            consulted_on=consulted_on,
            outcome=request.POST.get("outcome", ""),
            answer=request.POST.get("answer", ""),
        )
        messages.success(
            request,
            _("The consultation of %(state)s is recorded.") % {"state": denial.issuing_state.name},
        )
    except DomainError as exc:
        messages.error(request, exc.detail)
        for p in exc.errors:
            messages.error(request, p["message"])
    return redirect(reverse("licensing:case", args=[app.pk]) + "#h-denials")


def case_denials_context(user: Any, app: Any) -> dict[str, Any]:
    """The matching denials of a case and their consultations (the case page's panel)."""
    matching = svc.application_denials(app) if app.destination_id else []
    consulted = {
        c.denial_id: c
        for c in DenialConsultation.objects.filter(application=app).select_related("recorded_by")
    }
    return {
        "app": app,
        "rows": [{"d": d, "consultation": consulted.get(d.pk)} for d in matching],
        "unconsulted": any(d.pk not in consulted for d in matching),
        "outcomes": DenialConsultation.Outcome.choices,
        "can_record": bool(roles_of(user) & OFFICERS) and app.is_open,
        "today": timezone.localdate(),
    }
