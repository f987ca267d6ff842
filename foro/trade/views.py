"""Pages of the trade module. Thin: parse, call a service or selector, render. A company
reports and follows its own barriers here (linked from the portal); the public reads the
approved summaries without signing in."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from foro.core import selectors as core_selectors
from foro.core.errors import DomainError, NotFound, ValidationFailed
from foro.core.http import AuthedRequest
from foro.core.roles import Role, roles_of
from foro.core.services import require
from foro.trade import hs, selectors, services, workflow
from foro.trade.models import (
    Agreement,
    AgreementStatus,
    BarrierStatus,
    EscalatedTo,
    Priority,
    SummaryStatus,
)
from foro.trade.panels import country_figures

REPORT_FIELDS = (
    "title",
    "country",
    "sector",
    "hs_codes",
    "description",
    "value_at_stake_eur",
    "priority",
)


def _errors(exc: ValidationFailed) -> dict[str, list[str]]:
    by_field: dict[str, list[str]] = {}
    for e in exc.errors:
        by_field.setdefault(str(e.get("field", "")).split("[")[0], []).append(
            str(e.get("message", ""))
        )
    return by_field


@login_required
def barrier_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, "trade.list_barriers")
    qs = selectors.barriers_visible_to(request.user)
    status = request.GET.get("status", "")
    country = request.GET.get("country", "").strip().upper()
    q = request.GET.get("q", "").strip()[:200]
    if status in BarrierStatus.values:
        qs = qs.filter(status=status)
    elif status == "open":
        qs = qs.filter(status__in=("reported", "assessed", "escalated"))
    if country:
        qs = qs.filter(country__code=country)
    if q:
        qs = qs.filter(Q(reference__icontains=q) | Q(title__icontains=q) | Q(sector__icontains=q))
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "trade/barrier_list.html",
        {
            "page": page,
            "statuses": BarrierStatus.choices,
            "filters": {"status": status, "country": country, "q": q},
            "may_report": request.user.has_perm("trade.report_barrier"),
            "is_company": Role.APPLICANT in roles_of(request.user),
        },
    )


@login_required
def barrier_report(request: AuthedRequest) -> HttpResponse:
    require(request.user, "trade.report_barrier")
    values: dict[str, str] = dict.fromkeys(REPORT_FIELDS, "")
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in REPORT_FIELDS}
        try:
            barrier = services.barrier_report(actor=request.user, data=dict(values))
        except ValidationFailed as exc:
            errors = _errors(exc)
        else:
            messages.success(
                request,
                _("Barrier %(ref)s reported. The department will assess it.")
                % {"ref": barrier.reference},
            )
            return redirect("trade:barrier-detail", barrier.pk)
    return render(
        request,
        "trade/barrier_report.html",
        {
            "values": values,
            "errors": errors,
            "countries": core_selectors.countries(),
            "priorities": Priority.choices,
        },
        status=422 if errors else 200,
    )


@login_required
def barrier_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    barrier = selectors.barrier_get(request.user, pk)
    user = request.user
    codes = [(c, hs.lookup(c)) for c in barrier.hs_codes]
    return render(
        request,
        "trade/barrier_detail.html",
        {
            "barrier": barrier,
            "codes": codes,
            "steps": workflow.available(user, barrier),
            "escalation_targets": EscalatedTo.choices,
            "priorities": Priority.choices,
            "internal": bool(roles_of(user) & selectors.BARRIER_READERS),
            "may_propose": user.has_perm("trade.propose_summary", barrier)
            and barrier.status != BarrierStatus.REPORTED,
            "may_approve": user.has_perm("trade.approve_summary", barrier)
            and barrier.summary_status == SummaryStatus.PROPOSED
            and barrier.summary_proposed_by_id != user.pk,
            "may_withdraw": user.has_perm("trade.approve_summary", barrier)
            and barrier.summary_status != SummaryStatus.NONE,
        },
    )


@login_required
@require_POST
def barrier_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    barrier = selectors.barrier_get(request.user, pk)
    step = workflow.transition(action)
    if step is None:
        raise NotFound()
    inputs = {
        "note": request.POST.get("note", ""),
        "priority": request.POST.get("priority", ""),
        "escalated_to": request.POST.get("escalated_to", ""),
    }
    if request.POST.get("confirm") != "1":
        return render(
            request,
            "trade/barrier_confirm.html",
            {
                "barrier": barrier,
                "step": step,
                "inputs": inputs,
                "target_label": BarrierStatus(step.target).label,
                "escalated_label": dict(EscalatedTo.choices).get(inputs["escalated_to"], ""),
                "priority_label": dict(Priority.choices).get(inputs["priority"], ""),
            },
        )
    try:
        services.barrier_act(
            actor=request.user,
            barrier=barrier,
            action=action,
            expected_status=request.POST.get("expected_status") or None,
            **inputs,
        )
    except ValidationFailed as exc:
        for message in sum(_errors(exc).values(), []):
            messages.error(request, message)
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(
            request,
            _("Done: the barrier is now %(status)s.")
            % {"status": BarrierStatus(step.target).label.lower()},
        )
    return redirect("trade:barrier-detail", barrier.pk)


@login_required
@require_POST
def barrier_summary(request: AuthedRequest, pk: int, what: str) -> HttpResponse:
    barrier = selectors.barrier_get(request.user, pk)
    try:
        if what == "propose":
            services.barrier_summary_propose(
                actor=request.user,
                barrier=barrier,
                title=request.POST.get("public_title", ""),
                summary=request.POST.get("public_summary", ""),
            )
            messages.success(
                request, _("Summary proposed. Someone else approves it before it is published.")
            )
        elif what == "approve":
            if request.POST.get("confirm") != "1":
                return render(request, "trade/summary_confirm.html", {"barrier": barrier})
            services.barrier_summary_approve(actor=request.user, barrier=barrier)
            messages.success(request, _("The summary is published on the public page."))
        elif what == "withdraw":
            services.barrier_summary_withdraw(actor=request.user, barrier=barrier)
            messages.success(request, _("The summary is no longer public."))
        else:
            raise NotFound()
    except ValidationFailed as exc:
        for message in sum(_errors(exc).values(), []):
            messages.error(request, message)
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.detail)
    return redirect("trade:barrier-detail", barrier.pk)


@login_required
def agreement_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, "trade.view_agreement")
    qs = selectors.agreements_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in AgreementStatus.values:
        qs = qs.filter(status=status)
    return render(
        request,
        "trade/agreement_list.html",
        {"agreements": qs, "statuses": AgreementStatus.choices, "status": status},
    )


@login_required
def agreement_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    agreement: Agreement = selectors.agreement_get(request.user, pk)
    return render(request, "trade/agreement_detail.html", {"agreement": agreement})


@login_required
def figures(request: AuthedRequest) -> HttpResponse:
    require(request.user, "trade.view_figures")
    code = request.GET.get("country", "").strip().upper()
    partners = core_selectors.countries().filter(
        code__in=selectors.figures_visible_to(request.user).values("partner__code")
    )
    country = partners.filter(code=code).first() if code else partners.first()
    data: dict[str, Any] = country_figures(request.user, country) if country else {"rows": []}
    return render(
        request,
        "trade/figures.html",
        {
            "partners": partners,
            "country": country,
            "figures": data,
            "source": selectors.current_import(),
        },
    )


def public_barriers(request: HttpRequest) -> HttpResponse:
    """Published summaries, as the UK's Market Access service publishes barriers."""
    qs = selectors.barriers_published()
    country = request.GET.get("country", "").strip().upper()
    if country:
        qs = qs.filter(country__code=country)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "trade/public_list.html", {"page": page, "country": country})


def public_barrier(request: HttpRequest, reference: str) -> HttpResponse:
    barrier = selectors.barriers_published().filter(reference=reference).first()
    if barrier is None:
        raise NotFound()
    codes = [(c, hs.lookup(c)) for c in barrier.hs_codes]
    return render(request, "trade/public_detail.html", {"barrier": barrier, "codes": codes})
