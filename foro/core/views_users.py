"""Pages for administrators: accounts, their roles, deactivation and invitations.
Every consequential change shows a confirmation page first, saying what will change."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from foro.core import services_users as svc
from foro.core.errors import ValidationFailed
from foro.core.http import AuthedRequest
from foro.core.models import AuditEvent, Organisation, TotpDevice, User
from foro.core.roles import ROLE_LABELS, Role, roles_of
from foro.core.services import require

VALUES = frozenset(r.value for r in Role)


def _role_choices() -> list[tuple[str, str]]:
    return [(r.value, str(ROLE_LABELS[r])) for r in Role]


def _labels(roles) -> list[str]:
    return [str(ROLE_LABELS[r]) for r in Role if r in roles]


@login_required
def user_list(request: AuthedRequest) -> HttpResponse:
    filters = svc.UserFilters(
        role=request.GET.get("role", ""),
        active=request.GET.get("active", ""),
        q=request.GET.get("q", "").strip(),
    )
    qs = svc.users_for_admin(request.user, filters)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    # The roles from the prefetched groups: one query for the whole page.
    rows = [
        {"user": u, "roles": _labels({Role(g.name) for g in u.groups.all() if g.name in VALUES})}
        for u in page
    ]
    return render(
        request,
        "core/users/list.html",
        {"page": page, "rows": rows, "filters": filters, "role_choices": _role_choices()},
    )


def _detail_context(request: AuthedRequest, user: User, **extra) -> dict:
    events = (
        AuditEvent.objects.filter(target_type="core.user", target_id=str(user.pk))
        .select_related("actor")
        .order_by("-seq")[:20]
    )
    from foro.core import audit

    context = {
        "account": user,
        "roles": _labels(roles_of(user)),
        "role_values": {r.value for r in roles_of(user)},
        "role_choices": _role_choices(),
        "is_self": user.pk == request.user.pk,
        "has_totp": TotpDevice.objects.filter(user=user).exists(),
        "events": [{"at": e.occurred_at, "text": audit.sentence(e)} for e in events],
    }
    context.update(extra)
    return context


@login_required
def user_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = svc.user_for_admin(request.user, pk)
    return render(request, "core/users/detail.html", _detail_context(request, user))


def _problems(request: HttpRequest, exc: ValidationFailed) -> list[str]:
    return [p["message"] for p in exc.errors] or [exc.detail]


@login_required
@require_POST
def user_roles(request: AuthedRequest, pk: int) -> HttpResponse:
    user = svc.user_for_admin(request.user, pk)
    posted = request.POST.getlist("roles")
    try:
        roles = svc.parse_roles(posted)
        before = roles_of(user)
        if request.POST.get("confirm") != "1":
            svc.roles_change_check(actor=request.user, user=user, roles=roles)
            if set(roles) == set(before):
                messages.info(request, _("Nothing changed."))
                return redirect("core:user-detail", pk=user.pk)
            return render(
                request,
                "core/users/confirm.html",
                {
                    "account": user,
                    "action": "roles",
                    "before": _labels(before),
                    "after": _labels(roles),
                    "added": _labels(set(roles) - before),
                    "removed": _labels(before - set(roles)),
                    "roles": [r.value for r in roles],
                },
            )
        svc.user_roles_set(actor=request.user, user=user, roles=roles)
    except ValidationFailed as exc:
        context = _detail_context(
            request, user, role_values=set(posted), problems=_problems(request, exc)
        )
        return render(request, "core/users/detail.html", context, status=422)
    messages.success(request, _("The roles were changed."))
    return redirect("core:user-detail", pk=user.pk)


def _activity(request: AuthedRequest, pk: int, *, active: bool) -> HttpResponse:
    user = svc.user_for_admin(request.user, pk)
    action = "reactivate" if active else "deactivate"
    try:
        svc.activity_check(actor=request.user, user=user, active=active)
        if request.POST.get("confirm") != "1":
            tokens = user.api_tokens.filter(revoked_at__isnull=True).count()
            return render(
                request,
                "core/users/confirm.html",
                {"account": user, "action": action, "tokens": tokens},
            )
        if active:
            svc.user_reactivate(actor=request.user, user=user)
        else:
            svc.user_deactivate(actor=request.user, user=user)
    except ValidationFailed as exc:
        context = _detail_context(request, user, problems=_problems(request, exc))
        return render(request, "core/users/detail.html", context, status=422)
    messages.success(
        request,
        _("The account was reactivated.") if active else _("The account was deactivated."),
    )
    return redirect("core:user-detail", pk=user.pk)


@login_required
@require_POST
def user_deactivate(request: AuthedRequest, pk: int) -> HttpResponse:
    return _activity(request, pk, active=False)


@login_required
@require_POST
def user_reactivate(request: AuthedRequest, pk: int) -> HttpResponse:
    return _activity(request, pk, active=True)


INVITE_FIELDS = ("username", "email", "first_name", "last_name", "organisation")


@login_required
def user_invite(request: AuthedRequest) -> HttpResponse:
    require(request.user, "core.manage_users")
    posted: dict[str, object] = dict.fromkeys(INVITE_FIELDS, "")
    posted["roles"] = []
    problems: list[str] = []
    if request.method == "POST":
        posted = {name: request.POST.get(name, "").strip() for name in INVITE_FIELDS}
        posted["roles"] = request.POST.getlist("roles")
        org_id = str(posted["organisation"])
        organisation = Organisation.objects.filter(pk=org_id).first() if org_id.isdigit() else None
        try:
            if org_id and organisation is None:
                raise ValidationFailed(
                    errors=[{"field": "organisation", "message": _("Unknown organisation.")}]
                )
            roles = svc.parse_roles(request.POST.getlist("roles"))
            url = (
                request.build_absolute_uri(reverse("core:user-activate", args=["UID", "TOKEN"]))
                .replace("UID", "{uid}")
                .replace("TOKEN", "{token}")
            )
            user = svc.user_invite(
                actor=request.user,
                username=str(posted["username"]),
                email=str(posted["email"]),
                first_name=str(posted["first_name"]),
                last_name=str(posted["last_name"]),
                organisation=organisation,
                roles=roles,
                activate_url=url,
            )
        except ValidationFailed as exc:
            problems = _problems(request, exc)
        else:
            messages.success(
                request,
                _("The invitation was sent to %(email)s.") % {"email": user.email},
            )
            return redirect("core:user-detail", pk=user.pk)
    return render(
        request,
        "core/users/invite.html",
        {
            "posted": posted,
            "problems": problems,
            "role_choices": _role_choices(),
            "organisations": Organisation.objects.filter(is_active=True).only("pk", "name"),
        },
        status=422 if problems else 200,
    )


def user_activate(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The invitation link: an anonymous page where the invited person sets a password."""
    user = svc.invitation_user(uidb64, token)
    if user is None:
        return render(request, "core/users/activate.html", {"invalid": True}, status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        svc.invitation_accept(user=user, password=form.cleaned_data["new_password1"])
        messages.success(request, _("Your password is set. You can sign in now."))
        return redirect("login")
    return render(
        request,
        "core/users/activate.html",
        {"form": form, "account": user},
        status=422 if request.method == "POST" else 200,
    )
