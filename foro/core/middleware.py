"""Request id for the audit trail, and the user's language (Dutch unless chosen otherwise)."""

from __future__ import annotations

import json
import re

from django.conf import settings
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext as _

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


# ---------------------------------------------------------------- hostile input

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _unstorable_paths(value: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """The paths of the strings in a JSON document that no text column can hold: a NUL
    character (PostgreSQL refuses it) or a lone surrogate (not UTF-8)."""
    if isinstance(value, str):
        return [path] if _UNSTORABLE.search(value) else []
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            if _UNSTORABLE.search(str(key)):
                found.append((*path, key))
            found.extend(_unstorable_paths(item, (*path, key)))
        return found
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in _unstorable_paths(item, (*path, i))]
    return []


def _strip_nul(query: QueryDict) -> QueryDict:
    cleaned = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
    cleaned._mutable = False
    return cleaned


def _has_nul(query: QueryDict) -> list[str]:
    return [k for k, values in query.lists() if "\x00" in k or any("\x00" in v for v in values)]


class UnstorableInputMiddleware:
    """NUL characters (and lone surrogates) never reach a service or the database.

    The API refuses them (422, one field error per input that holds one); a page's form
    fields and query parameters lose them (a NUL cannot be typed and means nothing in
    text, so stripping it is harmless and keeps the rest of what was typed). File names
    of uploads are stripped too. A multipart body that does not parse is answered here:
    Django's 400 page, or the API's 400 problem."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.core.exceptions import RequestDataTooBig
        from django.http.multipartparser import MultiPartParserError

        is_api = request.path.startswith("/api/")
        if _UNSTORABLE.search(request.path):  # no page or record is named so
            from django.http import HttpResponseNotFound

            if is_api:
                from foro.api_base import problem

                return problem(request, status=404, slug="notFound", title=_("Not found"))
            return HttpResponseNotFound()
        try:
            refused = self._check(request, is_api)
        except MultiPartParserError as exc:
            if not is_api:  # what Django answers when a view meets it: its 400 page
                from django.views.defaults import bad_request

                return bad_request(request, exc)
            from foro.api_base import problem

            return problem(
                request,
                status=400,
                slug="badRequest",
                title=_("Cannot parse request body"),
                detail=_("The multipart body is malformed (is its boundary missing?)."),
            )
        except RequestDataTooBig:
            return self.get_response(request)
        return refused or self.get_response(request)

    def _check(self, request, is_api: bool):
        from foro.api_base import _camel_path, problem

        fields: list[str] = []
        if is_api:
            fields += _has_nul(request.GET)
            if request.method in ("POST", "PUT", "PATCH", "DELETE"):
                if request.content_type == "application/json":
                    try:
                        document = json.loads(request.body or b"null")
                    except (ValueError, UnicodeDecodeError):
                        document = None  # the API answers 400 itself
                    fields += [_camel_path(p) for p in _unstorable_paths(document)]
                elif request.content_type in _FORM_TYPES:
                    fields += _has_nul(request.POST)
                    fields += [k for k, f in request.FILES.items() if "\x00" in (f.name or "")]
            if fields:
                return problem(
                    request,
                    status=422,
                    slug="invalidInput",
                    title=_("The input is not valid"),
                    errors=[
                        {
                            "field": field,
                            "code": "invalid",
                            "message": _(
                                "Contains a NUL character (\\u0000) or a lone surrogate, "
                                "which text cannot hold: remove it."
                            ),
                        }
                        for field in dict.fromkeys(fields)
                    ],
                )
            return None
        if _has_nul(request.GET):
            request.GET = _strip_nul(request.GET)
        if request.method == "POST" and request.content_type in _FORM_TYPES:
            if _has_nul(request.POST):
                request.POST = _strip_nul(request.POST)
            for upload in request.FILES.values():
                if upload.name and "\x00" in upload.name:
                    upload.name = upload.name.replace("\x00", "")
        return None


_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


# ---------------------------------------------------------------- security headers

#: No inline script, no eval, nothing from another origin; style attributes only (a few
#: templates space cards with style="…"), never a <style> element.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    )
)


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every answer (Referrer-Policy,
    X-Content-Type-Options, X-Frame-Options and Cross-Origin-Opener-Policy come from
    Django's own middleware, see settings)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class TotpRequiredMiddleware:
    """With ``FORO_TOTP_REQUIRED_ROLES``, a signed-in person of such a role without a
    confirmed TOTP device can open only the enrolment page (and sign out, switch
    language) until they have confirmed a code (issue 16). A bearer-token API call is
    not a session and passes: revoke old tokens when turning the requirement on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.FORO_TOTP_REQUIRED_ROLES and self._must_enrol(request):
            from django.shortcuts import redirect
            from django.urls import reverse

            if request.path.startswith("/api/"):
                from foro.api_base import problem

                return problem(
                    request,
                    status=403,
                    slug="totpEnrolmentRequired",
                    title=_("Turn on sign-in codes first"),
                    detail=_(
                        "Your role signs in with a code from an authenticator app; turn it "
                        "on in foro's pages first."
                    ),
                )
            allowed = {
                reverse("core:totp-enrol"),
                reverse("logout"),
                reverse("set-language"),
            }
            if request.path not in allowed and not request.path.startswith(
                (settings.STATIC_URL, "/health/")
            ):
                return redirect("core:totp-enrol")
        return self.get_response(request)

    @staticmethod
    def _must_enrol(request) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        if request.headers.get("Authorization", "").lower().startswith("bearer "):
            return False
        from foro.core import totp

        return totp.required(user) and not totp.enrolled(user)
