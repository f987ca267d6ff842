"""Pages of the second factor and of re-authentication (issue 16): the TOTP step of the
sign-in, enrolment, an administrator's reset, and the re-authentication page that a
countersignature sends a person to. Thin: parse, call ``foro.core.totp`` / ``reauth``,
render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from foro.core import lockout, oidc, reauth, totp
from foro.core.errors import DomainError, ValidationFailed
from foro.core.http import AuthedRequest
from foro.core.models import User

#: the session key of a sign-in waiting for its TOTP code
PENDING = "foro_totp_pending"
#: seconds the code step of a sign-in may take after the password
PENDING_SECONDS = 300


def begin_second_factor(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    """The password was right and the user has TOTP: remember them (not signed in yet)
    and ask for the code."""
    request.session.cycle_key()
    request.session[PENDING] = {
        "user": user.pk,
        "backend": getattr(user, "backend", "django.contrib.auth.backends.ModelBackend"),
        "at": timezone.now().timestamp(),
        "next": next_url,
    }
    return redirect("login-code")


def _pending_user(request: HttpRequest) -> tuple[User, dict] | None:
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    if timezone.now().timestamp() - float(pending.get("at", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    user = User.objects.filter(pk=int(pending.get("user") or 0), is_active=True).first()
    return (user, pending) if user else None


def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of a sign-in: the 6-digit code of the authenticator app."""
    found = _pending_user(request)
    if found is None:
        messages.info(request, _("Sign in again: the sign-in took too long."))
        return redirect("login")
    user, pending = found
    error = ""
    if request.method == "POST":
        ip = lockout.client_ip(request)
        username = user.get_username()
        if lockout.login_locked_until(username, ip):
            error = _(
                "Too many failed sign-ins for this account; an administrator can lift the lock."
            )
            request.session.pop(PENDING, None)
            return render(request, "core/login_code.html", {"error": error}, status=429)
        if totp.totp_verify(user=user, code=request.POST.get("code", "")):
            request.session.pop(PENDING, None)
            login(request, user, backend=pending["backend"])
            target = reauth.safe_next(request, pending.get("next", ""), reverse("home"))
            response = HttpResponseRedirect(target)
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.preferred_language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite="Lax",
                secure=settings.LANGUAGE_COOKIE_SECURE,
            )
            return response
        lockout.login_failed(username, ip)
        error = _(
            "This code is not right, or was used already. Enter the 6 digits your app shows now."
        )
    return render(request, "core/login_code.html", {"error": error}, status=422 if error else 200)


@login_required
def totp_enrol(request: AuthedRequest) -> HttpResponse:
    """Turn on sign-in codes: scan the QR code (or type the secret), enter the first code."""
    if totp.enrolled(request.user):
        return render(request, "core/totp_enrol.html", {"enrolled": True})
    error = ""
    if request.method == "POST":
        try:
            totp.totp_confirm(actor=request.user, code=request.POST.get("code", ""))
        except ValidationFailed as exc:
            error = exc.errors[0]["message"]
        else:
            reauth.mark(request)
            messages.success(
                request, _("Sign-in codes are on: you will be asked for one at every sign-in.")
            )
            return redirect("core:account")
    device = totp.device_of(request.user)
    if device is None or request.method == "GET":
        device = totp.totp_begin_enrolment(actor=request.user)
    context = {
        "enrolled": False,
        "required": totp.required(request.user),
        "secret": device.secret,
        "qr": totp.qr_svg(device),
        "error": error,
    }
    return render(request, "core/totp_enrol.html", context, status=422 if error else 200)


@login_required
def totp_reset(request: AuthedRequest, pk: int) -> HttpResponse:
    """An administrator removes a person's device: confirmation first, then audited."""
    from foro.core import services_users as svc

    account = svc.user_for_admin(request.user, pk)
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            totp.totp_reset(actor=request.user, user=account)
        except DomainError as exc:
            messages.error(request, exc.detail)
        else:
            messages.success(
                request,
                _(
                    "The sign-in code device of %(name)s was removed; they enrol again at their next sign-in."
                )
                % {"name": account.display_name()},
            )
        return redirect("core:user-detail", pk=account.pk)
    return render(
        request,
        "core/totp_reset.html",
        {"account": account, "has_device": totp.device_of(account) is not None},
    )


@login_required
def reauthenticate(request: AuthedRequest) -> HttpResponse:
    """Enter the password again (and a code, with TOTP) before a step with legal weight;
    then back to where the person was (``next``: the confirmation page with what they
    typed)."""
    next_url = reauth.safe_next(
        request, request.POST.get("next") or request.GET.get("next", ""), reverse("home")
    )
    with_code = totp.enrolled(request.user)
    error = ""
    status = 200
    if request.method == "POST":
        username = request.user.get_username()
        ip = lockout.client_ip(request)
        try:
            # through the backends, so a wrong password counts for the lock like any other
            user = authenticate(
                request, username=username, password=request.POST.get("password", "")
            )
        except DjangoPermissionDenied:
            user = None
        if lockout.login_locked_until(username, ip):
            error = _(
                "Too many failed sign-ins for this account; an administrator can lift the lock."
            )
            status = 429
        elif user is None or user.pk != request.user.pk:
            error = _("The password is not correct.")
            status = 422
        elif with_code and not totp.totp_verify(user=user, code=request.POST.get("code", "")):
            lockout.login_failed(username, ip)
            error = _("The code is not right, or was used already.")
            status = 422
        else:
            reauth.mark(request)
            return HttpResponseRedirect(next_url)
    return render(
        request,
        "core/reauth.html",
        {
            "next": next_url,
            "with_code": with_code,
            "error": error,
            "minutes": settings.FORO_REAUTH_MINUTES,
            "oidc_enabled": oidc.enabled(),
            "oidc_name": settings.OIDC_PROVIDER_NAME or _("single sign-on"),
        },
        status=status,
    )
