"""The REST API at /api/v1/: one NinjaAPI, session or token auth, problem+json errors,
lowerCamelCase JSON and 1-based paging with links. Each app adds a router."""

from __future__ import annotations

import logging
import math
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth
from pydantic import ConfigDict
from pydantic.alias_generators import to_camel

from foro.core.errors import DomainError

log = logging.getLogger(__name__)
PROBLEM = "application/problem+json"


class CamelSchema(Schema):
    """Base of every API schema: snake_case in Python, lowerCamelCase in JSON."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class ApiRouter(Router):
    """A router whose operations serialise by alias (lowerCamelCase) by default."""

    def api_operation(self, methods, path, **kwargs):
        if kwargs.get("by_alias") is None:
            kwargs["by_alias"] = True
        return super().api_operation(methods, path, **kwargs)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer foro_…`` with a per-user API token."""

    def authenticate(self, request: HttpRequest, token: str):
        from foro.core.services import apitoken_authenticate

        user = apitoken_authenticate(token)
        if user is not None:
            request.user = user
        return user


AUTH = [SessionAuth(csrf=True), TokenAuth()]

api = NinjaAPI(
    title="foro API",
    version="1",
    description=(
        "The REST API of foro. Authenticate with your browser session or with a personal API "
        "token (`Authorization: Bearer foro_…`, created on your account page). Errors are RFC 9457 "
        "`application/problem+json` with a stable `type` (`urn:problem-type:foro:…`). JSON names "
        "are lowerCamelCase; lists are paged with `page` (1-based) and `pageSize`."
    ),
    urls_namespace="api-v1",
    auth=AUTH,
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def problem(
    request: HttpRequest | None,
    *,
    status: int,
    slug: str,
    title: str,
    detail: str | None = None,
    errors: list[dict] | None = None,
    **extra: Any,
) -> JsonResponse:
    body: dict[str, Any] = {
        "type": f"urn:problem-type:foro:{slug}",
        "title": str(title),
        "status": status,
    }
    if detail:
        body["detail"] = str(detail)
    if request is not None:
        body["instance"] = request.path
        request_id = getattr(request, "request_id", "")
        if request_id:
            body["requestId"] = request_id
    if errors:
        body["errors"] = errors
    body.update(extra)
    return JsonResponse(
        body, status=status, content_type=PROBLEM, json_dumps_params={"ensure_ascii": False}
    )


@api.exception_handler(DomainError)
def _domain_error(request, exc: DomainError):
    return problem(
        request,
        status=exc.status,
        slug=exc.slug,
        title=str(exc.title),
        detail=exc.detail if exc.detail != str(exc.title) else None,
        errors=exc.errors or None,
        **exc.extra,
    )


def _loc_to_field(loc) -> str:
    parts = [
        str(p)
        for p in loc
        if p not in ("body", "query", "path", "payload", "form", "header", "cookie")
    ]
    return ".".join(parts)


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc: NinjaValidationError):
    errors = [
        {
            "field": _loc_to_field(e.get("loc", ())),
            "message": e.get("msg", ""),
            "code": e.get("type", ""),
        }
        for e in exc.errors
    ]
    return problem(
        request, status=422, slug="invalidInput", title=_("The input is not valid"), errors=errors
    )


@api.exception_handler(AuthenticationError)
def _auth_error(request, exc):
    response = problem(
        request, status=401, slug="unauthenticated", title=_("Sign in or send a valid API token")
    )
    response["WWW-Authenticate"] = 'Bearer realm="foro"'
    return response


@api.exception_handler(DjangoPermissionDenied)
def _forbidden(request, exc):
    return problem(request, status=403, slug="forbidden", title=_("You are not allowed to do this"))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem(request, status=404, slug="notFound", title=_("Not found"))


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
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
    return problem(
        request,
        status=exc.status_code,
        slug=slugs.get(exc.status_code, "httpError"),
        title=str(exc),
    )


@api.exception_handler(Exception)
def _unexpected(request, exc):
    log.exception("unexpected API error")
    return problem(
        request,
        status=500,
        slug="internalError",
        title=_("Something went wrong on our side"),
        detail=_("The error was logged. Quote the request id when you report it."),
    )


# ---------------------------------------------------------------- paging

T = TypeVar("T")


class Links(CamelSchema):
    self: str
    first: str
    last: str
    prev: str | None = None
    next: str | None = None


class Page(CamelSchema, Generic[T]):
    items: list[T]
    count: int
    page: int
    page_size: int
    pages: int
    links: Links


MAX_PAGE_SIZE = 200


def paginate(request: HttpRequest, queryset, page: int, page_size: int) -> dict:
    """Slice a queryset for 1-based page ``page``; links keep the other query parameters."""
    from foro.core.errors import ValidationFailed

    errors = []
    if page < 1:
        errors.append({"field": "page", "message": _("page starts at 1")})
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        errors.append(
            {
                "field": "pageSize",
                "message": _("pageSize is between 1 and %(max)d") % {"max": MAX_PAGE_SIZE},
            }
        )
    if errors:
        raise ValidationFailed(errors=errors)
    count = (
        queryset.count()
        if hasattr(queryset, "count") and not isinstance(queryset, list)
        else len(queryset)
    )
    pages = max(1, math.ceil(count / page_size))
    start = (page - 1) * page_size
    items = list(queryset[start : start + page_size])
    params = {k: v for k, v in request.GET.items() if k not in ("page", "pageSize")}

    def link(n: int) -> str:
        return f"{request.path}?{urlencode({**params, 'page': n, 'pageSize': page_size})}"

    return {
        "items": items,
        "count": count,
        "page": page,
        "page_size": page_size,
        "pages": pages,
        "links": {
            "self": link(page),
            "first": link(1),
            "last": link(pages),
            "prev": link(page - 1) if page > 1 else None,
            "next": link(page + 1) if page < pages else None,
        },
    }


def _add_routers() -> None:
    from foro.core.api import router as core_router
    from foro.licensing.api import public_router as licensing_public_router
    from foro.licensing.api import router as licensing_router
    from foro.network.api import router as network_router
    from foro.reference.api import router as reference_router
    from foro.reporting.api import public_router as reporting_public_router
    from foro.reporting.api import router as reporting_router
    from foro.screening.api import router as screening_router

    api.add_router("/", core_router)
    api.add_router("/reference", reference_router)
    api.add_router("/network", network_router)
    api.add_router("/screening", screening_router)
    api.add_router("/licensing", licensing_router)
    api.add_router("/public", licensing_public_router)
    api.add_router("/reports", reporting_router)
    api.add_router("/public/open-data", reporting_public_router)


_add_routers()


def api_not_found(request, path: str = ""):
    """Unknown paths under /api/v1/ answer problem+json, not an HTML page."""
    return problem(
        request,
        status=404,
        slug="notFound",
        title=_("Not found"),
        detail=_("No such API endpoint."),
    )
