"""Pages of the network: the posts with their staff, post reports and missions. Thin: every
list starts from a selector, every write calls one service; the report's buttons come from
the transition table."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from foro.core.documents import download_response
from foro.core.errors import DomainError, NotFound
from foro.core.models import Country
from foro.core.services import require
from foro.network import selectors, services, workflow
from foro.network.models import Classification, Mission, PostReport, StaffAssignment
from foro.relations.formspec import Field
from foro.relations.selectors import partners_visible_to
from foro.relations.views import (
    country_choices,
    form_page,
    me,
    objective_choices,
    staff_choices,
)


@login_required
def representation_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "network.view_representation")
    reps = list(selectors.representations())
    names = dict(Country.objects.values_list("code", "name_nl"))
    return render(
        request,
        "network/representation_list.html",
        {"representations": reps, "country_names": names},
    )


@login_required
def representation_detail(request: HttpRequest, code: str) -> HttpResponse:
    require(request.user, "network.view_representation")
    rep = selectors.representation_get(code)
    countries = Country.objects.filter(code__in=rep.jurisdiction_codes)
    host = Country.objects.filter(code=rep.host_country_code).first()
    today = timezone.localdate()
    staff = list(
        selectors.staff_visible_to(request.user)
        .filter(representation_code=rep.code)
        .exclude(ends_on__lt=today)
    )
    return render(
        request,
        "network/representation_detail.html",
        {
            "rep": rep,
            "countries": countries,
            "host": host,
            "staff": staff,
            "rotation_soon": [s for s in staff if (s.rotation_due - today).days < 365],
            "former_staff": selectors.staff_visible_to(request.user).filter(
                representation_code=rep.code, ends_on__lt=today
            ),
            "reports": selectors.reports_visible_to(request.user)
            .filter(representation_code=rep.code)
            .order_by("-created_at")[:10],
            "missions": selectors.missions_visible_to(request.user).filter(
                representation_code=rep.code
            )[:10],
            "today": today,
            "can_write_report": request.user.has_perm("network.write_report")
            and getattr(request.user, "representation_code", "") == rep.code,
            "can_manage_staff": request.user.has_perm("network.manage_staff"),
        },
    )


@login_required
def staff_create(request: HttpRequest, code: str) -> HttpResponse:
    require(request.user, "network.manage_staff")
    rep = selectors.representation_get(code)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.staff_assign(actor=me(request), data={**data, "representation_code": rep.code})
        messages.success(request, _("The staff member was posted."))
        return redirect("network:representation-detail", rep.code)

    url = reverse("network:representation-detail", args=[rep.code])
    return form_page(
        request,
        heading=_("Post a staff member"),
        fields=[
            Field("name", _("Name"), required=True),
            Field("user", _("Account"), "select", staff_choices()),
            Field(
                "function", _("Function"), "select", StaffAssignment.Function.choices, required=True
            ),
            Field("accreditation", _("Accreditation")),
            Field("starts_on", _("From"), "date", required=True),
            Field("ends_on", _("Until"), "date"),
        ],
        crumbs=[(reverse("network:representation-list"), _("Diplomatic network")), (url, rep.city)],
        cancel_url=url,
        submit_label=_("Post"),
        save=save,
    )


# ---------------------------------------------------------------- post reports


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "network.view")
    qs = selectors.reports_visible_to(request.user).prefetch_related("countries")
    state = request.GET.get("state", "")
    if state:
        qs = qs.filter(state=state)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "network/report_list.html",
        {
            "page": page,
            "state": state,
            "states": PostReport.State.choices,
            "can_write": request.user.has_perm("network.write_report")
            and bool(getattr(request.user, "representation_code", "")),
        },
    )


@login_required
def report_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "network.write_report")

    def save(data: dict[str, Any]) -> HttpResponse:
        report = services.report_create(actor=me(request), data=data)
        messages.success(request, _("The draft was saved."))
        return redirect("network:report-detail", report.pk)

    partners = [(p.pk, str(p)) for p in partners_visible_to(request.user)]
    return form_page(
        request,
        heading=_("Write a post report"),
        fields=[
            Field("kind", _("Kind"), "select", PostReport.Kind.choices, required=True),
            Field("title", _("Title"), required=True),
            Field("body", _("Report"), "textarea", required=True),
            Field(
                "classification",
                _("Classification"),
                "select",
                Classification.choices,
                required=True,
                hint=_(
                    "Restricted: only you, your post, the named readers and management may read it."
                ),
            ),
            Field("readers", _("Readers at headquarters"), "multiselect", staff_choices()),
            Field("countries", _("Countries"), "multiselect", country_choices()),
            Field("partners", _("Partners"), "multiselect", partners),
            Field("objectives", _("Strategic objectives"), "multiselect", objective_choices()),
        ],
        crumbs=[(reverse("network:report-list"), _("Post reports"))],
        cancel_url=reverse("network:report-list"),
        submit_label=_("Save the draft"),
        save=save,
        intro=_("The report is saved as a draft; you submit it to headquarters on its page."),
    )


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "network.view")
    report = selectors.report_get(request.user, pk)
    parties = workflow.parties_of(request.user, report)
    return render(
        request,
        "network/report_detail.html",
        {
            "report": report,
            "steps": workflow.allowed_transitions(request.user, report),
            "can_comment": bool(parties & {"named_reader", "post_staff"})
            and report.state in workflow.COMMENT_STATES,
            "can_attach": "post_staff" in parties and report.state == PostReport.State.DRAFT,
            "readings": report.readings.select_related("reader"),
            "comments": report.comments.select_related("author"),
            "attachments": report.attachments.select_related("document"),
            "reader_choices": staff_choices() if "post_staff" in parties else [],
            "reader_names": [u.username for u in report.readers.all()],
        },
    )


@login_required
def report_step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """A step of the report's life: a page that says what changes, then the confirmed POST."""
    report = selectors.report_get(request.user, pk)
    transition = workflow.ACTIONS.get(action)
    if transition is None:
        raise NotFound()
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            services.report_transition(actor=me(request), report=report, action=action)
            messages.success(request, _("Done: the report is now “%(s)s”.") % {"s": _state(action)})
        except DomainError as exc:
            messages.error(request, exc.detail)
        return redirect("network:report-detail", report.pk)
    allowed = transition in workflow.allowed_transitions(request.user, report)
    return render(
        request,
        "network/report_confirm.html",
        {"report": report, "transition": transition, "allowed": allowed},
        status=200 if allowed else 409,
    )


