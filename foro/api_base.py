"""The shared base of the REST API's routers (the API itself, which mounts every router,
is ``foro.api``; an app's api.py imports this module, never that one).

Conventions every router follows (ADR 0005):

- output schemas inherit ``CamelSchema``; request bodies inherit ``InputSchema``, which
  refuses unknown fields, and give every string a ``max_length`` (the model's, or
  ``MAX_TEXT`` for free text), so nothing is silently ignored or cut;
- every field error has one shape, ``{field, code, message}``: ``field`` is the
  lowerCamelCase dotted path (``goods.0.description``), ``code`` one of ``ERROR_CODES``;
- each operation declares the problems it can answer (``ApiRouter`` adds 401/403 when the
  caller must be signed in, 404 when the path names something, 422 when it takes input,
  400 when it reads a body (that may not parse);
  an endpoint adds 409 or 503 itself), documented as ``application/problem+json``;
- lists are paged with ``paginate`` into a ``Page``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeVar
from urllib.parse import urlencode

from django.db import models
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.constants import NOT_SET
from ninja.errors import AuthenticationError
from ninja.signature import ViewSignature
from pydantic import ConfigDict, Field
from pydantic.alias_generators import to_camel

if TYPE_CHECKING:
    from foro.core.models import User

PROBLEM = "application/problem+json"

#: the longest free text (a TextField: reasoning, answers, conditions…) an API client may send
MAX_TEXT = 20_000

#: An integer a database column can hold (64-bit): an id or number in a request body. A
#: bigger one reached the database in a list lookup and failed there (a 500 on SQLite,
#: found by the API fuzzing of tests/hardening/test_fuzz_api.py).
DbInt = Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]


class CamelSchema(Schema):
    """Base of every API schema: snake_case in Python, lowerCamelCase in JSON."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class InputSchema(CamelSchema):
    """Base of every request body: a field the schema does not know is refused (422
    ``unknown_field``), never silently ignored."""

    model_config = ConfigDict(extra="forbid")


def max_length(model: type[models.Model], field: str) -> int:
    """The ``max_length`` of a model's CharField, so input limits follow the model."""
    limit = getattr(model._meta.get_field(field), "max_length", None)
    if not isinstance(limit, int):  # pragma: no cover - a programming error
        raise TypeError(f"{model.__name__}.{field} has no max_length")
    return limit


def one_of(values: Iterable[str] | type[models.TextChoices]) -> Any:
    """OpenAPI ``enum`` of a str field (``status: Annotated[str, one_of(Status)]``); the
    values come from the model's TextChoices, so the document follows the model. Only the
    document: the service still judges the value (and says what is wrong in its words)."""
    if isinstance(values, type):
        values = values.values
    return Field(json_schema_extra={"enum": list(values)})


def user_of(request: HttpRequest) -> User:
    """The signed-in caller of an authenticated operation."""
    from foro.core.models import User

    user = request.user
    if not isinstance(user, User):  # pragma: no cover - the operation's auth ran first
        raise AuthenticationError()
    return user


# ---------------------------------------------------------------- problems


#: the ``code`` of a field error
ERROR_CODES = (
    "required",
    "unknown_field",
    "too_long",
    "too_short",
    "wrong_type",
    "not_a_number",
    "not_a_date",
    "too_many_decimals",
    "out_of_range",
    "invalid_choice",
    "invalid_json",
    "invalid",
)


class FieldError(CamelSchema):
    field: str = Field(description="lowerCamelCase dotted path of the input, e.g. goods.0.unit")
    code: Annotated[str, one_of(ERROR_CODES)] = Field(description="a stable code for programs")
    message: str = Field(description="for people, in the caller's language")


class Problem(CamelSchema):
    """RFC 9457 problem details (``application/problem+json``)."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="urn:problem-type:foro:<slug>, stable")
    title: str
    status: int
    detail: str | None = None
    instance: str | None = Field(None, description="the path that was called")
    request_id: str | None = None
    errors: list[FieldError] | None = Field(None, description="every invalid input at once")


_PYDANTIC_CODES = {
    "missing": "required",
    "extra_forbidden": "unknown_field",
    "string_too_long": "too_long",
    "too_long": "too_long",
    "string_too_short": "too_short",
    "too_short": "too_short",
    "int_parsing": "not_a_number",
    "int_type": "not_a_number",
    "int_from_float": "not_a_number",
    "float_parsing": "not_a_number",
    "float_type": "not_a_number",
    "decimal_parsing": "not_a_number",
    "decimal_type": "not_a_number",
    "finite_number": "not_a_number",
    "decimal_max_places": "too_many_decimals",
    "decimal_max_digits": "out_of_range",
    "decimal_whole_digits": "out_of_range",
    "date_parsing": "not_a_date",
    "date_type": "not_a_date",
    "date_from_datetime_parsing": "not_a_date",
    "date_from_datetime_inexact": "not_a_date",
    "datetime_parsing": "not_a_date",
    "datetime_type": "not_a_date",
    "datetime_from_date_parsing": "not_a_date",
    "greater_than": "out_of_range",
    "greater_than_equal": "out_of_range",
    "less_than": "out_of_range",
    "less_than_equal": "out_of_range",
    "enum": "invalid_choice",
    "literal_error": "invalid_choice",
    "json_invalid": "invalid_json",
    "string_type": "wrong_type",
    "bool_parsing": "wrong_type",
    "bool_type": "wrong_type",
    "list_type": "wrong_type",
    "dict_type": "wrong_type",
    "model_type": "wrong_type",
    "model_attributes_type": "wrong_type",
    "uuid_parsing": "wrong_type",
    "uuid_type": "wrong_type",
    "none_required": "wrong_type",
}

_LOC_SOURCES = ("body", "query", "path", "form", "header", "cookie", "file")
#: the name every router gives its request-body parameter
_BODY_PARAM = "payload"


def _camel_path(parts: Iterable[Any]) -> str:
    return ".".join(str(p) if isinstance(p, int) else to_camel(str(p)) for p in parts)


def _loc_to_field(loc: Iterable[Any]) -> str:
    """pydantic's ``("body", "payload", "goods", 0, "unit")`` → ``goods.0.unit``."""
    parts = list(loc)
    if parts and parts[0] in _LOC_SOURCES:
        parts.pop(0)
    if parts and parts[0] == _BODY_PARAM:
        parts.pop(0)
    return _camel_path(parts)


