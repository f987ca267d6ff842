"""Sign-in with the department's identity provider over OpenID Connect (issue 16), with
mozilla-django-oidc (authorisation code flow, state and nonce, the ID token's signature
checked against the provider's keys).

Off unless ``FORO_OIDC_CLIENT_ID`` is set; then the sign-in page offers it beside the
password. Accounts are not created from the provider: an administrator creates the
account and grants its roles, and the provider's verified e-mail address finds it
(exactly one active account with that address, or the sign-in is refused). The provider's
own second factor applies; foro's TOTP step does not (its policy is the provider's).

A re-authentication (before a countersignature) through the provider asks it for a fresh
login (``prompt=login``, ``max_age=0``); coming back counts as a fresh proof of identity.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend  # type: ignore[import-untyped]
from mozilla_django_oidc.views import (  # type: ignore[import-untyped]
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from foro.core import reauth

BACKEND = "foro.core.oidc.ForoOidcBackend"


def enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID)


class ForoOidcBackend(OIDCAuthenticationBackend):
    """Finds the existing account by the provider's verified e-mail; creates none."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Django builds every backend for every password sign-in: unconfigured, stay inert
        if enabled():
            super().__init__(*args, **kwargs)

    def authenticate(self, request, **kwargs):  # noqa: ANN001, ANN201
        if not enabled() or request is None or "code" not in request.GET:
            return None
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims: dict) -> bool:
        # an address the provider has not verified could be anyone's
        return bool(claims.get("email")) and claims.get("email_verified") is True

    def filter_users_by_claims(self, claims: dict):  # noqa: ANN201
        email = str(claims.get("email") or "").strip()
        users = self.UserModel.objects.filter(email__iexact=email, is_active=True)
        return users if email and users.count() == 1 else self.UserModel.objects.none()


class StartView(OIDCAuthenticationRequestView):
    """To the provider; ``?reauth=1`` asks it to make the person log in again."""

    def get_extra_params(self, request: HttpRequest) -> dict[str, Any]:
        params = dict(super().get_extra_params(request))
        if request.GET.get("reauth") == "1":
            params.update(prompt="login", max_age="0")
        return params


class CallbackView(OIDCAuthenticationCallbackView):
    def login_success(self) -> HttpResponse:
        response = super().login_success()
        # the same person coming back (a re-authentication) is not signed in again, so
        # the sign-in signal does not fire: the proof of identity is fresh all the same
        reauth.mark(self.request)
        return response


def start(request: HttpRequest) -> HttpResponse:
    if not enabled():
        raise Http404()
    return StartView.as_view()(request)


def callback(request: HttpRequest) -> HttpResponse:
    if not enabled():
        raise Http404()
    return CallbackView.as_view()(request)
