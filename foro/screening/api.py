"""API: screening names against the sanctions lists, the lists and their versions, the hit
review queue. For officers, senior officers and management, and for machine clients
through their account's API token; never for applicants."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query
from pydantic import Field

from foro.api import ApiRouter, CamelSchema, Page, paginate
from foro.core.errors import ValidationFailed
from foro.core.services import require
from foro.screening import selectors, services
from foro.screening.models import ScreeningHit
from foro.screening.queries import check_lists, check_threshold, parse_query

router = ApiRouter(tags=["screening"])

MAX_BATCH = 1000


# ---------------------------------------------------------------- matching


class MatchQueryIn(CamelSchema):
    id: str | None = Field(None, max_length=100, description="your reference, echoed back")
    name: str = Field(..., description="the name to screen")
    type: str = Field("", description="person, organisation, vessel or aircraft")
    country: str = Field("", description="ISO alpha-2 code or a country name")
    dob: str = Field("", description="date of birth: YYYY or YYYY-MM-DD")


class MatchIn(CamelSchema):
    """One query (``name`` with its optional fields) or a batch (``queries``), not both."""

    name: str | None = Field(None, description="one query: the name to screen")
    type: str = Field("", description="one query: person, organisation, vessel or aircraft")
    country: str = Field("", description="one query: ISO alpha-2 code or a country name")
    dob: str = Field("", description="one query: YYYY or YYYY-MM-DD")
    queries: list[MatchQueryIn] | None = Field(
        None, description=f"a batch of up to {MAX_BATCH} queries"
    )
    threshold: float | None = Field(
        None, description="lowest score returned, above 0 and at most 1 (default: the engine's)"
    )
    lists: list[str] | None = Field(None, description="list codes to screen against (default: all)")


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
    response=MatchOut,
    summary="Screen one name or a batch of names against the current lists",
)
def matches(request: HttpRequest, payload: MatchIn):
    require(request.user, "screening.screen")
    errors: list[dict] = []
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
        items = [(None, payload.name, payload.type, payload.country, payload.dob, "")]
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


class VersionOut(CamelSchema):
    id: int
    list: str
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
    def resolve_list(obj) -> str:
        return obj.sanctions_list.code

    @staticmethod
    def _diff(obj):
        return getattr(obj, "diff", None)

    @staticmethod
    def resolve_previous_version(obj) -> int | None:
        diff = VersionOut._diff(obj)
        return diff.previous.number if diff is not None and diff.previous_id else None

    @staticmethod
    def resolve_added(obj) -> int | None:
        diff = VersionOut._diff(obj)
        return diff.added_count if diff is not None else None

    @staticmethod
    def resolve_removed(obj) -> int | None:
        diff = VersionOut._diff(obj)
        return diff.removed_count if diff is not None else None

    @staticmethod
    def resolve_changed(obj) -> int | None:
        diff = VersionOut._diff(obj)
        return diff.changed_count if diff is not None else None


class ListOut(CamelSchema):
    code: str
    name_nl: str
    name_en: str
    publisher: str
    format: str
    current_version: VersionOut | None


@router.get(
    "/lists", response=list[ListOut], summary="The sanctions lists and their current version"
)
def list_lists(request: HttpRequest):
    lists = list(selectors.lists_visible_to(request.user))
    current = selectors.current_versions()
    for sanctions_list in lists:
        version = current.get(sanctions_list.pk)
        if version is not None:
            version.sanctions_list = sanctions_list
        sanctions_list.current_version = version
    return lists


@router.get(
    "/lists/{code}/versions", response=list[VersionOut], summary="Every imported version of a list"
)
def list_versions(request: HttpRequest, code: str):
    sanctions_list = selectors.list_get(request.user, code)
    return list(
        selectors.versions_of(request.user, sanctions_list).select_related("diff__previous")
    )


class DiffEntryOut(CamelSchema):
    entry_id: str
    name: str
    kind: str


class DiffOut(CamelSchema):
    version: VersionOut
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
def version_diff(request: HttpRequest, version_id: int):
    version = selectors.version_get(request.user, version_id)
    diff = version.diff
    return {
        "version": version,
        "previous_version": diff.previous.number if diff.previous_id else None,
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


class HitOut(CamelSchema):
    id: int
    subject: SubjectOut
    list: str
    entry_id: str
    version: int = Field(description="number of the list version the entry was found in")
    matched_name: str
    score: float
    explanation: str
    components: dict[str, float]
    status: str
    superseded: bool
    disposition_reason: str
    disposed_by: str | None
    disposed_at: datetime | None
    reopened_at: datetime | None
    previous_disposition: dict[str, Any] | None
    created_at: datetime

    @staticmethod
    def resolve_subject(obj) -> dict:
        s = obj.subject
        return {
            "type": s.subject_type,
            "id": s.subject_id,
            "name": s.name,
            "kind": s.kind,
            "countries": s.countries,
        }

    @staticmethod
    def resolve_list(obj) -> str:
        return obj.sanctions_list.code

    @staticmethod
    def resolve_version(obj) -> int:
        return obj.version.number

    @staticmethod
    def resolve_disposed_by(obj) -> str | None:
        return obj.disposed_by.get_username() if obj.disposed_by_id else None


STATUSES = {s.value for s in ScreeningHit.Status}


@router.get("/hits", response=Page[HitOut], summary="Screening hits (the review queue by default)")
def list_hits(
    request: HttpRequest,
    page: int = 1,
    page_size: int = Query(50, alias="pageSize"),
    status: str = Query(
        "open",
        description="open (the queue: still listed), confirmed, false_positive, or all",
    ),
    q: str = Query("", description="part of the subject's name or of the matched name"),
):
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


@router.get("/hits/{hit_id}", response=HitOut, summary="One screening hit")
def get_hit(request: HttpRequest, hit_id: int):
    require(request.user, "screening.view_hits")
    return selectors.hit_get(request.user, hit_id)


class DispositionIn(CamelSchema):
    status: str = Field(description="confirmed or false_positive")
    reason: str = Field(description="why: required")


@router.post(
    "/hits/{hit_id}/disposition",
    response=HitOut,
    summary="Dispose of a hit: confirmed match or false positive, with a reason",
)
def dispose_hit(request: HttpRequest, hit_id: int, payload: DispositionIn):
    require(request.user, "screening.dispose_hit")
    hit = selectors.hit_get(request.user, hit_id)
    return services.hit_dispose(
        actor=request.user, hit=hit, status=payload.status, reason=payload.reason
    )
