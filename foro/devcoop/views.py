"""Pages of development cooperation. Thin: parse the form, call one service or selector,
render or redirect with a message. Buttons come from the transition table."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from foro.core.audit import sentence
from foro.core.errors import DomainError, NotFound, PermissionDenied
from foro.core.http import AuthedRequest
from foro.core.models import AuditEvent, Country, StrategicObjective
from foro.core.roles import roles_of
from foro.devcoop import fx, publisher, selectors, services, workflow
from foro.devcoop.iati import codelists
from foro.devcoop.iati import validate as iati_validate
from foro.devcoop.models import Activity, PublishedFile, Transaction

ROWS = {"participants": 4, "sectors": 4, "locations": 3, "markers": 3}
ROW_FIELDS = {
    "participants": ("role", "ref", "name", "type"),
    "sectors": ("vocabulary", "code", "percentage"),
    "locations": ("name", "latitude", "longitude"),
    "markers": ("code", "significance"),
}
COUNTRIES = ("MW", "MZ", "ZA")


def _require_view(request: AuthedRequest) -> None:
    if not selectors.may_view(request.user):
        raise PermissionDenied()


def _error(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, exc.detail)
    for problem in exc.errors:
        messages.error(request, problem["message"])


@login_required
def portfolio(request: AuthedRequest) -> HttpResponse:
    _require_view(request)
    country = request.GET.get("country", "")
    state = request.GET.get("state", "")
    source = request.GET.get("source", "")
    q = request.GET.get("q", "")[:100]
    qs = selectors.portfolio(request.user, country=country, state=state, source=source, q=q)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "devcoop/portfolio.html",
        {
            "page": page,
            "country": country,
            "state": state,
            "source": source,
            "q": q,
            "countries": Country.objects.filter(code__in=COUNTRIES),
            "states": Activity.State.choices,
            "sources": Activity.Source.choices,
            "can_edit": request.user.has_perm("devcoop.edit"),
            "pending": selectors.pending_publications(request.user).count(),
        },
    )


def _form_context(data: dict[str, Any], problems: list[dict[str, str]]) -> dict[str, Any]:
    rows: dict[str, list[dict[str, Any]]] = {}
    for key, n in ROWS.items():
        given = list(data.get(key) or [])
        given += [{} for _ in range(max(0, n - len(given)))]
        rows[key] = given[: max(n, len(given))]
    return {
        "data": data,
        "rows": rows,
        "problems": problems,
        "errors": {p["field"]: p["message"] for p in problems},
        "countries": Country.objects.filter(code__in=COUNTRIES),
        "regions": codelists.choices("Region"),
        "statuses": codelists.choices("ActivityStatus", with_code=False),
        "currencies": fx.currencies(),
        "roles": codelists.choices("OrganisationRole", with_code=False),
        "org_types": codelists.choices("OrganisationType"),
        "sectors": codelists.choices("Sector"),
        "markers": codelists.choices("PolicyMarker", with_code=False),
        "significances": codelists.choices("PolicySignificance"),
        "collaboration_types": codelists.choices("CollaborationType"),
        "flow_types": codelists.choices("FlowType"),
        "finance_types": codelists.choices("FinanceType"),
        "aid_types": codelists.choices("AidType"),
        "tied_statuses": codelists.choices("TiedStatus"),
        "objectives": StrategicObjective.objects.all(),
        "prefix": publisher.ORG_REF + "-",
    }


def _posted(request: HttpRequest) -> dict[str, Any]:
    p = request.POST
    data: dict[str, Any] = {k: p.get(k, "") for k in (*services.SCALARS, "identifier")}
    for key, fields in ROW_FIELDS.items():
        rows = []
        count = p.get(f"{key}-count", "")
        for i in range(min(int(count), 50) if count.isdigit() else ROWS[key]):
            row = {f: p.get(f"{key}-{i}-{f}", "") for f in fields}
            # an untouched row (only its hidden vocabulary) is no row
            if any(v.strip() for f, v in row.items() if f != "vocabulary"):
                rows.append(row)
        data[key] = rows
    data["objectives"] = p.getlist("objectives")
    return data


def _activity_data(activity: Activity) -> dict[str, Any]:
    data: dict[str, Any] = {k: getattr(activity, k) for k in services.SCALARS}
    data["recipient_country"] = activity.recipient_country_id or ""
    data["strategy_paper"] = activity.strategy_paper_id or ""
    for key in ("planned_start", "actual_start", "planned_end", "actual_end"):
        data[key] = data[key].isoformat() if data[key] else ""
    data["participants"] = [
        {"role": p.role, "ref": p.ref, "name": p.name, "type": p.type}
        for p in activity.participants.all()
    ]
    data["sectors"] = [
        {"vocabulary": s.vocabulary, "code": s.code, "percentage": s.percentage}
        for s in activity.sectors.all()
    ]
    data["locations"] = [
        {"name": loc.name, "latitude": loc.latitude, "longitude": loc.longitude}
        for loc in activity.locations.all()
    ]
    data["markers"] = [
        {"code": m.code, "significance": m.significance} for m in activity.markers.all()
    ]
    data["objectives"] = [str(o.pk) for o in activity.objectives.all()]
    return data


@login_required
def activity_new(request: AuthedRequest) -> HttpResponse:
    if not request.user.has_perm("devcoop.edit"):
        raise PermissionDenied()
    data: dict[str, Any] = {"default_currency": "EUR", "status": "1"}
    problems: list[dict[str, str]] = []
    if request.method == "POST":
        data = _posted(request)
        try:
            activity = services.activity_create(actor=request.user, data=data)
        except DomainError as exc:
            problems = exc.errors or [{"field": "", "message": exc.detail}]
        else:
            messages.success(request, _("Activity created as a draft."))
            return redirect("devcoop:activity", activity.pk)
    ctx = _form_context(data, problems)
    ctx["is_new"] = True
    return render(request, "devcoop/activity_form.html", ctx, status=422 if problems else 200)


@login_required
def activity_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get(request.user, pk)
    if not request.user.has_perm("devcoop.edit"):
        raise PermissionDenied()
    problems: list[dict[str, str]] = []
    data = _activity_data(activity)
    if request.method == "POST":
        data = _posted(request)
        revision = request.POST.get("revision")
        try:
            services.activity_update(
                actor=request.user,
                activity=activity,
                data=data,
                revision=int(revision) if revision and revision.isdigit() else None,
            )
        except DomainError as exc:
            problems = exc.errors or [{"field": "", "message": exc.detail}]
        else:
            messages.success(request, _("Activity saved."))
            return redirect("devcoop:activity", activity.pk)
    ctx = _form_context(data, problems)
    ctx.update(is_new=False, activity=activity)
    return render(request, "devcoop/activity_form.html", ctx, status=422 if problems else 200)


@login_required
def activity_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get(request.user, pk)
    can_edit = (
        request.user.has_perm("devcoop.edit")
        and activity.source == Activity.Source.OWN
        and activity.state == Activity.State.DRAFT
    )
    pending = activity.publication_requests.filter(decision="pending").first()
    actions = []
    if activity.source == Activity.Source.OWN:
        for t in workflow.available(activity.state, roles_of(request.user)):
            blocked = (
                t.action in ("approve", "return")
                and pending is not None
                and pending.requested_by_id == request.user.pk
            )
            actions.append({"t": t, "blocked": blocked})
    violations = services.activity_violations(activity) if activity.source == "own" else []
    events = (
        AuditEvent.objects.filter(target_type="devcoop.activity", target_id=str(activity.pk))
        .select_related("actor")
        .order_by("-seq")[:30]
    )
    return render(
        request,
        "devcoop/activity_detail.html",
        {
            "a": activity,
            "completeness": selectors.completeness(activity),
            "violations": violations,
            "errors": iati_validate.errors(violations),
            "warnings": [v for v in violations if v.severity != "error"],
            "can_edit": can_edit,
            "actions": actions,
            "pending": pending,
            "timeline": [(e, sentence(e)) for e in events],
            "transaction_types": Transaction.Type.choices,
            "currencies": fx.currencies(),
            "budget_statuses": codelists.choices("BudgetStatus", with_code=False),
            "document_categories": codelists.choices("DocumentCategory"),
            "related_types": codelists.choices("RelatedActivityType", with_code=False),
            "measures": codelists.choices("IndicatorMeasure", with_code=False),
            "result_types": codelists.choices("ResultType", with_code=False),
            "sectors": [(s, codelists.name_of("Sector", s.code)) for s in activity.sectors.all()],
            "status_name": codelists.name_of("ActivityStatus", activity.status),
            "participants": [
                (p, codelists.name_of("OrganisationRole", p.role))
                for p in activity.participants.all()
            ],
            "rates_last": fx.table().last_day,
        },
    )


ADDERS = {
    "budget": services.budget_add,
    "transaction": services.transaction_add,
    "result": services.result_add,
    "document": services.document_add,
}


@login_required
@require_POST
def activity_add(request: AuthedRequest, pk: int, what: str) -> HttpResponse:
    activity = selectors.activity_get(request.user, pk)
    data: dict[str, Any] = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    if what == "result":
        data["periods"] = [
            {
                f: request.POST.get(f"period-{i}-{f}", "")
                for f in ("period_start", "period_end", "target", "actual")
            }
            for i in range(3)
        ]
    try:
        if what == "link":
            services.activity_link(
                actor=request.user,
                activity=activity,
                ref=data.get("ref", ""),
                type=data.get("type", ""),
            )
        elif what in ADDERS:
            ADDERS[what](actor=request.user, activity=activity, data=data)
        else:
            raise NotFound()
    except DomainError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Saved."))
    return redirect(reverse("devcoop:activity", args=[pk]) + f"#h-{what}")


@login_required
def activity_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """A publication step; approving asks for confirmation first (GET shows what changes)."""
    activity = selectors.activity_get(request.user, pk)
    if action not in workflow.BY_ACTION:
        raise NotFound()
    if request.method != "POST" or (action == "approve" and not request.POST.get("confirm")):
        return render(
            request,
            "devcoop/confirm.html",
            {
                "a": activity,
                "action": action,
                "t": workflow.transition(action),
                "pending": activity.publication_requests.filter(decision="pending").first(),
                "published": selectors.latest_file(PublishedFile.Kind.ACTIVITIES),
            },
        )
    try:
        if action == "submit":
            services.publication_request(actor=request.user, activity=activity)
            messages.success(
                request, _("Publication asked: another officer or management approves it.")
            )
        elif action == "approve":
            services.publication_approve(actor=request.user, activity=activity)
            messages.success(request, _("Published: the public IATI file now holds this version."))
        elif action == "return":
            services.publication_return(
                actor=request.user, activity=activity, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Returned to the officer."))
        else:
            services.activity_reopen(actor=request.user, activity=activity)
            messages.success(request, _("The activity is a draft again."))
    except DomainError as exc:
        _error(request, exc)
    return redirect("devcoop:activity", activity.pk)


@login_required
def publication(request: AuthedRequest) -> HttpResponse:
    _require_view(request)
    if request.method == "POST":
        try:
            services.organisation_publish(actor=request.user)
        except DomainError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("The organisation file was published."))
        return redirect("devcoop:publication")
    return render(
        request,
        "devcoop/publication.html",
        {
            "pending": selectors.pending_publications(request.user),
            "activities_file": selectors.latest_file(PublishedFile.Kind.ACTIVITIES),
            "organisation_file": selectors.latest_file(PublishedFile.Kind.ORGANISATION),
            "can_publish_org": request.user.has_perm("devcoop.publish_organisation"),
        },
    )


@login_required
def strategies(request: AuthedRequest) -> HttpResponse:
    _require_view(request)
    problems: list[dict[str, str]] = []
    data: dict[str, Any] = {}
    if request.method == "POST":
        data = {k: request.POST.get(k, "") for k in request.POST if k != "csrfmiddlewaretoken"}
        data["objectives"] = request.POST.getlist("objectives")
        try:
            services.strategy_paper_create(actor=request.user, data=data)
        except DomainError as exc:
            problems = exc.errors or [{"field": "", "message": exc.detail}]
        else:
            messages.success(request, _("Country strategy paper added."))
            return redirect("devcoop:strategies")
    papers = selectors.strategy_papers_visible_to(request.user).prefetch_related("objectives")
    return render(
        request,
        "devcoop/strategies.html",
        {
            "papers": papers,
            "problems": problems,
            "data": data,
            "countries": Country.objects.filter(code__in=COUNTRIES),
            "objectives": StrategicObjective.objects.all(),
            "can_edit": request.user.has_perm("devcoop.edit"),
        },
        status=422 if problems else 200,
    )


def _bar(value: Any, top: Any) -> int:
    """A bar's width in % of the largest (for the SVG charts)."""
    return 0 if not top else max(1, round(100 * value / top)) if value else 0