_INDEX = re.compile(r"\[(\d+)\]")


def _service_field(field: str) -> str:
    """A service's field name as an API path: ``goods[2].cnCode`` (1-based, as the pages
    show it) → ``goods.1.cnCode``; snake_case parts → lowerCamelCase."""
    dotted = _INDEX.sub(lambda m: f".{int(m.group(1)) - 1}", field or "")
    return _camel_path(int(p) if p.isdigit() else p for p in dotted.split(".") if p)


def _pydantic_error(error: Mapping[str, Any]) -> dict[str, str]:
    kind = str(error.get("type", ""))
    code = _PYDANTIC_CODES.get(kind, "invalid")
    ctx = error.get("ctx") or {}
    message = str(error.get("msg", ""))
    if code == "required":
        message = _("This field is required.")
    elif code == "unknown_field":
        message = _("Unknown field: remove it or check its spelling.")
    elif kind == "string_too_long":
        message = _("At most %(n)d characters.") % {"n": ctx.get("max_length", 0)}
    elif kind == "too_long":
        message = _("At most %(n)d items.") % {"n": ctx.get("max_length", 0)}
    return {"field": _loc_to_field(error.get("loc", ())), "code": code, "message": message}


def field_errors(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """A service's ``{field, message}`` errors in the API's shape ``{field, code, message}``
    (``code`` is the service's own when it gives one, else ``invalid``)."""
    return [
        {
            "field": _service_field(str(e.get("field", ""))),
            "code": str(e.get("code") or "invalid"),
            "message": str(e.get("message", "")),
        }
        for e in errors
    ]


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


# ---------------------------------------------------------------- the API


class ApiRouter(Router):
    """A router whose operations serialise by alias (lowerCamelCase) by default and
    declare the problems they can answer (see the module's docstring)."""

    def api_operation(self, methods: list[str], path: str, **kwargs: Any) -> Any:
        if kwargs.get("by_alias") is None:
            kwargs["by_alias"] = True
        return super().api_operation(methods, path, **kwargs)

    def add_api_operation(
        self,
        path: str,
        methods: list[str],
        view_func: Callable,
        *,
        response: Any = NOT_SET,
        auth: Any = NOT_SET,
        **kwargs: Any,
    ) -> None:
        signed_in = (auth if auth is not NOT_SET else self.auth) is not None
        sources = {m.__ninja_param_source__ for m in ViewSignature(path, view_func).models}
        responses = _declared_responses(response)
        for status, needed in (
            (400, bool(sources & {"body", "form", "file"})),  # a body that cannot be parsed
            (401, signed_in),
            (403, signed_in),
            (404, "{" in path),
            (422, bool(sources)),
        ):
            if needed:
                responses.setdefault(status, Problem)
        super().add_api_operation(path, methods, view_func, response=responses, auth=auth, **kwargs)


def _declared_responses(response: Any) -> dict[int, Any]:
    if response is NOT_SET:
        return {200: None}  # a file download: see binary()
    if isinstance(response, dict):
        return dict(response)
    return {200: response}


def binary(*content_types: str) -> dict[str, Any]:
    """``openapi_extra`` of an operation that answers a file."""
    return {
        "responses": {
            200: {
                "description": "OK",
                "content": {
                    t: {"schema": {"type": "string", "format": "binary"}} for t in content_types
                },
            }
        }
    }


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


def paginate(request: HttpRequest, queryset: Any, page: int, page_size: int) -> dict[str, Any]:
    """Slice a queryset for 1-based page ``page``; links keep the other query parameters."""
    from foro.core.errors import ValidationFailed

    errors = []
    if page < 1:
        errors.append({"field": "page", "code": "out_of_range", "message": _("page starts at 1")})
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        errors.append(
            {
                "field": "pageSize",
                "code": "out_of_range",
                "message": _("pageSize is between 1 and %(max)d") % {"max": MAX_PAGE_SIZE},
            }
        )
    if errors:
        raise ValidationFailed(errors=errors)
    count = queryset.count() if not isinstance(queryset, list) else len(queryset)
    pages = max(1, math.ceil(count / page_size))
    start = (page - 1) * page_size
    # a page past the last is empty, without asking the database: an offset beyond its
    # integer range (page=9223372036854775807) made SQLite and PostgreSQL fail (a 500)
    items = list(queryset[start : start + page_size]) if start < count else []
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