def _state(action: str) -> str:
    return str(dict(PostReport.State.choices)[workflow.ACTIONS[action].target])


@login_required
@require_POST
def report_comment(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(request.user, pk)
    try:
        services.report_comment(actor=me(request), report=report, text=request.POST.get("text", ""))
        messages.success(request, _("Your comment was added."))
    except DomainError as exc:
        messages.error(request, exc.detail)
        for e in exc.errors:
            messages.error(request, e["message"])
    return redirect("network:report-detail", report.pk)


@login_required
@require_POST
def report_readers(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(request.user, pk)
    try:
        services.report_set_readers(
            actor=me(request), report=report, readers=request.POST.getlist("readers")
        )
        messages.success(request, _("The readers were named."))
    except DomainError as exc:
        messages.error(request, exc.detail)
    return redirect("network:report-detail", report.pk)


@login_required
@require_POST
def report_attach(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(request.user, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file."))
        return redirect("network:report-detail", report.pk)
    try:
        services.report_attach(
            actor=me(request),
            report=report,
            name=upload.name or "file",
            content=upload.read(),
        )
        messages.success(request, _("The file was attached."))
    except DomainError as exc:
        messages.error(request, exc.detail)
    return redirect("network:report-detail", report.pk)


@login_required
def report_attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    report = selectors.report_get(request.user, pk)
    attachment = report.attachments.select_related("document").filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFound()
    return download_response(attachment.document)


# ---------------------------------------------------------------- missions


@login_required
def mission_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "network.view")
    page = Paginator(selectors.missions_visible_to(request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "network/mission_list.html",
        {"page": page, "can_write": request.user.has_perm("network.write_mission")},
    )


@login_required
def mission_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "network.write_mission")

    def save(data: dict[str, Any]) -> HttpResponse:
        programme = []
        for line in str(data.pop("programme", "")).splitlines():
            parts = [p.strip() for p in line.split("|")]
            if len(parts) >= 2 and any(parts):
                programme.append(
                    {
                        "day": parts[0],
                        "time": parts[1] if len(parts) > 2 else "",
                        "description": parts[-1],
                    }
                )
        mission = services.mission_create(
            actor=me(request),
            data={**data, "programme": programme},
        )
        messages.success(request, _("The mission was registered."))
        return redirect("network:mission-detail", mission.pk)

    partners = [(p.pk, str(p)) for p in partners_visible_to(request.user)]
    return form_page(
        request,
        heading=_("Register a mission or visit"),
        fields=[
            Field("kind", _("Kind"), "select", Mission.Kind.choices, required=True),
            Field("title", _("Title"), required=True),
            Field("country", _("Country"), "select", country_choices(), required=True),
            Field("representation_code", _("Representation"), hint=_("e.g. FL-IT")),
            Field("starts_on", _("From"), "date", required=True),
            Field("ends_on", _("Until"), "date", required=True),
            Field("participants", _("Participants"), "textarea"),
            Field("partners", _("Partners met"), "multiselect", partners),
            Field(
                "programme",
                _("Programme"),
                "textarea",
                hint=_("One item a line: date | time | what (e.g. 2026-03-02 | 10:00 | Meeting)"),
            ),
            Field("objectives", _("Strategic objectives"), "multiselect", objective_choices()),
        ],
        crumbs=[(reverse("network:mission-list"), _("Missions and visits"))],
        cancel_url=reverse("network:mission-list"),
        submit_label=_("Register"),
        save=save,
    )


@login_required
def mission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mission = selectors.mission_get(request.user, pk)
    return render(
        request,
        "network/mission_detail.html",
        {
            "mission": mission,
            "can_write": request.user.has_perm("network.write_mission"),
            "today": timezone.localdate(),
        },
    )


@login_required
def mission_action(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "network.write_mission")
    mission = selectors.mission_get(request.user, pk)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.mission_action_add(actor=me(request), mission=mission, data=data)
        messages.success(request, _("The follow-up action was added."))
        return redirect("network:mission-detail", mission.pk)

    url = reverse("network:mission-detail", args=[pk])
    return form_page(
        request,
        heading=_("Add a follow-up action"),
        fields=[
            Field("description", _("Action"), required=True),
            Field("owner", _("Owner"), "select", staff_choices(), required=True),
            Field("due_date", _("Due date"), "date", required=True),
        ],
        crumbs=[(reverse("network:mission-list"), _("Missions and visits")), (url, mission.title)],
        cancel_url=url,
        submit_label=_("Add"),
        save=save,
    )


@login_required
def mission_outcomes(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "network.write_mission")
    mission = selectors.mission_get(request.user, pk)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.mission_outcome(actor=me(request), mission=mission, outcomes=data["outcomes"])
        messages.success(request, _("The outcomes were recorded."))
        return redirect("network:mission-detail", mission.pk)

    url = reverse("network:mission-detail", args=[pk])
    return form_page(
        request,
        heading=_("Record the outcomes"),
        fields=[
            Field("outcomes", _("Outcomes"), "textarea", required=True, value=mission.outcomes)
        ],
        crumbs=[(reverse("network:mission-list"), _("Missions and visits")), (url, mission.title)],
        cancel_url=url,
        submit_label=_("Save"),
        save=save,
    )
