"""Pages for the versions of a licence: the officer's proposal form (an amendment or a
renewal), the senior officer's confirmation (what will change, Confirm or Cancel), send
back and withdraw. Thin: each calls one service; the buttons come from
``workflow_amendments``."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from foro.core import reauth
from foro.core.dates import parse_date
from foro.core.errors import DomainError, NotFound, ValidationFailed
from foro.core.http import AuthedRequest
from foro.core.roles import roles_of
from foro.core.services import require
from foro.licensing import selectors
from foro.licensing.amendment_rules import rules
from foro.licensing.models import Licence
from foro.licensing.models_amendments import LicenceVersion
from foro.licensing.services import amendments
from foro.licensing.workflow import available
from foro.licensing.workflow_amendments import AMENDMENT_TRANSITIONS, NEW


def versions_context(user: Any, lic: Licence) -> dict[str, Any]:
    """What the licence page shows of its versions (and which steps the user may take)."""
    roles = roles_of(user)
    versions = amendments.versions_of(user, lic)
    rows = []
    for v in versions:
        steps = {t.action for t in available(AMENDMENT_TRANSITIONS, v.state, roles)}
        rows.append(
            {
                "v": v,
                "changes": amendments.change_rows(v.changes),
                "steps": steps,
                "is_proposer": v.proposed_by_id == user.pk,
            }
        )
    can_propose = (
        lic.status == Licence.Status.VALID
        and bool(available(AMENDMENT_TRANSITIONS, NEW, roles))
        and not any(v.state == LicenceVersion.State.PROPOSED for v in versions)
    )
    return {
        "versions": rows,
        "version_in_force": amendments.version_in_force(lic),
        "can_propose_version": can_propose,
    }


def _form_context(lic: Licence, posted: dict[str, Any] | None = None) -> dict[str, Any]:
    posted = posted or {}
    lines = []
    for ln in lic.lines.select_related("goods_line").order_by("goods_line__position"):
        lines.append(
            {
                "ln": ln,
                "quantity": posted.get(f"line-{ln.pk}-quantity", ""),
                "value": posted.get(f"line-{ln.pk}-valueEur", ""),
            }
        )
    parties = []
    for p in lic.application.parties.select_related("country").order_by("pk"):
        parties.append(
            {
                "p": p,
                "name": posted.get(f"party-{p.pk}-name", p.name),
                "address": posted.get(f"party-{p.pk}-address", p.address),
            }
        )
    return {
        "licence": lic,
        "lines": lines,
        "parties": parties,
        "posted": posted,
        "renewal_possible": amendments.renewal_possible(lic),
        "renewal_end": amendments.renewal_end(lic),
        "renewal_rule": rules().renewal,
        "validity_rule": rules().validity,
        "max_valid_until": amendments.max_valid_until(lic),
    }


@login_required
def propose(request: AuthedRequest, pk: int) -> HttpResponse:
    """The officer's form: what the new version changes, and why."""
    require(request.user, "licensing.view_internal")
    lic = selectors.licence_get(request.user, pk)
    if not available(AMENDMENT_TRANSITIONS, NEW, roles_of(request.user)):
        raise NotFound()
    if request.method != "POST":
        return render(request, "licensing/amendment_form.html", _form_context(lic))
    post = request.POST
    kind = post.get("kind", "")
    posted: dict[str, Any] = {k: post.get(k, "") for k in post if k != "csrfmiddlewaretoken"}
    problems: list[dict[str, Any]] = []
    try:
        valid_until = None
        if kind == LicenceVersion.Kind.AMENDMENT and post.get("valid_until", "").strip():
            try:
                valid_until = parse_date(post.get("valid_until", ""), "validUntil")
            except ValidationFailed as exc:
                problems += exc.errors
        lines = [
            {
                "line": ln.pk,
                "quantity": post.get(f"line-{ln.pk}-quantity", "").strip(),
                "valueEur": post.get(f"line-{ln.pk}-valueEur", "").strip(),
            }
            for ln in lic.lines.all()
            if post.get(f"line-{ln.pk}-quantity", "").strip()
            or post.get(f"line-{ln.pk}-valueEur", "").strip()
        ]
        parties = [
            {
                "party": p.pk,
                "name": post.get(f"party-{p.pk}-name", p.name),
                "address": post.get(f"party-{p.pk}-address", p.address),
            }
            for p in lic.application.parties.all()
        ]
        conditions = post.get("conditions")
        if problems:
            raise ValidationFailed(errors=problems)
        if kind == LicenceVersion.Kind.RENEWAL:
            version = amendments.amendment_propose(
                actor=request.user, licence=lic, kind=kind, reason=post.get("reason", "")
            )
        else:
            version = amendments.amendment_propose(
                actor=request.user,
                licence=lic,
                kind=kind,
                reason=post.get("reason", ""),
                valid_until=valid_until,
                conditions=conditions if conditions is not None else None,
                lines=lines,
                parties=parties,
            )
    except DomainError as exc:
        context = _form_context(lic, posted)
        context["problems"] = exc.errors or [{"field": "", "message": exc.detail}]
        context["summary"] = exc.detail
        context["field_errors"] = {p.get("field", ""): p["message"] for p in exc.errors}
        return render(request, "licensing/amendment_form.html", context, status=422)
    messages.success(
        request,
        _("The new version is proposed; another senior officer will countersign it."),
    )
    return redirect(reverse("licensing:licence", args=[lic.pk]) + f"#version-{version.pk}")


