"""Pages: the licensing report (staff), publishing the open data (management) and the
public open-data pages. Thin: parse, call a selector or service, render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from foro.core.documents import file_response
from foro.core.errors import DomainError, NotFound, ValidationFailed
from foro.core.http import AuthedRequest
from foro.core.roles import Role, roles_of
from foro.core.services import require
from foro.licensing.kinds import kind_choices, kind_table
from foro.reporting import exports, periods, selectors, services
from foro.reporting import figures as fig
from foro.reporting.models import Publication
from foro.reporting.present import language

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _choice(request: HttpRequest) -> tuple[periods.Period, str | None, list[dict]]:
    """The period and kind asked for in the query string; problems fall back to the
    default period and are shown next to the picker."""
    errors: list[dict] = []
    try:
        period = periods.resolve(
            period=request.GET.get("period", ""),
            date_from=request.GET.get("from", ""),
            date_to=request.GET.get("to", ""),
        )
    except ValidationFailed as exc:
        errors += exc.errors
        period = periods.last_closed_half_year()
    kind = request.GET.get("kind", "").strip() or None
    if kind and kind not in kind_table().kinds:
        errors.append({"field": "kind", "message": _("Unknown kind of licence.")})
        kind = None
    return period, kind, errors


def _query(period: periods.Period, kind: str | None) -> str:
    params = (
        {"period": period.code}
        if ".." not in period.code
        else {
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
        }
    )
    if kind:
        params["kind"] = kind
    return urlencode(params)


def _kind_label(kind: str | None) -> str:
    return kind_table().kinds[kind].name if kind else _("All kinds")


@login_required
def licensing(request: AuthedRequest) -> HttpResponse:
    require(request.user, "reporting.view_reports")
    period, kind, errors = _choice(request)
    report = selectors.licensing_report(request.user, period, kind)
    context = exports.report_context(report)
    context.update(
        {
            "errors": errors,
            "kind": kind or "",
            "kind_label": _kind_label(kind),
            "kinds": kind_choices(),
            "period_choices": periods.choices(),
            "custom": ".." in period.code,
            "query": _query(period, kind),
            "can_publish": request.user.has_perm("reporting.publish"),
        }
    )
    return render(request, "reporting/licensing.html", context)


def _download(content: bytes, fmt: str, stem: str) -> HttpResponse:
    return file_response(content, CONTENT_TYPES[fmt], f"{stem}.{fmt}")


@login_required
def licensing_file(request: AuthedRequest, fmt: str) -> HttpResponse:
    require(request.user, "reporting.view_reports")
    period, kind, errors = _choice(request)
    if errors:
        raise ValidationFailed(errors=errors)
    lang = language()
    if fmt == "coarm":
        f = selectors.coarm_figures(request.user, period)
        return _download(exports.coarm_csv(f), "csv", f"eu-annual-report-{period.slug}")
    report = selectors.licensing_report(request.user, period, kind)
    stem = fig.file_stem(report.current)
    if fmt == "csv":
        sep = exports.csv_delimiter(request.GET.get("sep", ""), lang)
        return _download(exports.report_csv(report, lang, delimiter=sep), "csv", stem)
    if fmt == "xlsx":
        return _download(exports.report_xlsx(report, lang), "xlsx", stem)
    if fmt == "pdf":
        return _download(
            exports.report_pdf(report, lang, kind_label=_kind_label(kind)), "pdf", stem
        )
    raise NotFound()


# ------------------------------------------------------------------ publishing


@login_required
def publications(request: AuthedRequest) -> HttpResponse:
    items = selectors.publications_for_staff(request.user)
    closed = [p for p in periods.choices() if p.is_closed()]
    return render(
        request,
        "reporting/publications.html",
        {
            "publications": items,
            "can_publish": request.user.has_perm("reporting.publish"),
            "closed_periods": closed,
            "published_codes": {
                periods.Period(p.period_start, p.period_end).code
                for p in items
                if p.state == Publication.State.PUBLISHED
            },
        },
    )


def _report_error(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, exc.detail)
    for problem in exc.errors:
        messages.error(request, problem["message"])


@login_required
@require_POST
def publish(request: AuthedRequest) -> HttpResponse:
    require(request.user, "reporting.publish")
    try:
        period = periods.resolve(
            period=request.POST.get("period", ""),
            date_from=request.POST.get("from", ""),
            date_to=request.POST.get("to", ""),
        )
        if request.POST.get("confirm") != "yes" and period.is_closed():
            # publishing cannot be undone: say what will change and ask again
            current = (
                selectors.publications_for_staff(request.user)
                .filter(
                    period_start=period.start,
                    period_end=period.end,
                    state=Publication.State.PUBLISHED,
                )
                .first()
            )
            return render(
                request,
                "reporting/publish_confirm.html",
                {"period": period, "note": request.POST.get("note", ""), "current": current},
            )
        pub = services.publication_publish(
            actor=request.user, period=period, note=request.POST.get("note", "")
        )
    except (ValidationFailed, DomainError) as exc:
        _report_error(request, exc)
        return redirect("reporting:publications")
    messages.success(
        request,
        _("The figures for %(period)s are published (version %(version)s).")
        % {"period": period.label, "version": pub.version},
    )
    return redirect("reporting:publications")


@login_required
@require_POST
def withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "reporting.publish")
    pub = selectors.publications_for_staff(request.user).filter(pk=pk).first()
    if pub is None:
        raise NotFound()
    try:
        services.publication_withdraw(
            actor=request.user, publication=pub, reason=request.POST.get("reason", "")
        )
    except DomainError as exc:
        _report_error(request, exc)
    else:
        messages.success(request, _("The figures are withdrawn from the open-data page."))
    return redirect("reporting:publications")


# ------------------------------------------------------------------ public


def open_data(request: HttpRequest) -> HttpResponse:
    items = [
        {"pub": p, "period": periods.Period(p.period_start, p.period_end)}
        for p in selectors.public_publications()
    ]
    return render(request, "reporting/open_data.html", {"items": items})


def open_data_period(request: HttpRequest, pk: int) -> HttpResponse:
    pub = selectors.public_publication(pk)
    f = selectors.publication_figures(pub)
    context = exports.report_context(f, public=True)
    context.update(
        {
            "pub": pub,
            "versions": selectors.public_versions(pub),
            "is_staff": bool(roles_of(request.user) & {Role.OFFICER, Role.SENIOR, Role.MANAGEMENT}),
        }
    )
    return render(request, "reporting/open_data_period.html", context)


def open_data_csv(request: HttpRequest, pk: int) -> HttpResponse:
    pub = selectors.public_publication(pk)
    f = selectors.publication_figures(pub)
    sep = exports.csv_delimiter(request.GET.get("sep", ""), language())
    return _download(
        exports.open_data_csv(f, language(), delimiter=sep),
        "csv",
        f"open-data-licensing-{f.period.slug}-v{pub.version}",
    )
