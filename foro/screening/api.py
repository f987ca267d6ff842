"""API: screening names against the sanctions lists, the lists and their versions, the hit
review queue. For officers, senior officers and management, and for machine clients
through their account's API token; never for applicants."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query
from pydantic import Field

from foro.api_base import (
    ApiRouter,
    CamelSchema,
    InputSchema,
    Page,
    Problem,
    max_length,
    one_of,
    paginate,
    user_of,
)
from foro.core.errors import ValidationFailed
from foro.core.services import require
from foro.screening import selectors, services
from foro.screening.models import ListVersion, SanctionsList, ScreeningHit
from foro.screening.queries import KINDS, MAX_NAME, check_lists, check_threshold, parse_query

router = ApiRouter(tags=["screening"])

MAX_BATCH = 1000


# ---------------------------------------------------------------- matching


#: a country name, as long as the longest one written out in full
MAX_COUNTRY = 100
LIST_CODE = max_length(SanctionsList, "code")
ENTITY_KIND = one_of(["", *KINDS])


class MatchQueryIn(InputSchema):
    id: str | None = Field(None, max_length=100, description="your reference, echoed back")
    name: str = Field(..., max_length=MAX_NAME, description="the name to screen")
    type: Annotated[str, ENTITY_KIND] = Field(
        "", max_length=20, description="person, organisation, vessel or aircraft"
    )
    country: str = Field(
        "", max_length=MAX_COUNTRY, description="ISO alpha-2 code or a country name"
    )
    dob: str = Field("", max_length=10, description="date of birth: YYYY or YYYY-MM-DD")


class MatchIn(InputSchema):
    """One query (``name`` with its optional fields) or a batch (``queries``), not both."""

    name: str | None = Field(None, max_length=MAX_NAME, description="one query: the name to screen")
    type: Annotated[str, ENTITY_KIND] = Field(
        "", max_length=20, description="one query: person, organisation, vessel or aircraft"
    )
    country: str = Field(
        "", max_length=MAX_COUNTRY, description="one query: ISO alpha-2 code or a country name"
    )
    dob: str = Field("", max_length=10, description="one query: YYYY or YYYY-MM-DD")
    queries: list[MatchQueryIn] | None = Field(
        None, max_length=MAX_BATCH, description=f"a batch of up to {MAX_BATCH} queries"
    )
    threshold: float | None = Field(
        None, description="lowest score returned, above 0 and at most 1 (default: the engine's)"
    )
    lists: list[Annotated[str, Field(max_length=LIST_CODE)]] | None = Field(
        None, description="list codes to screen against (default: all)"
    )


class MatchHitOut(CamelSchema):
    list: str
    entry_id: str = Field(description="the publisher's own id of the entry")
    matched_name: str
    score: float
    explanation: str


class MatchResultOut(CamelSchema):
    id: str | None
    name: str
    hits: list[MatchHitOut]


class MatchOut(CamelSchema):
    threshold: float
    versions: dict[str, int] = Field(description="list code: version number screened against")
    results: list[MatchResultOut]


@router.post(
    "/matches",
    response={200: MatchOut, 503: Problem},
    summary="Screen one name or a batch of names against the current lists",
)
def matches(request: HttpRequest, payload: MatchIn) -> dict[str, Any]:
    require(request.user, "screening.screen")
    errors: list[dict] = []
    items: list[tuple[str | None, str, str, str, str, str]]
    if (payload.name is None) == (payload.queries is None):
        raise ValidationFailed(
            errors=[{"field": "name", "message": _("Give either name (one query) or queries.")}]
        )
    if payload.queries is not None:
        if not 1 <= len(payload.queries) <= MAX_BATCH:
            raise ValidationFailed(
                errors=[
                    {
                        "field": "queries",
                        "message": _("Give 1 to %(n)d queries.") % {"n": MAX_BATCH},
                    }
                ]
            )
        items = [
            (q.id, q.name, q.type, q.country, q.dob, f"queries.{i}.")
            for i, q in enumerate(payload.queries)
        ]
    else:
        items = [(None, payload.name or "", payload.type, payload.country, payload.dob, "")]
    parsed = []
    for ref, name, kind, country, dob, prefix in items:
        p = parse_query(name=name, kind=kind, country=country, dob=dob, prefix=prefix)
        errors.extend(p.errors)
        parsed.append((ref, p.query))
    threshold, threshold_errors = check_threshold(payload.threshold)
    lists, list_errors = check_lists(payload.lists, selectors.loaded_list_codes())
    errors += threshold_errors + list_errors
    if errors:
        raise ValidationFailed(errors=errors)
    run = selectors.screen([q for _ref, q in parsed], threshold=threshold, lists=lists)
    return {
        "threshold": run.threshold,
        "versions": run.versions,
        "results": [
            {
                "id": ref,
                "name": query.name,
                "hits": [
                    {
                        "list": h.list_code,
                        "entry_id": h.entry_id,
                        "matched_name": h.matched_name,
                        "score": h.score,
                        "explanation": h.explanation,
                    }
                    for h in hits
                ],
            }
            for (ref, query), hits in zip(parsed, run.results, strict=True)
        ],
    }


# ---------------------------------------------------------------- lists


class FileOut(CamelSchema):
    name: str
    sha256: str
    size: int


class ListVersionOut(CamelSchema):
    id: int
    list_code: str = Field(alias="list")
    number: int
    format: str
    sha256: str
    files: list[FileOut]
    counts: dict[str, Any]
    entry_count: int
    published: date | None
    imported_at: datetime
    imported_by: str
    is_current: bool
    previous_version: int | None = None
    added: int | None = None
    removed: int | None = None
    changed: int | None = None

    @staticmethod
    def resolve_list_code(obj: ListVersion) -> str:
        return obj.sanctions_list.code

    @staticmethod
    def _diff(obj: ListVersion) -> Any:
        return getattr(obj, "diff", None)

    @staticmethod
    def resolve_previous_version(obj: ListVersion) -> int | None:
        diff = ListVersionOut._diff(obj)
        return diff.previous.number if diff is not None and diff.previous_id else None

    @staticmethod
    def resolve_added(obj: ListVersion) -> int | None:
        diff = ListVersionOut._diff(obj)
        return diff.added_count if diff is not None else None

    @staticmethod
    def resolve_removed(obj: ListVersion) -> int | None:
        diff = ListVersionOut._diff(obj)
        return diff.removed_count if diff is not None else None

    @staticmethod
    def resolve_changed(obj: ListVersion) -> int | None:
        diff = ListVersionOut._diff(obj)
        return diff.changed_count if diff is not None else None


class SanctionsListOut(CamelSchema):
    code: str
    name_nl: str
    name_en: str
    publisher: str
    format: str
    current_version: ListVersionOut | None


@router.get(
    "/lists",
    response=list[SanctionsListOut],
    summary="The sanctions lists and their current version",
)
def list_lists(request: HttpRequest) -> list[dict[str, Any]]:
    lists = list(selectors.lists_visible_to(request.user))
    current = {
        v.sanctions_list_id: v
        for v in ListVersion.objects.filter(is_current=True).select_related(
            "sanctions_list", "diff__previous"
        )
    }
    return [
        {
            "code": sanctions_list.code,
            "name_nl": sanctions_list.name_nl,
            "name_en": sanctions_list.name_en,
            "publisher": sanctions_list.publisher,
            "format": sanctions_list.format,
            "current_version": current.get(sanctions_list.pk),
        }
        for sanctions_list in lists
    ]


@router.get(
    "/lists/{code}/versions",
    response=list[ListVersionOut],
    summary="Every imported version of a list",
)
def list_versions(request: HttpRequest, code: str) -> list[ListVersion]:
    sanctions_list = selectors.list_get(request.user, code)
    return list(
        selectors.versions_of(request.user, sanctions_list).select_related("diff__previous")
    )


class DiffEntryOut(CamelSchema):
    entry_id: str
    name: str
    kind: str


class DiffOut(CamelSchema):
    version: ListVersionOut
    previous_version: int | None
    added: list[DiffEntryOut]
    removed: list[DiffEntryOut]
    changed: list[DiffEntryOut]
    unchanged_count: int


@router.get(
    "/versions/{version_id}/diff",
    response=DiffOut,
    summary="What a version added, removed and changed against the version before it",
)
def version_diff(request: HttpRequest, version_id: int) -> dict[str, Any]:
    version = selectors.version_get(request.user, version_id)
    diff = version.diff
    return {
        "version": version,
        "previous_version": diff.previous.number if diff.previous else None,
        "added": selectors.diff_rows(diff, "added"),
        "removed": selectors.diff_rows(diff, "removed"),
        "changed": selectors.diff_rows(diff, "changed"),
        "unchanged_count": diff.unchanged_count,
    }


# ---------------------------------------------------------------- hits


class SubjectOut(CamelSchema):
    type: str
    id: str
    name: str
    kind: str
    countries: list[str]


class ScreeningHitOut(CamelSchema):
    id: int
    subject: SubjectOut
    list: str
    entry_id: str
    version: int = Field(description="number of the list version the entry was found in")
    matched_name: str
    score: float
    explanation: str
    components: dict[str, float]
    status: Annotated[str, one_of(ScreeningHit.Status)]
    superseded: bool
    disposition_reason: str
    disposed_by: str | None
    disposed_at: datetime | None
    reopened_at: datetime | None
    previous_disposition: dict[str, Any] | None
    created_at: datetime

    @staticmethod
    def resolve_subject(obj: ScreeningHit) -> dict[str, Any]:
        s = obj.subject
        return {
            "type": s.subject_type,
            "id": s.subject_id,
            "name": s.name,
            "kind": s.kind,
            "countries": s.countries,
        }

    @staticmethod
    def resolve_list(obj: ScreeningHit) -> str:
        return obj.sanctions_list.code

    @staticmethod
    def resolve_version(obj: ScreeningHit) -> int:
        return obj.version.number

    @staticmethod
    def resolve_disposed_by(obj: ScreeningHit) -> str | None:
        return obj.disposed_by.get_username() if obj.disposed_by else None


STATUSES = {s.value for s in ScreeningHit.Status}
#: the longest reason a disposition keeps (services.hit_dispose)
DISPOSITION_REASON = 4000


@router.get(
    "/hits", response=Page[ScreeningHitOut], summary="Screening hits (the review queue by default)"
)
def list_hits(
    request: HttpRequest,
    page: int = 1,
    page_size: int = Query(50, alias="pageSize"),
    status: str = Query(
        "open",
        description="open (the queue: still listed), confirmed, false_positive, or all",
    ),
    q: str = Query("", description="part of the subject's name or of the matched name"),
) -> dict[str, Any]:
    if status != "all" and status not in STATUSES:
        raise ValidationFailed(
            errors=[
                {"field": "status", "message": _("Use open, confirmed, false_positive or all.")}
            ]
        )
    qs = selectors.hit_queue(request.user, None if status == "all" else status)
    if q:
        qs = qs.filter(Q(subject__name__icontains=q) | Q(matched_name__icontains=q))
    return paginate(request, qs, page, page_size)


@router.get("/hits/{hit_id}", response=ScreeningHitOut, summary="One screening hit")
def get_hit(request: HttpRequest, hit_id: int) -> ScreeningHit:
    require(request.user, "screening.view_hits")
    return selectors.hit_get(request.user, hit_id)


class DispositionIn(InputSchema):
    status: Annotated[str, one_of(["confirmed", "false_positive"])] = Field(
        max_length=max_length(ScreeningHit, "status"), description="confirmed or false_positive"
    )
    reason: str = Field(max_length=DISPOSITION_REASON, description="why: required")


@router.post(
    "/hits/{hit_id}/disposition",
    response={200: ScreeningHitOut, 409: Problem},
    summary="Dispose of a hit: confirmed match or false positive, with a reason",
)
def dispose_hit(request: HttpRequest, hit_id: int, payload: DispositionIn) -> ScreeningHit:
    require(request.user, "screening.dispose_hit")
    hit = selectors.hit_get(request.user, hit_id)
    return services.hit_dispose(
        actor=user_of(request), hit=hit, status=payload.status, reason=payload.reason
    )
