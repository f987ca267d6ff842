"""Pages of the core app: home per role, language switch, countries, organisations,
account (API tokens). Thin: parse, call a service or selector, render."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from foro.core import search, selectors, services, slots, totp
from foro.core.errors import NotFound
from foro.core.http import AuthedRequest
from foro.core.models import ApiToken
from foro.core.roles import INTERNAL_ROLES, Role, roles_of
from foro.core.services import require


def _role_panels(user) -> list[str]:
    """Which home-page panels a user gets; modules add theirs as they are built."""
    roles = roles_of(user)
    panels = []
    if roles & {Role.OFFICER, Role.SENIOR}:
        panels.append("core/panels/licensing.html")
    if Role.POLICY in roles:
        panels.append("core/panels/policy.html")
    if Role.DEVCOOP in roles:
        panels.append("core/panels/devcoop.html")
    if Role.POST in roles:
        panels.append("core/panels/post.html")
    if Role.MANAGEMENT in roles:
        panels.append("core/panels/management.html")
    if Role.ADMIN in roles:
        panels.append("core/panels/admin.html")
    return panels


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    user = request.user
    context = {
        "panels": _role_panels(user),
        "sections": slots.sections("home", request, user),
        "is_internal": bool(roles_of(user) & INTERNAL_ROLES),
    }
    return render(request, "core/home.html", context)


class LockoutAuthenticationForm(AuthenticationForm):
    """The sign-in form: a locked username is told so (and when the lock ends), and its
    password is not even checked (see foro.core.lockout)."""

    def clean(self):
        from foro.core import lockout

        username = self.cleaned_data.get("username") or ""
        ip = lockout.client_ip(self.request)
        until = lockout.login_locked_until(username, ip) if username else None
        if until is not None:
            lockout.login_failed(username, ip)
            until = lockout.login_locked_until(username, ip) or until
            raise ValidationError(
                _(
                    "Too many failed sign-ins for this account: signing in is locked until "
                    "%(time)s. An administrator can lift the lock."
                )
                % {"time": date_format(timezone.localtime(until), "SHORT_DATETIME_FORMAT")},
                code="locked",
            )
        return super().clean()


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True
    form_class = LockoutAuthenticationForm

    def get_context_data(self, **kwargs):
        from foro.core import oidc

        context = super().get_context_data(**kwargs)
        context.update(
            oidc_enabled=oidc.enabled(),
            oidc_name=settings.OIDC_PROVIDER_NAME or _("single sign-on"),
            sso_failed=self.request.GET.get("sso") == "failed",
        )
        return context

    def form_invalid(self, form):
        locked = [e for e in form.non_field_errors().as_data() if e.code == "locked"]
        response = self.render_to_response(
            self.get_context_data(form=form, locked=locked[0].messages[0] if locked else "")
        )
        if locked:
            response.status_code = 429
        return response

    def form_valid(self, form):
        from foro.core import totp, views_security

        user = form.get_user()
        if totp.enrolled(user):
            # the password was right; the code step signs in (issue 16)
            return views_security.begin_second_factor(self.request, user, self.get_success_url())
        response = super().form_valid(form)
        # The user's saved language wins over whatever the anonymous page used.
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            form.get_user().preferred_language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
        return response


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    if request.user.is_authenticated:
        services.user_set_language(actor=request.user, language=language)
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )
    return response


@login_required
def country_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, "core.view_country_page")
    q = request.GET.get("q", "").strip()
    qs = selectors.countries()
    if q:
        qs = qs.filter(Q(name_nl__icontains=q) | Q(name_en__icontains=q) | Q(code__iexact=q))
    if request.GET.get("eu") == "1":
        qs = qs.filter(is_eu_member=True)
    page = Paginator(qs, 60).get_page(request.GET.get("page"))
    return render(
        request,
        "core/country_list.html",
        {"page": page, "q": q, "eu": request.GET.get("eu") == "1"},
    )


_SECTION_HEADING = re.compile(r"<h2\b[^>]*\bid=\"([^\"]+)\"[^>]*>(.*?)</h2>", re.S)


def _rendered_sections(request: HttpRequest, sections: list[dict], extra: dict) -> list[dict]:
    """Each module's section rendered once, with its heading (the first ``<h2 id=…>`` of
    its template) for the page's table of contents. A builder that returned None (nothing
    the reader may see) has no section and no entry."""
    rendered = []
    for section in sections:
        html = render_to_string(
            section["template"], {**extra, "data": section["context"]}, request=request
        )
        match = _SECTION_HEADING.search(html)
        rendered.append(
            {
                "html": mark_safe(html),  # noqa: S308 - rendered by the template engine  # nosec B308 B703
                "anchor": match.group(1) if match else "",
                "heading": strip_tags(match.group(2)).strip() if match else "",
            }
        )
    return rendered


@login_required
def country_detail(request: AuthedRequest, code: str) -> HttpResponse:
    """Everything the department knows about a country, one section per module (through
    ``core.slots``); each builder applies its module's visibility rules for the reader."""
    require(request.user, "core.view_country_page")
    country = selectors.countries().filter(code=code.upper()).first()
    if country is None:
        raise NotFound()
    sections = _rendered_sections(
        request, slots.sections("country", request, country), {"country": country}
    )
    context = {"country": country, "sections": sections}
    return render(request, "core/country_detail.html", context)