def _version(request: AuthedRequest, pk: int, version_id: int) -> tuple[Licence, LicenceVersion]:
    require(request.user, "licensing.view_internal")
    lic = selectors.licence_get(request.user, pk)
    v = LicenceVersion.objects.filter(licence=lic, pk=version_id).first()
    if v is None:
        raise NotFound()
    return lic, v


@login_required
def confirm(request: AuthedRequest, pk: int, version_id: int) -> HttpResponse:
    """The confirmation of a countersignature: what will change, Confirm or Cancel."""
    lic, v = _version(request, pk, version_id)
    steps = {t.action for t in available(AMENDMENT_TRANSITIONS, v.state, roles_of(request.user))}
    if "countersign" not in steps:
        raise NotFound()
    if v.proposed_by_id != request.user.pk and not reauth.is_recent(request):
        # a countersignature needs a recent password (issue 16)
        return reauth.redirect_to_reauth(request, request.get_full_path())
    return render(
        request,
        "licensing/amendment_confirm.html",
        {
            "licence": lic,
            "v": v,
            "changes": amendments.change_rows(v.changes),
            "next_number": amendments.version_in_force(lic) + 1,
            "is_proposer": v.proposed_by_id == request.user.pk,
            "comment": request.GET.get("comment", ""),
        },
    )


VERSION_ACTIONS = {"countersign", "send_back", "withdraw"}


@login_required
@require_POST
def act(request: AuthedRequest, pk: int, version_id: int, action: str) -> HttpResponse:
    if action not in VERSION_ACTIONS:
        raise NotFound()
    lic, v = _version(request, pk, version_id)
    post = request.POST
    try:
        if action == "countersign":
            if post.get("confirm") != "1":
                return redirect("licensing:version-confirm", pk=lic.pk, version_id=v.pk)
            if not reauth.is_recent(request):
                back = reverse("licensing:version-confirm", args=[lic.pk, v.pk])
                comment = post.get("comment", "")
                return reauth.redirect_to_reauth(
                    request, back + ("?" + urlencode({"comment": comment}) if comment else "")
                )
            done = amendments.amendment_countersign(
                actor=request.user, version=v, comment=post.get("comment", "")
            )
            messages.success(
                request,
                _("Version %(v)d of licence %(number)s is in force; the holder has been notified.")
                % {"v": done.number, "number": lic.number},
            )
        elif action == "send_back":
            amendments.amendment_send_back(
                actor=request.user, version=v, comment=post.get("comment", "")
            )
            messages.success(request, _("The proposal went back to the officer."))
        else:
            amendments.amendment_withdraw(actor=request.user, version=v)
            messages.success(request, _("The proposal was withdrawn."))
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, exc.detail)
        for problem in exc.errors:
            messages.error(request, problem["message"])
    return redirect(reverse("licensing:licence", args=[lic.pk]) + "#h-versions")
