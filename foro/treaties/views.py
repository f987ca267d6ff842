"""Pages of the treaty register: the register with filters, the dashboard, a treaty with its
timeline and the steps the reader may take, and the forms. Thin: parse, one service or
selector, render."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from foro.core.dates import parse_date
from foro.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from foro.core.http import AuthedRequest
from foro.core.models import AuditEvent, Country, StrategicObjective
from foro.core.roles import roles_of
from foro.core.services import require
from foro.treaties import selectors, services, workflow
from foro.treaties.deadlines import durations, today_brussels
from foro.treaties.models import ConsentKind, Domain, PartyStatement, Status, Treaty


@login_required
def register(request: AuthedRequest) -> HttpResponse:
    require(request.user, "treaties.view_treaty")
    g = request.GET
    filters = selectors.Filters(
        status=g.get("status", ""),
        kind=g.get("kind", ""),
        competence=g.get("competence", ""),
        domain=g.get("domain", ""),
        country=g.get("country", ""),
        q=g.get("q", "").strip()[:200],
        overdue=g.get("overdue") == "1",
    )
    qs = (
        selectors.register(request.user, filters)
        .select_related("officer")
        .prefetch_related("countries")
        .order_by(Lower(Coalesce(NullIf("short_title", Value("")), "title_nl")), "pk")
    )
    page = Paginator(qs, 25).get_page(g.get("page"))
    today = today_brussels()
    rows = [
        {"treaty": t, "deadline": d, "overdue": d is not None and d.overdue(today)}
        for t in page
        for d in [selectors.deadline_of(t)]
    ]
    context = {
        "page": page,
        "rows": rows,
        "filters": filters,
        "statuses": Status.choices,
        "kinds": Treaty.Kind.choices,
        "competences": Treaty.Competence.choices,
        "domains": Domain.choices,
        "countries": Country.objects.filter(treaties__isnull=False).distinct(),
        "can_write": request.user.has_perm("treaties.change_treaty"),
        "today": today,
        "soon": today + timedelta(days=90),
    }
    return render(request, "treaties/register.html", context)


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    require(request.user, "treaties.view_treaty")
    data = selectors.dashboard(request.user)
    counts: dict[str, int] = data["counts"]  # type: ignore[assignment]
    context = {
        **data,
        "status_rows": [(v, label, counts.get(v, 0)) for v, label in Status.choices],
        "durations": durations(),
    }
    return render(request, "treaties/dashboard.html", context)


def _timeline(treaty: Treaty) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(target_type="treaties.treaty", target_id=str(treaty.pk))
        .select_related("actor")
        .order_by("seq")
    )


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    treaty = selectors.treaty_get(request.user, pk)
    return _detail(request, treaty)


def _detail(
    request: AuthedRequest,
    treaty: Treaty,
    *,
    step_errors: dict[str, Any] | None = None,
    party_form: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    parties = list(treaty.parties.select_related("country").prefetch_related("statements"))
    context = {
        "treaty": treaty,
        "deadline": selectors.deadline_of(treaty),
        "today": today_brussels(),
        "soon": today_brussels() + timedelta(days=90),
        "steps": list(treaty.steps.select_related("recorded_by")),
        "actions": workflow.available(treaty.status, roles_of(request.user)),
        "parties": parties,
        "timeline": _timeline(treaty),
        "domain_labels": [str(Domain(d).label) for d in treaty.domains if d in Domain.values],
        "can_write": request.user.has_perm("treaties.change_treaty"),
        "step_errors": step_errors or {},
        "party_form": party_form or {},
        "consent_kinds": ConsentKind.choices,
        "statement_kinds": PartyStatement.Kind.choices,
        "countries": Country.objects.all(),
    }
    return render(request, "treaties/detail.html", context, status=status)


def _form_values(request: AuthedRequest) -> dict[str, Any]:
    p = request.POST
    return {
        **{name: p.get(name, "") for name in services.FIELDS},
        "domains": p.getlist("domains"),
        "countries": p.getlist("countries"),
        "objectives": p.getlist("objectives"),
        "officer": p.get("officer", ""),
    }


def _form(
    request: AuthedRequest,
    treaty: Treaty | None,
    values: dict[str, Any],
    problems: list[dict[str, Any]],
    status: int = 200,
) -> HttpResponse:
    context = {
        "treaty": treaty,
        "values": values,
        "problems": problems,
        "errors": {str(p.get("field")): p["message"] for p in problems},
        "kinds": Treaty.Kind.choices,
        "competences": Treaty.Competence.choices,
        "domains": Domain.choices,
        "all_countries": Country.objects.filter(is_iso=True),
        "objectives": StrategicObjective.objects.all(),
    }
    return render(request, "treaties/form.html", context, status=status)


@login_required
def create(request: AuthedRequest) -> HttpResponse:
    require(request.user, "treaties.change_treaty")
    if request.method != "POST":
        return _form(request, None, {"kind": "", "competence": ""}, [])
    values = _form_values(request)
    try:
        treaty = services.treaty_create(actor=request.user, data=values)
    except ValidationFailed as exc:
        return _form(request, None, values, exc.errors, status=422)
    messages.success(request, _("The treaty is in the register."))
    return redirect("treaties:detail", treaty.pk)


@login_required
def edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "treaties.change_treaty")
    treaty = selectors.treaty_get(request.user, pk)
    if request.method != "POST":
        values = {name: getattr(treaty, name) for name in services.FIELDS}
        if treaty.concluded_on:
            values["concluded_on"] = treaty.concluded_on.isoformat()
        values.update(
            domains=list(treaty.domains),
            countries=[c.code for c in treaty.countries.all()],
            objectives=[str(o.number) for o in treaty.objectives.all()],
            revision=treaty.revision,
        )
        return _form(request, treaty, values, [])
    values = _form_values(request)
    revision = request.POST.get("revision", "")
    values["revision"] = revision
    try:
        services.treaty_update(
            actor=request.user,
            treaty=treaty,
            data=values,
            revision=int(revision) if revision.isdigit() else None,
        )
    except ValidationFailed as exc:
        return _form(request, treaty, values, exc.errors, status=422)
    except DomainError as exc:
        return _form(request, treaty, values, [{"field": "", "message": exc.detail}], status=409)
    messages.success(request, _("The changes are saved."))
    return redirect("treaties:detail", treaty.pk)


@login_required
@require_POST
def step(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    treaty = selectors.treaty_get(request.user, pk)
    t = workflow.transition(action)
    if t is None:
        raise NotFound()
    if not (t.roles & roles_of(request.user)):
        raise PermissionDenied()
    occurred_on = request.POST.get("occurred_on", "")
    note = request.POST.get("note", "")
    if t.confirm and request.POST.get("confirm") != "1":
        try:
            day = parse_date(occurred_on, "occurred_on")
        except ValidationFailed as exc:
            errors = {
                "action": action,
                "occurred_on": occurred_on,
                "note": note,
                "problems": exc.errors,
            }
            return _detail(request, treaty, step_errors=errors, status=422)
        return render(
            request,
            "treaties/confirm.html",
            {
                "treaty": treaty,
                "t": t,
                "target_label": Status(t.target).label,
                "occurred_on": occurred_on,
                "occurred_on_display": day.strftime("%d/%m/%Y"),
                "note": note,
            },
        )
    try:
        services.treaty_step(
            actor=request.user, treaty=treaty, action=action, occurred_on=occurred_on, note=note
        )
    except ValidationFailed as exc:
        errors = {
            "action": action,
            "occurred_on": occurred_on,
            "note": note,
            "problems": exc.errors,
        }
        return _detail(request, treaty, step_errors=errors, status=422)
    except DomainError as exc:
        messages.error(request, exc.detail)
        return redirect("treaties:detail", treaty.pk)
    messages.success(request, _("Recorded: %(step)s.") % {"step": Status(t.target).label})
    return redirect("treaties:detail", treaty.pk)


@login_required
@require_POST
def party(request: AuthedRequest, pk: int) -> HttpResponse:
    treaty = selectors.treaty_get(request.user, pk)
    p = request.POST
    values = {
        k: p.get(k, "")
        for k in ("name", "country", "signed_on", "consent_kind", "consent_on", "in_force_on")
    }
    try:
        services.party_save(actor=request.user, treaty=treaty, **values)
    except ValidationFailed as exc:
        return _detail(request, treaty, party_form={**values, "problems": exc.errors}, status=422)
    messages.success(request, _("The party is recorded."))
    return redirect("treaties:detail", treaty.pk)
