"""Re-authentication before a step with legal weight (issue 16).

A countersignature makes a decision final. A browser left signed in for hours, or a
stolen session cookie, must not be enough for it: the person must have proved who they
are (password, and TOTP code when enrolled) at most ``FORO_REAUTH_MINUTES`` ago. The time
of that proof lives in the session (``mark``), set at every sign-in and by the
re-authentication page.

An API token cannot countersign at all: a token is a long-lived secret held by a program,
which proves nothing about who sits at the keyboard now. The API with a browser session
follows the same rule as the pages.

Pages and API handlers call :func:`require_recent` before the service; a page catches
:class:`ReauthRequired` and sends the person to the re-authentication page with the way
back (``redirect_to_reauth``), so nothing typed is lost.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from foro.core.errors import DomainError

SESSION_KEY = "foro_authenticated_at"


class ReauthRequired(DomainError):
    """The step needs a recent sign-in (403 problem+json in the API)."""

    slug = "reauthenticationRequired"
    status = 403
    title = gettext_lazy("Confirm your identity first")


def mark(request: HttpRequest) -> None:
    """The person just proved who they are (sign-in, or the re-authentication page)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SESSION_KEY] = timezone.now().timestamp()


def authenticated_at(request: HttpRequest):  # noqa: ANN201 - datetime | None
    session = getattr(request, "session", None)
    if session is None or getattr(request, "auth_by_token", False):
        return None
    stamp = session.get(SESSION_KEY)
    if not isinstance(stamp, int | float):
        return None
    from datetime import UTC, datetime

    return datetime.fromtimestamp(stamp, tz=UTC)


def is_recent(request: HttpRequest) -> bool:
    when = authenticated_at(request)
    if when is None:
        return False
    return timezone.now() - when <= timedelta(minutes=settings.FORO_REAUTH_MINUTES)


def _sends_bearer_token(request: HttpRequest) -> bool:
    return request.headers.get("Authorization", "").lower().startswith("bearer ")


def require_recent(request: HttpRequest) -> None:
    """Refuse unless the caller is a browser session whose sign-in is recent."""
    if _sends_bearer_token(request) or getattr(request, "auth_by_token", False):
        raise ReauthRequired(
            _(
                "An API token cannot countersign: a countersignature needs a person who "
                "signed in with their password in the last %(minutes)d minutes. Countersign "
                "in foro's pages, or call the API with that browser session."
            )
            % {"minutes": settings.FORO_REAUTH_MINUTES},
            reauthenticate=reverse("reauth"),
        )
    if not is_recent(request):
        raise ReauthRequired(
            _(
                "Enter your password again to countersign: your last sign-in is more than "
                "%(minutes)d minutes ago."
            )
            % {"minutes": settings.FORO_REAUTH_MINUTES},
            reauthenticate=reverse("reauth"),
        )


def safe_next(request: HttpRequest, target: str, default: str = "/") -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def redirect_to_reauth(request: HttpRequest, back_to: str) -> HttpResponseRedirect:
    """To the re-authentication page, which returns to ``back_to`` (a local URL that
    carries what the person typed, e.g. the confirmation page with the comment)."""
    return HttpResponseRedirect(reverse("reauth") + "?" + urlencode({"next": back_to}))
