"""The REST API at /api/v1/: one NinjaAPI, session or token auth, problem+json errors,
lowerCamelCase JSON and 1-based paging with links. Each app adds a router, built on
``foro.api_base`` (see its conventions)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from foro.api_base import PROBLEM, _pydantic_error, field_errors, problem
from foro.core.errors import DomainError

if TYPE_CHECKING:
    from ninja.openapi.schema import OpenAPISchema
    from ninja.operation import Operation

    from foro.core.models import User

log = logging.getLogger(__name__)

# ---------------------------------------------------------------- auth


class TokenAuth(HttpBearer):
    """``Authorization: Bearer foro_…`` with a per-user API token. A token cannot be sent
    by another site's page, so a token request needs no CSRF token."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        from foro.core import lockout
        from foro.core.services import apitoken_authenticate

        ip = lockout.client_ip(request)
        until = lockout.token_throttled_until(ip)
        if until is not None:
            raise Throttled(until)
        user = apitoken_authenticate(token)
        if user is not None:
            request.user = user
            request.auth_by_token = True  # type: ignore[attr-defined]  # foro.core.reauth
        else:
            lockout.token_failed(ip)
        return user


class Throttled(HttpError):
    """Too many invalid API tokens from the caller's address (429, with Retry-After)."""

    def __init__(self, until: datetime) -> None:
        super().__init__(429, _("Too many invalid API tokens from your address: wait and retry"))
        self.retry_after = max(1, int((until - timezone.now()).total_seconds()) + 1)


def _sends_bearer_token(request: HttpRequest) -> bool:
    return request.headers.get("Authorization", "").lower().startswith("bearer ")


class SessionAuth(NinjaSessionAuth):
    """The browser session, with Django's CSRF check on writes.

    The check only runs for a request the session would authenticate: a request that
    brings a bearer token is the token's (valid or not, it never falls back to a cookie),
    and a request without a signed-in session is simply not authenticated (401, not a
    CSRF 403)."""

    def __call__(self, request: HttpRequest) -> Any:
        if _sends_bearer_token(request) or not request.user.is_authenticated:
            return None
        try:
            return super().__call__(request)
        except HttpError as exc:
            if exc.status_code != 403:
                raise
            raise CsrfFailed() from exc


class CsrfFailed(DomainError):
    slug = "forbidden"
    status = 403
    title = gettext_lazy("You are not allowed to do this")

    def __init__(self) -> None:
        super().__init__(
            _(
                "A write with your browser session needs its CSRF token (the X-CSRFToken "
                "header). A script should send a personal API token instead."
            )
        )


AUTH = [TokenAuth(), SessionAuth(csrf=True)]


