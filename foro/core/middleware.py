"""Request id for the audit trail, and the user's language (Dutch unless chosen otherwise)."""

from __future__ import annotations

import re

from django.conf import settings
from django.utils import translation

from foro.core.context import reset_request_id, set_request_id

_SAFE_ID = re.compile(r"^[A-Za-z0-9._\-]{8,64}$")


class RequestIdMiddleware:
    """Take X-Request-ID from the proxy if it looks sane, else make one; echo it back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        token = set_request_id(incoming if _SAFE_ID.match(incoming) else None)
        from foro.core.context import current_request_id

        request.request_id = current_request_id()
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response["X-Request-ID"] = request.request_id
        return response


class UserLanguageMiddleware:
    """Dutch by default; the language cookie (set by the switch) overrides it.

    The browser's Accept-Language is deliberately ignored: the department's working
    language is Dutch, and English is a choice the user makes with the switch. The
    signed-in user's saved choice is applied by the login signal (see apps/signals).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lang = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if lang not in dict(settings.LANGUAGES):
            lang = settings.LANGUAGE_CODE
        # LocaleMiddleware, which runs next, reads the cookie; strip Accept-Language so
        # it cannot override the default.
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        return self.get_response(request)


class DomainErrorMiddleware:
    """Pages: a DomainError raised by a service or selector becomes a plain-language page
    with the right status (404 looks exactly like a missing page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.shortcuts import render

        from foro.core.errors import DomainError, NotFound, PermissionDenied

        if request.path.startswith("/api/"):
            return None
        if isinstance(exception, NotFound):
            return render(request, "404.html", status=404)
        if isinstance(exception, PermissionDenied):
            return render(request, "403.html", status=403)
        if isinstance(exception, DomainError):
            return render(
                request,
                "core/problem.html",
                {"title": exception.title, "detail": exception.detail, "errors": exception.errors},
                status=exception.status,
            )
        return None
