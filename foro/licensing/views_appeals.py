"""The officers' pages of appeals of a refusal: the list (ordered by deadline) and the appeal
with the buttons its transition table offers the reader."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from foro.core import reauth
from foro.core.errors import DomainError, NotFound, ValidationFailed
from foro.core.http import AuthedRequest
from foro.core.roles import roles_of
from foro.core.services import require
from foro.licensing import services
from foro.licensing.appeals_selectors import appeal_get, appeals_visible_to
from foro.licensing.appeals_workflow import OPEN_APPEAL_STATES, appeal_steps
from foro.licensing.models import Appeal
from foro.licensing.views import report_error


@login_required
def appeal_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    qs = appeals_visible_to(request.user)
    show = request.GET.get("show", "open")
    if show == "open":
        qs = qs.filter(status__in=OPEN_APPEAL_STATES)
    page = Paginator(qs.order_by("deadline", "pk"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "licensing/appeal_list.html",
        {"page": page, "show": show, "today": timezone.localdate()},
    )


@login_required
def appeal_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    appeal = appeal_get(request.user, pk)
    steps = {t.action: t for t in appeal_steps(appeal.status, roles_of(request.user))}
    return render(
        request,
        "licensing/appeal.html",
        {
            "appeal": appeal,
            "app": appeal.application,
            "steps": steps,
            "is_proposer": appeal.proposed_by_id == request.user.pk,
            "outcomes": Appeal.Outcome.choices,
            "days_left": (appeal.deadline - timezone.localdate()).days,
            "days_over": max(0, (timezone.localdate() - appeal.deadline).days),
            "posted": {},
            # the comment typed before the re-authentication page (issue 16)
            "countersign_comment": request.GET.get("comment", ""),
        },
    )


@login_required
@require_POST
def appeal_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    appeal = appeal_get(request.user, pk)
    post, user = request.POST, request.user
    try:
        if action == "start_review":
            services.appeal_start_review(actor=user, appeal=appeal)
            messages.success(request, _("The review has started."))
        elif action == "propose":
            services.appeal_propose(
                actor=user,
                appeal=appeal,
                outcome=post.get("outcome", ""),
                reasoning=post.get("reasoning", ""),
                conditions=post.get("conditions", ""),
            )
            messages.success(
                request, _("The outcome is proposed; a senior officer will countersign it.")
            )
        elif action == "countersign":
            if post.get("confirm") != "1":
                raise ValidationFailed(
                    errors=[
                        {
                            "field": "confirm",
                            "message": _(
                                "Tick the box to confirm what the countersignature changes."
                            ),
                        }
                    ]
                )
            if not reauth.is_recent(request):
                # the sign-in is too old (issue 16): password first, then back here
                back = reverse("licensing:appeal", args=[appeal.pk])
                comment = post.get("comment", "")
                return reauth.redirect_to_reauth(
                    request, back + ("?" + urlencode({"comment": comment}) if comment else "")
                )
            done = services.appeal_countersign(
                actor=user, appeal=appeal, comment=post.get("comment", "")
            )
            messages.success(
                request,
                _("Licence %(number)s was issued on appeal.") % {"number": done.licence.number}
                if done.licence
                else _("The appeal is rejected: the refusal stands."),
            )
        elif action == "send_back":
            services.appeal_send_back(actor=user, appeal=appeal, comment=post.get("comment", ""))
            messages.success(request, _("The proposal went back to the officer."))
        else:
            raise NotFound()
    except NotFound:
        raise
    except ValidationFailed as exc:
        if action in ("propose", "countersign", "send_back"):
            return _page_again(request, appeal, exc, action)
        report_error(request, exc)
    except DomainError as exc:
        report_error(request, exc)
    return redirect("licensing:appeal", pk=appeal.pk)


def _page_again(
    request: AuthedRequest, appeal: Appeal, exc: ValidationFailed, action: str
) -> HttpResponse:
    """The refused form (proposal, countersignature, send back) again with what was typed
    and the problems (nothing saved). The confirmation box is never ticked for the reader."""
    steps = {t.action: t for t in appeal_steps(appeal.status, roles_of(request.user))}
    return render(
        request,
        "licensing/appeal.html",
        {
            "appeal": appeal,
            "app": appeal.application,
            "steps": steps,
            "is_proposer": appeal.proposed_by_id == request.user.pk,
            "outcomes": Appeal.Outcome.choices,
            "days_left": (appeal.deadline - timezone.localdate()).days,
            "days_over": max(0, (timezone.localdate() - appeal.deadline).days),
            "posted": {**request.POST.dict(), "action": action},
            "problems": exc.errors or [{"field": "", "message": exc.detail}],
            "summary": exc.detail,
        },
        status=422,
    )