class ForoApi(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """Problems are ``application/problem+json``, not ``application/json``."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, answer in operation["responses"].items():
                    content = answer.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        answer["content"] = {PROBLEM: content["application/json"]}
        return schema

    def get_openapi_operation_id(self, operation: Operation) -> str:
        """``<module>_<function>`` of the router's module (``foro_licensing_api_submit``),
        also when a router's endpoints live in a package's submodule."""
        module = operation.view_func.__module__
        if ".api." in module:
            module = module.split(".api.", 1)[0] + ".api"
        return f"{module}_{operation.view_func.__name__}".replace(".", "_")


api = ForoApi(
    title="foro API",
    version="1",
    description=(
        "The REST API of foro. Authenticate with your browser session (writes need the CSRF "
        "token) or with a personal API token (`Authorization: Bearer foro_…`, created on your "
        "account page; no CSRF token needed). Errors are RFC 9457 `application/problem+json` "
        "with a stable `type` (`urn:problem-type:foro:…`); invalid input lists every problem "
        "in `errors` as `{field, code, message}`, and unknown fields are refused. JSON names "
        "are lowerCamelCase; lists are paged with `page` (1-based) and `pageSize`."
    ),
    urls_namespace="api-v1",
    auth=AUTH,
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> JsonResponse:
    return problem(
        request,
        status=exc.status,
        slug=exc.slug,
        title=str(exc.title),
        detail=exc.detail if exc.detail != str(exc.title) else None,
        errors=field_errors(exc.errors) or None,
        **exc.extra,
    )


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> JsonResponse:
    return problem(
        request,
        status=422,
        slug="invalidInput",
        title=_("The input is not valid"),
        errors=[_pydantic_error(e) for e in exc.errors],
    )


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> JsonResponse:
    response = problem(
        request, status=401, slug="unauthenticated", title=_("Sign in or send a valid API token")
    )
    response["WWW-Authenticate"] = 'Bearer realm="foro"'
    return response


@api.exception_handler(DjangoPermissionDenied)
def _forbidden(request: HttpRequest, exc: DjangoPermissionDenied) -> JsonResponse:
    return problem(request, status=403, slug="forbidden", title=_("You are not allowed to do this"))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> JsonResponse:
    return problem(request, status=404, slug="notFound", title=_("Not found"))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> JsonResponse:
    slugs = {
        400: "badRequest",
        401: "unauthenticated",
        403: "forbidden",
        404: "notFound",
        405: "methodNotAllowed",
        409: "conflict",
        413: "payloadTooLarge",
        429: "tooManyRequests",
    }
    response = problem(
        request,
        status=exc.status_code,
        slug=slugs.get(exc.status_code, "httpError"),
        title=str(exc),
    )
    if isinstance(exc, Throttled):
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(MultiPartParserError)
def _unparseable_body(request: HttpRequest, exc: MultiPartParserError) -> JsonResponse:
    """A multipart body without a boundary (or otherwise broken), met when the CSRF check
    or the operation reads the form: the client's error, not ours."""
    return problem(
        request,
        status=400,
        slug="badRequest",
        title=_("Cannot parse request body"),
        detail=_("The multipart body is malformed (is its boundary missing?)."),
    )


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> JsonResponse:
    return problem(
        request, status=413, slug="payloadTooLarge", title=_("The request body is too large")
    )


@api.exception_handler(SuspiciousOperation)
def _suspicious(request: HttpRequest, exc: SuspiciousOperation) -> JsonResponse:
    """Too many fields or files, a malformed header…: Django's own 400."""
    return problem(request, status=400, slug="badRequest", title=_("Cannot parse request body"))


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> JsonResponse:
    log.exception("unexpected API error")
    return problem(
        request,
        status=500,
        slug="internalError",
        title=_("Something went wrong on our side"),
        detail=_("The error was logged. Quote the request id when you report it."),
    )


def _add_routers() -> None:
    from foro.core.api import router as core_router
    from foro.devcoop.api import router as devcoop_router
    from foro.eulaw.api import router as eulaw_router
    from foro.licensing.api import public_router as licensing_public_router
    from foro.licensing.api import router as licensing_router
    from foro.network.api import router as network_router
    from foro.reference.api import router as reference_router
    from foro.relations.api import router as relations_router
    from foro.reporting.api import public_router as reporting_public_router
    from foro.reporting.api import router as reporting_router
    from foro.screening.api import router as screening_router
    from foro.trade.api import router as trade_router
    from foro.treaties.api import router as treaties_router

    api.add_router("/", core_router)
    api.add_router("/reference", reference_router)
    api.add_router("/network", network_router)
    api.add_router("/screening", screening_router)
    api.add_router("/licensing", licensing_router)
    api.add_router("/public", licensing_public_router)
    api.add_router("/reports", reporting_router)
    api.add_router("/public/open-data", reporting_public_router)
    api.add_router("/relations", relations_router)
    api.add_router("/treaties", treaties_router)
    api.add_router("/eu", eulaw_router)
    api.add_router("/trade", trade_router)
    api.add_router("/devcoop", devcoop_router)


_add_routers()


@csrf_exempt
def api_not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Unknown paths under /api/v1/ answer problem+json, not an HTML page (also a POST:
    without the exemption, Django's CSRF check answered an unknown path's write with its
    HTML 403 page; this view writes nothing)."""
    return problem(
        request,
        status=404,
        slug="notFound",
        title=_("Not found"),
        detail=_("No such API endpoint."),
    )
