"""Pages of partner relations. Thin: every list starts from a selector, every write calls one
service; a refused input comes back on the page with everything typed and each problem
next to its field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from foro.core.errors import DomainError
from foro.core.models import Country, StrategicObjective, User
from foro.core.roles import INTERNAL_ROLES
from foro.core.services import require
from foro.relations import selectors, services
from foro.relations.formspec import Field, bind, show_errors, values
from foro.relations.models import Contact, Instrument, Interaction, Membership, Partner

Crumbs = list[tuple[str, Any]]


def me(request: HttpRequest) -> User:
    """The signed-in user of a ``login_required`` view."""
    assert isinstance(request.user, User)
    return request.user


def form_page(
    request: HttpRequest,
    *,
    heading: Any,
    fields: list[Field],
    crumbs: Crumbs,
    cancel_url: str,
    submit_label: Any,
    save: Callable[[dict[str, Any]], HttpResponse],
    intro: Any = "",
    multipart: bool = False,
) -> HttpResponse:
    """Show ``fields``; on POST hand their values to ``save`` (which calls one service and
    answers a redirect). A refused input shows the form again, filled in as sent."""
    problems: list[str] = []
    if request.method == "POST":
        fields = bind(fields, request.POST)
        try:
            return save(values(fields))
        except DomainError as exc:
            problems = show_errors(fields, exc)
    return render(
        request,
        "relations/form.html",
        {
            "heading": heading,
            "fields": fields,
            "crumbs": crumbs,
            "cancel_url": cancel_url,
            "submit_label": submit_label,
            "problems": problems,
            "has_errors": any(f.errors for f in fields),
            "intro": intro,
            "multipart": multipart,
        },
        status=422 if problems or any(f.errors for f in fields) else 200,
    )


def objective_choices() -> list[tuple[Any, Any]]:
    return [(o.number, str(o)) for o in StrategicObjective.objects.all()]


def country_choices() -> list[tuple[Any, Any]]:
    return [(c.code, c.name) for c in Country.objects.filter(is_iso=True)]


def staff_choices() -> list[tuple[Any, Any]]:
    users = User.objects.filter(
        is_active=True, groups__name__in=[r.value for r in INTERNAL_ROLES]
    ).distinct()
    return [(u.username, u.display_name()) for u in users.order_by("last_name")]


def _can_write(request: HttpRequest) -> bool:
    return bool(request.user.has_perm("relations.write"))


def _home_crumb() -> Crumbs:
    return [(reverse("relations:partner-list"), gettext_lazy("Partners"))]


# ---------------------------------------------------------------- partners


@login_required
def partner_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "relations.view")
    qs = selectors.partners_visible_to(request.user)
    q, kind = request.GET.get("q", "").strip(), request.GET.get("kind", "")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(acronym__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    page = Paginator(qs.order_by("name", "pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "relations/partner_list.html",
        {
            "page": page,
            "q": q,
            "kind": kind,
            "kinds": Partner.Kind.choices,
            "can_write": _can_write(request),
        },
    )


def _partner_fields() -> list[Field]:
    return [
        Field("name", _("Name"), required=True),
        Field("acronym", _("Acronym")),
        Field("kind", _("Kind"), "select", Partner.Kind.choices, required=True),
        Field("country", _("Country"), "select", country_choices()),
        Field("website", _("Website"), hint=_("https://…")),
        Field("notes", _("Notes"), "textarea"),
    ]


@login_required
def partner_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "relations.write")

    def save(data: dict[str, Any]) -> HttpResponse:
        partner = services.partner_create(actor=me(request), data=data)
        messages.success(request, _("The partner was registered."))
        return redirect("relations:partner-detail", partner.pk)

    return form_page(
        request,
        heading=_("Register a partner"),
        fields=_partner_fields(),
        crumbs=_home_crumb(),
        cancel_url=reverse("relations:partner-list"),
        submit_label=_("Register"),
        save=save,
    )


@login_required
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "relations.view")
    partner = selectors.get(selectors.partners_visible_to(request.user), pk)
    user = request.user
    return render(
        request,
        "relations/partner_detail.html",
        {
            "partner": partner,
            "contacts": selectors.contacts_visible_to(user).filter(partner=partner),
            "interactions": selectors.interactions_visible_to(user).filter(partners=partner)[:20],
            "instruments": selectors.instruments_visible_to(user).filter(partners=partner),
            "memberships": selectors.memberships_visible_to(user).filter(partner=partner),
            "contributions": selectors.contributions_visible_to(user).filter(partner=partner),
            "can_write": _can_write(request),
        },
    )


def _contact_fields() -> list[Field]:
    return [
        Field("first_name", _("First name")),
        Field("last_name", _("Last name"), required=True),
        Field("function", _("Function")),
        Field("email", _("E-mail")),
        Field("phone", _("Phone")),
        Field(
            "consent_basis",
            _("Lawful basis for keeping these data"),
            "select",
            Contact.Basis.choices,
            required=True,
        ),
        Field("consent_date", _("Recorded on"), "date", required=True),
        Field(
            "source",
            _("Source of the data"),
            required=True,
            hint=_("Where the data came from: a business card, a meeting, a public website…"),
        ),
    ]


@login_required
def contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "relations.write")
    partner = selectors.get(selectors.partners_visible_to(request.user), pk)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.contact_create(actor=me(request), partner=partner, data=data)
        messages.success(request, _("The contact was added."))
        return redirect("relations:partner-detail", partner.pk)

    return form_page(
        request,
        heading=_("Add a contact"),
        fields=_contact_fields(),
        crumbs=[*_home_crumb(), (reverse("relations:partner-detail", args=[pk]), str(partner))],
        cancel_url=reverse("relations:partner-detail", args=[pk]),
        submit_label=_("Add the contact"),
        save=save,
        intro=_("Personal data: record the lawful basis and the source (GDPR)."),
    )


@login_required
def membership_create(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "relations.write")
    partner = selectors.get(selectors.partners_visible_to(request.user), pk)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.membership_create(actor=me(request), partner=partner, data=data)
        messages.success(request, _("The membership was recorded."))
        return redirect("relations:partner-detail", partner.pk)

    return form_page(
        request,
        heading=_("Record a membership or seat"),
        fields=[
            Field("kind", _("Kind"), "select", Membership.Kind.choices, required=True),
            Field("body", _("Body"), hint=_("e.g. Executive Board")),
            Field("starts_on", _("From"), "date", required=True),
            Field("ends_on", _("Until"), "date"),
        ],
        crumbs=[*_home_crumb(), (reverse("relations:partner-detail", args=[pk]), str(partner))],
        cancel_url=reverse("relations:partner-detail", args=[pk]),
        submit_label=_("Record"),
        save=save,
    )


@login_required
def contribution_create(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "relations.write")
    partner = selectors.get(selectors.partners_visible_to(request.user), pk)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.contribution_create(actor=me(request), partner=partner, data=data)
        messages.success(request, _("The contribution was recorded."))
        return redirect("relations:partner-detail", partner.pk)

    return form_page(
        request,
        heading=_("Record a Flemish contribution"),
        fields=[
            Field("year", _("Year"), "number", required=True),
            Field("fund", _("Fund"), hint=_("Empty for a core contribution; else the trust fund")),
            Field("amount_eur", _("Amount (EUR)"), "number", required=True),
            Field("objectives", _("Strategic objectives"), "multiselect", objective_choices()),
        ],
        crumbs=[*_home_crumb(), (reverse("relations:partner-detail", args=[pk]), str(partner))],
        cancel_url=reverse("relations:partner-detail", args=[pk]),
        submit_label=_("Record"),
        save=save,
    )


@login_required
def multilateral(request: HttpRequest) -> HttpResponse:
    require(request.user, "relations.view")
    contributions = selectors.contributions_visible_to(request.user)
    years = sorted({c.year for c in contributions}, reverse=True)
    return render(
        request,
        "relations/multilateral.html",
        {
            "memberships": selectors.memberships_visible_to(request.user),
            "contributions": contributions,
            "years": years,
        },
    )


# ---------------------------------------------------------------- interactions


@login_required
def interaction_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "relations.view")
    qs = selectors.interactions_visible_to(request.user)
    kind = request.GET.get("kind", "")
    if kind:
        qs = qs.filter(kind=kind)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "relations/interaction_list.html",
        {
            "page": page,
            "kind": kind,
            "kinds": Interaction.Kind.choices,
            "can_write": _can_write(request),
        },
    )


def _interaction_fields(user: Any) -> list[Field]:
    partners = [(p.pk, str(p)) for p in selectors.partners_visible_to(user)]
    contacts = [(c.pk, f"{c} · {c.partner or ''}") for c in selectors.contacts_visible_to(user)]
    return [
        Field("kind", _("Kind"), "select", Interaction.Kind.choices, required=True),
        Field("date", _("Date"), "date", required=True),
        Field("subject", _("Subject"), required=True),
        Field("partners", _("Partners"), "multiselect", partners),
        Field("contacts", _("Contact people"), "multiselect", contacts),
        Field("staff", _("Our participants"), "multiselect", staff_choices()),
        Field("country", _("Country"), "select", country_choices()),
        Field("representation_code", _("Representation"), hint=_("e.g. FL-IT; empty for HQ")),
        Field("topics", _("Topics")),
        Field("objectives", _("Strategic objectives"), "multiselect", objective_choices()),
        Field("notes", _("Notes"), "textarea"),
    ]


@login_required
def interaction_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "relations.write")

    def save(data: dict[str, Any]) -> HttpResponse:
        interaction = services.interaction_create(actor=me(request), data=data)
        messages.success(request, _("The interaction was recorded."))
        return redirect("relations:interaction-detail", interaction.pk)

    fields = _interaction_fields(request.user)
    if request.method == "GET" and request.GET.get("partner"):
        fields[3].value = [request.GET["partner"]]
    return form_page(
        request,
        heading=_("Record an interaction"),
        fields=fields,
        crumbs=[(reverse("relations:interaction-list"), _("Interactions"))],
        cancel_url=reverse("relations:interaction-list"),
        submit_label=_("Record"),
        save=save,
    )


@login_required
def interaction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "relations.view")
    interaction = selectors.get(selectors.interactions_visible_to(request.user), pk)
    return render(
        request,
        "relations/interaction_detail.html",
        {
            "interaction": interaction,
            "actions": selectors.actions_visible_to(request.user).filter(interaction=interaction),
            "can_write": _can_write(request),
            "today": timezone.localdate(),
        },
    )


def _action_fields() -> list[Field]:
    return [
        Field("description", _("Action"), required=True),
        Field("owner", _("Owner"), "select", staff_choices(), required=True),
        Field("due_date", _("Due date"), "date", required=True),
    ]


@login_required
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "relations.write")
    interaction = selectors.get(selectors.interactions_visible_to(request.user), pk)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.action_create(actor=me(request), data=data, interaction=interaction)
        messages.success(request, _("The follow-up action was added."))
        return redirect("relations:interaction-detail", interaction.pk)

    return form_page(
        request,
        heading=_("Add a follow-up action"),
        fields=_action_fields(),
        crumbs=[
            (reverse("relations:interaction-list"), _("Interactions")),
            (reverse("relations:interaction-detail", args=[pk]), str(interaction)),
        ],
        cancel_url=reverse("relations:interaction-detail", args=[pk]),
        submit_label=_("Add"),
        save=save,
    )


@login_required
def action_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "relations.view")
    mine = request.GET.get("all") != "1"
    qs = selectors.actions_visible_to(request.user).filter(status="open")
    if mine:
        qs = qs.filter(owner_id=request.user.pk)
    return render(
        request,
        "relations/action_list.html",
        {
            "actions": qs,
            "mine": mine,
            "today": timezone.localdate(),
            "can_write": _can_write(request),
        },
    )


@login_required
@require_POST
def action_complete(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.get(selectors.actions_visible_to(request.user), pk)
    try:
        services.action_complete(actor=me(request), action=action)
        messages.success(request, _("The action is done."))
    except DomainError as exc:
        messages.error(request, exc.detail)
    back = request.POST.get("next", "")
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect("relations:action-list")


# ---------------------------------------------------------------- instruments


@login_required
def instrument_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "relations.view")
    return render(
        request,
        "relations/instrument_list.html",
        {
            "instruments": selectors.instruments_visible_to(request.user),
            "can_write": _can_write(request),
        },
    )


@login_required
def instrument_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "relations.write")

    def save(data: dict[str, Any]) -> HttpResponse:
        instrument = services.instrument_create(actor=me(request), data=data)
        messages.success(request, _("The instrument was registered."))
        return redirect("relations:instrument-detail", instrument.pk)

    partners = [(p.pk, str(p)) for p in selectors.partners_visible_to(request.user)]
    return form_page(
        request,
        heading=_("Register a cooperation instrument"),
        fields=[
            Field("kind", _("Kind"), "select", Instrument.Kind.choices, required=True),
            Field("title", _("Title"), required=True),
            Field("partners", _("Partners"), "multiselect", partners, required=True),
            Field("starts_on", _("From"), "date", required=True),
            Field("ends_on", _("Until"), "date"),
            Field("obligations", _("Obligations"), "textarea"),
            Field(
                "treaty_reference",
                _("Treaty register reference"),
                hint=_("When the instrument became a treaty: its reference or address"),
            ),
            Field("objectives", _("Strategic objectives"), "multiselect", objective_choices()),
        ],
        crumbs=[(reverse("relations:instrument-list"), _("Cooperation instruments"))],
        cancel_url=reverse("relations:instrument-list"),
        submit_label=_("Register"),
        save=save,
    )


@login_required
def instrument_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "relations.view")
    instrument = selectors.get(selectors.instruments_visible_to(request.user), pk)
    return render(
        request,
        "relations/instrument_detail.html",
        {"instrument": instrument, "can_write": _can_write(request)},
    )


@login_required
def instrument_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "relations.write")
    instrument = selectors.get(selectors.instruments_visible_to(request.user), pk)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.instrument_meeting_add(actor=me(request), instrument=instrument, data=data)
        messages.success(request, _("The meeting was recorded."))
        return redirect("relations:instrument-detail", instrument.pk)

    return form_page(
        request,
        heading=_("Record a follow-up meeting"),
        fields=[
            Field("date", _("Date"), "date", required=True),
            Field("notes", _("Notes"), "textarea"),
        ],
        crumbs=[
            (reverse("relations:instrument-list"), _("Cooperation instruments")),
            (reverse("relations:instrument-detail", args=[pk]), str(instrument)),
        ],
        cancel_url=reverse("relations:instrument-detail", args=[pk]),
        submit_label=_("Record"),
        save=save,
    )


# ---------------------------------------------------------------- import


IMPORT_SESSION_KEY = "relations_import"


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    """Step 1: upload a file and see the preview. Step 2 (``confirm``): import it whole."""
    import base64

    from foro.relations import importing

    require(request.user, "relations.write")
    context: dict[str, Any] = {
        "kinds": [("contacts", _("Contacts")), ("interactions", _("Interactions"))],
        "columns": importing.COLUMNS,
    }
    kind = request.POST.get("kind", "")
    context["kind"] = kind
    if request.method == "POST" and request.POST.get("confirm") == "1":
        stored = request.session.get(IMPORT_SESSION_KEY)
        if not stored or stored.get("kind") != kind:
            messages.error(request, _("Upload the file again: the preview has expired."))
            return redirect("relations:import")
        try:
            result = importing.import_file(
                actor=me(request),
                kind=kind,
                name=stored["name"],
                content=base64.b64decode(stored["content"]),
            )
        except DomainError as exc:
            messages.error(request, exc.detail)
            return redirect("relations:import")
        del request.session[IMPORT_SESSION_KEY]
        messages.success(
            request,
            _("%(n)d rows imported, %(d)d likely duplicates skipped.")
            % {"n": len(result.new), "d": result.duplicates},
        )
        return redirect(
            "relations:interaction-list" if kind == "interactions" else "relations:partner-list"
        )
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None or kind not in importing.COLUMNS:
            context["problems"] = [_("Choose what the file holds and a file.")]
            return render(request, "relations/import.html", context, status=422)
        content = upload.read()
        try:
            context["preview"] = preview = importing.preview(kind, upload.name or "", content)
        except DomainError as exc:
            context["problems"] = [exc.detail] + [str(e["message"]) for e in exc.errors]
            return render(request, "relations/import.html", context, status=422)
        context["file_name"] = upload.name
        if preview.importable:
            request.session[IMPORT_SESSION_KEY] = {
                "kind": kind,
                "name": upload.name,
                "content": base64.b64encode(content).decode(),
            }
    return render(request, "relations/import.html", context)


# ---------------------------------------------------------------- objectives


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 1990 <= year <= 2100 else timezone.localdate().year


@login_required
def objective_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "relations.view")
    return render(
        request,
        "relations/objective_list.html",
        {"objectives": StrategicObjective.objects.all(), "year": _year(request)},
    )


def _objective(number: int) -> StrategicObjective:
    from foro.core.errors import NotFound

    objective = StrategicObjective.objects.filter(number=number).first()
    if objective is None:
        raise NotFound()
    return objective


@login_required
def objective_detail(request: HttpRequest, number: int) -> HttpResponse:
    from foro.relations.objectives import objective_year_context

    require(request.user, "relations.view")
    context = objective_year_context(request, _objective(number), _year(request))
    return render(request, "relations/objective_detail.html", context)


@login_required
def objective_report(request: HttpRequest, number: int, fmt: str) -> HttpResponse:
    """The annual activity report of one objective: PDF or XLSX."""
    from django.utils.translation import get_language

    from foro.core.errors import NotFound
    from foro.relations import objectives

    require(request.user, "relations.view")
    year = _year(request)
    context = objectives.objective_year_context(request, _objective(number), year)
    name = f"objective-{number}-{year}"
    if fmt == "xlsx":
        response = HttpResponse(
            objectives.report_xlsx(context),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "pdf":
        response = HttpResponse(
            objectives.report_pdf(context, get_language() or "nl"), content_type="application/pdf"
        )
    else:
        raise NotFound()
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