@login_required
def dashboard_country(request: AuthedRequest, code: str) -> HttpResponse:
    _require_view(request)
    country = Country.objects.filter(code=code.upper()).first()
    if country is None:
        raise NotFound()
    board = selectors.country_dashboard(request.user, country.code)
    top = max(
        [m.committed for _, m in board["activities"]]
        + [m.disbursed for _, m in board["activities"]]
        or [0]
    )
    rows = [
        {"a": a, "m": m, "cw": _bar(m.committed, top), "dw": _bar(m.disbursed, top)}
        for a, m in board["activities"]
    ]
    results = [dict(r, w=min(100, r["percent"] or 0)) for r in board["results"]]
    return render(
        request,
        "devcoop/dashboard_country.html",
        {
            "country": country,
            "money": board["money"],
            "rows": rows,
            "results": results,
            "countries": Country.objects.filter(code__in=COUNTRIES),
        },
    )


@login_required
def dashboard_sector(request: AuthedRequest) -> HttpResponse:
    _require_view(request)
    sectors = selectors.sector_dashboard(request.user)
    top = max(
        [s["money"].committed for s in sectors] + [s["money"].disbursed for s in sectors] or [0]
    )
    rows = [
        dict(s, cw=_bar(s["money"].committed, top), dw=_bar(s["money"].disbursed, top))
        for s in sectors
    ]
    return render(request, "devcoop/dashboard_sector.html", {"rows": rows})