@login_required
def search_page(request: AuthedRequest) -> HttpResponse:
    """One search over every module, grouped by module; each provider shows only what the
    reader may open (and counts only that)."""
    text = request.GET.get("q", "")
    group = request.GET.get("in", "")
    too_long = len(text) > search.MAX_QUERY
    groups: list[search.SearchGroup] = []
    if text.strip() and not too_long:
        groups = search.search(request.user, text, limit=50 if group else 5)
        if group:
            groups = [g for g in groups if g.key == group]
    return render(
        request,
        "core/search.html",
        {
            "q": text,
            "groups": groups,
            "group": group,
            "too_long": too_long,
            "max_query": search.MAX_QUERY,
            "total": sum(g.shown_total for g in groups),
            "capped": any(g.capped for g in groups),
        },
        status=422 if too_long else 200,
    )


@login_required
def organisation_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, "core.list_organisations")
    q = request.GET.get("q", "").strip()
    qs = selectors.organisations_visible_to(request.user)
    if q:
        qs = qs.filter(
            Q(name__icontains=q) | Q(kbo_number__contains="".join(c for c in q if c.isdigit()) or q)
        )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "core/organisation_list.html", {"page": page, "q": q})


@login_required
def organisation_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    org = selectors.organisation_get(request.user, pk)
    return render(request, "core/organisation_detail.html", {"organisation": org})


@login_required
def account(request: AuthedRequest) -> HttpResponse:
    new_secret = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create-token":
            _token, new_secret = services.apitoken_create(
                actor=request.user, name=request.POST.get("name", "")
            )
            messages.success(request, _("Token created. Copy it now: it is shown only once."))
        elif action == "revoke-token":
            token = (
                ApiToken.objects.filter(user=request.user, pk=request.POST.get("token", "")).first()
                if request.POST.get("token", "").isdigit()
                else None
            )
            if token is None:
                raise NotFound()
            services.apitoken_revoke(actor=request.user, token=token)
            messages.success(request, _("Token revoked."))
            return redirect("core:account")
    tokens = ApiToken.objects.filter(user=request.user)
    return render(
        request,
        "core/account.html",
        {
            "tokens": tokens,
            "new_secret": new_secret,
            "roles": sorted(r.label for r in roles_of(request.user)),
            "totp_enrolled": totp.enrolled(request.user),
        },
    )


@login_required
def operations(request: AuthedRequest) -> HttpResponse:
    """Administrators: sign-in locks and token throttles (with an audited unlock), the
    task queue (stuck and failed tasks, workers)."""
    from foro.core import lockout, taskqueue

    require(request.user, "core.view_operations")
    locks = lockout.locked_usernames()
    return render(
        request,
        "core/operations.html",
        {
            "password_locks": [r for r in locks if r.kind == "password"],
            "token_locks": [r for r in locks if r.kind == "token"],
            "queue": taskqueue.queue_status(),
        },
    )


@require_POST
@login_required
def operations_unlock(request: AuthedRequest) -> HttpResponse:
    from foro.core import lockout

    require(request.user, "core.unlock_signin")
    if request.POST.get("ip") is not None and not request.POST.get("username"):
        lockout.token_unthrottle(actor=request.user, ip=request.POST.get("ip", ""))
        messages.success(request, _("The API token throttle of that address is lifted."))
    else:
        username = request.POST.get("username", "")
        lockout.signin_unlock(actor=request.user, username=username)
        messages.success(request, _("%(user)s can sign in again.") % {"user": username})
    return redirect("core:operations")
