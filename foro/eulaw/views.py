"""Pages of EU law: the dashboard, directives with their transposition, measures and
correlation tables, infringement cases, the monthly report and the calendar feeds.
Thin: parse, call one service or selector, render."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from foro.core.dates import parse_date
from foro.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from foro.core.http import AuthedRequest
from foro.core.models import AuditEvent, StrategicObjective, User
from foro.core.roles import roles_of
from foro.core.services import require
from foro.eulaw import calendar, report, selectors, services, workflow
from foro.eulaw.models import (
    Directive,
    Domain,
    InfringementCase,
    Stage,
    TranspositionStatus,
)


def _timeline(obj: Any) -> list[AuditEvent]:
    meta = obj._meta
    return list(
        AuditEvent.objects.filter(
            target_type=f"{meta.app_label}.{meta.model_name}", target_id=str(obj.pk)
        )
        .select_related("actor")
        .order_by("seq")
    )


def chart(rows: list[dict[str, int]], height: int = 160) -> dict[str, Any]:
    """Bars for an SVG chart of cases opened per year (no script: the template draws it)."""
    top = max((r["total"] for r in rows), default=0) or 1
    width = 34
    bars = []
    for i, r in enumerate(rows):
        h_nc = round(r["non_communication"] / top * height)
        h_other = round((r["total"] - r["non_communication"]) / top * height)
        bars.append(
            {
                **r,
                "x": 40 + i * width,
                "h_nc": h_nc,
                "y_nc": 10 + height - h_nc,
                "h_other": h_other,
                "y_other": 10 + height - h_nc - h_other,
            }
        )
    return {
        "bars": bars,
        "width": 60 + len(rows) * width,
        "height": height + 50,
        "base": height + 10,
        "top": top,
    }


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    require(request.user, "eulaw.view")
    data = selectors.dashboard(request.user)
    context = {
        **data,
        "chart": chart(data["trend"]),
        "feed_url": request.build_absolute_uri(
            calendar.feed_url(request.user, "officer", request.user.username)
        ),
        "domains": Domain.choices,
        "can_write": request.user.has_perm("eulaw.change"),
        "this_month": timezone.localdate().strftime("%Y-%m"),
    }
    return render(request, "eulaw/dashboard.html", context)


@login_required
def directive_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, "eulaw.view")
    g = request.GET
    filters = selectors.DirectiveFilters(
        status=g.get("status", ""),
        domain=g.get("domain", ""),
        competence=g.get("competence", ""),
        q=g.get("q", "").strip()[:200],
        window=g.get("window", ""),
    )
    qs = (
        selectors.directives(request.user, filters)
        .select_related("officer")
        .order_by("next_due", "celex")  # type: ignore[misc]  # an annotation
    )
    page = Paginator(qs, 25).get_page(g.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "statuses": TranspositionStatus.choices,
        "domains": Domain.choices,
        "competences": Directive.Competence.choices,
        "can_write": request.user.has_perm("eulaw.change"),
    }
    return render(request, "eulaw/directive_list.html", context)


def _directive_values(request: AuthedRequest) -> dict[str, Any]:
    p = request.POST
    deadlines = [
        {"due_on": d, "label": label}
        for d, label in zip(p.getlist("deadline_on"), p.getlist("deadline_label"), strict=False)
        if d.strip()
    ]
    return {
        "celex": p.get("celex", ""),
        "title": p.get("title", ""),
        "adopted_on": p.get("adopted_on", ""),
        "domain": p.get("domain", ""),
        "competence": p.get("competence", ""),
        "officer": p.get("officer", ""),
        "deadlines": deadlines,
        "objectives": p.getlist("objectives"),
    }


@login_required
def directive_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, "eulaw.change")
    values: dict[str, Any] = {"deadlines": []}
    problems: list[dict[str, Any]] = []
    status = 200
    if request.method == "POST":
        values = _directive_values(request)
        try:
            directive = services.directive_create(actor=request.user, data=values)
        except ValidationFailed as exc:
            problems, status = exc.errors, 422
        else:
            messages.success(request, _("The directive is registered."))
            return redirect("eulaw:directive", directive.pk)
    context = {
        "values": values,
        "problems": problems,
        "errors": {str(p.get("field", "")).split("[")[0]: p["message"] for p in problems},
        "domains": Domain.choices,
        "competences": Directive.Competence.choices,
        "objectives": StrategicObjective.objects.all(),
        "officers": User.objects.filter(groups__name="policy_officer", is_active=True),
    }
    return render(request, "eulaw/directive_form.html", context, status=status)


def _directive_page(
    request: AuthedRequest,
    directive: Directive,
    *,
    forms: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    measures = list(directive.measures.prefetch_related("correlations"))
    context = {
        "d": directive,
        "today": timezone.localdate(),
        "deadlines": [
            {"d": dl, "days": (dl.due_on - timezone.localdate()).days}
            for dl in directive.deadlines.all()
        ],
        "open": directive.status not in workflow.DONE
        and directive.competence != Directive.Competence.NOT_COMPETENT,
        "measures": measures,
        "cases": list(directive.infringements.all()),
        "actions": workflow.available(
            workflow.TRANSPOSITION, directive.status, roles_of(request.user)
        ),
        "can_write": request.user.has_perm("eulaw.change"),
        "timeline": _timeline(directive),
        "forms": forms or {},
    }
    return render(request, "eulaw/directive_detail.html", context, status=status)


@login_required
def directive_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _directive_page(request, selectors.directive_get(request.user, pk))


@login_required
@require_POST
def directive_step(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    directive = selectors.directive_get(request.user, pk)
    t = workflow.find(workflow.TRANSPOSITION, action)
    if t is None:
        raise NotFound()
    if not (t.roles & roles_of(request.user)):
        raise PermissionDenied()
    on = request.POST.get("occurred_on", "")
    if t.confirm and request.POST.get("confirm") != "1":
        return render(
            request,
            "eulaw/confirm.html",
            {
                "title": str(directive),
                "label": t.label,
                "target": TranspositionStatus(t.target).label,
                "action_url": reverse("eulaw:directive-step", args=[directive.pk, action]),
                "back_url": reverse("eulaw:directive", args=[directive.pk]),
                "fields": {"occurred_on": on},
            },
        )
    try:
        services.directive_step(
            actor=request.user, directive=directive, action=action, occurred_on=on
        )
    except ValidationFailed as exc:
        return _directive_page(
            request,
            directive,
            forms={"step": {"action": action, "occurred_on": on, "problems": exc.errors}},
            status=422,
        )
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(
            request, _("Recorded: %(s)s.") % {"s": TranspositionStatus(t.target).label}
        )
    return redirect("eulaw:directive", directive.pk)


@login_required
@require_POST
def measure_create(request: AuthedRequest, pk: int) -> HttpResponse:
    directive = selectors.directive_get(request.user, pk)
    values = {
        k: request.POST.get(k, "")
        for k in ("title", "eli", "adopted_on", "notified_on", "articles_covered")
    }
    try:
        services.measure_create(actor=request.user, directive=directive, data=values)
    except ValidationFailed as exc:
        return _directive_page(
            request, directive, forms={"measure": {**values, "problems": exc.errors}}, status=422
        )
    messages.success(request, _("The measure is recorded."))
    return redirect("eulaw:directive", directive.pk)


@login_required
@require_POST
def correlation_add(request: AuthedRequest, pk: int) -> HttpResponse:
    measure = (
        selectors.measures_visible_to(request.user)
        .filter(pk=pk)
        .select_related("directive")
        .first()
    )
    if measure is None:
        raise NotFound()
    article = request.POST.get("directive_article", "")
    provision = request.POST.get("provision", "")
    try:
        services.correlation_add(
            actor=request.user, measure=measure, directive_article=article, provision=provision
        )
    except ValidationFailed as exc:
        return _directive_page(
            request,
            measure.directive,
            forms={
                "correlation": {
                    "measure": measure.pk,
                    "directive_article": article,
                    "provision": provision,
                    "problems": exc.errors,
                }
            },
            status=422,
        )
    return redirect(
        reverse("eulaw:directive", args=[measure.directive_id]) + f"#measure-{measure.pk}"
    )


@login_required
def case_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, "eulaw.view")
    g = request.GET
    year = g.get("year", "")
    filters = selectors.CaseFilters(
        stage=g.get("stage", ""),
        kind=g.get("kind", ""),
        open_only=g.get("open") == "1",
        year=int(year) if year.isdigit() else None,
        q=g.get("q", "").strip()[:200],
    )
    qs = selectors.infringements(request.user, filters).select_related("directive")
    page = Paginator(qs, 25).get_page(g.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "stages": Stage.choices,
        "kinds": InfringementCase.Kind.choices,
    }
    return render(request, "eulaw/case_list.html", context)


def _case_page(
    request: AuthedRequest,
    case: InfringementCase,
    *,
    form: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "case": case,
        "decisions": list(case.decisions.all()),
        "actions": workflow.available(workflow.STAGES, case.stage, roles_of(request.user)),
        "timeline": _timeline(case),
        "form": form or {},
    }
    return render(request, "eulaw/case_detail.html", context, status=status)


@login_required
def case_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _case_page(request, selectors.case_get(request.user, pk))


@login_required
@require_POST
def case_stage(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    t = workflow.find(workflow.STAGES, action)
    if t is None:
        raise NotFound()
    if not (t.roles & roles_of(request.user)):
        raise PermissionDenied()
    fields = {k: request.POST.get(k, "") for k in ("decided_on", "sanction_eur", "note")}
    if t.confirm and request.POST.get("confirm") != "1":
        return render(
            request,
            "eulaw/confirm.html",
            {
                "title": case.number,
                "label": t.label,
                "target": Stage(t.target).label,
                "action_url": reverse("eulaw:case-stage", args=[case.pk, action]),
                "back_url": reverse("eulaw:case", args=[case.pk]),
                "fields": fields,
            },
        )
    try:
        services.infringement_stage(actor=request.user, case=case, action=action, **fields)
    except ValidationFailed as exc:
        return _case_page(
            request, case, form={"action": action, **fields, "problems": exc.errors}, status=422
        )
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("Recorded: %(s)s.") % {"s": Stage(t.target).label})
    return redirect("eulaw:case", case.pk)


# ------------------------------------------------------------------ monthly report


def _month(request: HttpRequest, month: str) -> date:
    try:
        return parse_date(f"{month}-01", "month")
    except ValidationFailed as exc:
        raise Http404() from exc


@login_required
def monthly_report(request: AuthedRequest, month: str) -> HttpResponse:
    require(request.user, "eulaw.view")
    first = _month(request, month)
    data = report.monthly(request.user, first)
    previous = (first - timedelta(days=1)).strftime("%Y-%m")
    following = (first + timedelta(days=32)).replace(day=1)
    context = {
        "r": data,
        "month": month,
        "previous": previous,
        "next": following.strftime("%Y-%m") if following <= timezone.localdate() else None,
    }
    return render(request, "eulaw/report.html", context)


@login_required
def monthly_report_pdf(request: AuthedRequest, month: str) -> HttpResponse:
    require(request.user, "eulaw.view")
    data = report.monthly(request.user, _month(request, month))
    response = HttpResponse(report.pdf(data, request.LANGUAGE_CODE), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="foro-eu-report-{month}.pdf"'
    return response


@login_required
def monthly_report_xlsx(request: AuthedRequest, month: str) -> HttpResponse:
    require(request.user, "eulaw.view")
    data = report.monthly(request.user, _month(request, month))
    response = HttpResponse(
        report.xlsx(data),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="foro-eu-report-{month}.xlsx"'
    return response


# ------------------------------------------------------------------ calendar feeds


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """An ICS feed, opened by a calendar program without a session: the signed token in the
    address names the feed and the user it was made for (who must still may read EU law)."""
    try:
        user, kind, value = calendar.read_token(token)
    except (signing.BadSignature, User.DoesNotExist, ValueError) as exc:
        raise Http404() from exc
    if not user.is_active or not user.has_perm("eulaw.view"):
        raise Http404()
    body = calendar.feed(user, kind, value)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="foro-{kind}-{value}.ics"'
    return response


@login_required
def calendar_links(request: AuthedRequest) -> HttpResponse:
    require(request.user, "eulaw.view")
    links = [
        (
            _("My deadlines"),
            request.build_absolute_uri(
                calendar.feed_url(request.user, "officer", request.user.username)
            ),
        )
    ] + [
        (label, request.build_absolute_uri(calendar.feed_url(request.user, "domain", value)))
        for value, label in Domain.choices
    ]
    return render(request, "eulaw/calendars.html", {"links": links})
