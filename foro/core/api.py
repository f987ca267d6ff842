"""API: countries, organisations, strategic objectives, the current user."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from ninja import Query
from pydantic import Field

from foro.api_base import ApiRouter, CamelSchema, Page, paginate, user_of
from foro.core import search, selectors
from foro.core.errors import NotFound
from foro.core.models import Country, Organisation, StrategicObjective
from foro.core.roles import Role, roles_of
from foro.core.services import require

router = ApiRouter(tags=["core"])


class CountryOut(CamelSchema):
    code: str
    alpha3: str
    name_nl: str
    name_en: str
    is_eu_member: bool
    is_iso: bool


class ObjectiveOut(CamelSchema):
    number: int
    name_nl: str
    name_en: str


class OrganisationOut(CamelSchema):
    id: int
    name: str
    kind: str
    kbo_number: str
    kbo_display: str
    eori_number: str
    vat_number: str
    street: str
    postal_code: str
    city: str
    country: str
    email: str
    website: str

    @staticmethod
    def resolve_country(obj: Organisation) -> str:
        return obj.country_id


class MeOut(CamelSchema):
    username: str
    name: str
    roles: list[Role]
    organisation_id: int | None
    language: str


@router.get("/countries", response=Page[CountryOut], summary="List countries (ISO 3166-1)")
def list_countries(
    request: HttpRequest,
    page: int = 1,
    page_size: int = Query(50, alias="pageSize"),
    eu: bool | None = Query(
        None, description="only EU member states (true) or only others (false)"
    ),
) -> dict[str, Any]:
    require(request.user, "core.view_country")
    qs = selectors.countries().order_by("code")
    if eu is not None:
        qs = qs.filter(is_eu_member=eu)
    return paginate(request, qs, page, page_size)


@router.get("/countries/{code}", response=CountryOut, summary="One country")
def get_country(request: HttpRequest, code: str) -> Country:
    require(request.user, "core.view_country")
    country = selectors.countries().filter(code=code.upper()).first()
    if country is None:
        raise NotFound()
    return country


@router.get("/objectives", response=list[ObjectiveOut], summary="The nine strategic objectives")
def list_objectives(request: HttpRequest) -> list[StrategicObjective]:
    require(request.user, "core.view_objective")
    return list(selectors.objectives())


@router.get(
    "/organisations", response=Page[OrganisationOut], summary="Organisations visible to you"
)
def list_organisations(
    request: HttpRequest,
    page: int = 1,
    page_size: int = Query(50, alias="pageSize"),
    q: str = Query("", description="part of the name or the enterprise number"),
) -> dict[str, Any]:
    qs = selectors.organisations_visible_to(user_of(request))
    if q:
        digits = "".join(ch for ch in q if ch.isdigit())
        cond = Q(name__icontains=q)
        if len(digits) >= 4:
            cond |= Q(kbo_number__contains=digits)
        qs = qs.filter(cond)
    return paginate(request, qs.order_by("name", "pk"), page, page_size)


@router.get("/organisations/{org_id}", response=OrganisationOut, summary="One organisation")
def get_organisation(request: HttpRequest, org_id: int) -> Organisation:
    return selectors.organisation_get(user_of(request), org_id)


@router.get("/me", response=MeOut, summary="Who you are signed in as")
def me(request: HttpRequest) -> dict[str, Any]:
    user = user_of(request)
    return {
        "username": user.get_username(),
        "name": user.display_name(),
        "roles": sorted(r.value for r in roles_of(user)),
        "organisation_id": user.organisation_id,
        "language": user.preferred_language,
    }


class SearchHitOut(CamelSchema):
    title: str
    url: str
    detail: str


class SearchGroupOut(CamelSchema):
    key: str = Field(description="the module's item type, e.g. organisations, licences, barriers")
    label: str
    total: int = Field(
        description="how many items of this type you may open match, counted up to 1,001 "
        "(see capped)"
    )
    capped: bool = Field(
        description="more items match than were counted: total says only 'more than 1,000'"
    )
    hits: list[SearchHitOut]


class SearchOut(CamelSchema):
    query: str
    total: int = Field(description="the groups' totals added up")
    capped: bool = Field(description="a group's total is a lower bound (see its capped)")
    groups: list[SearchGroupOut]


@router.get("/search", response=SearchOut, summary="Search every module (what you may open)")
def search_everything(
    request: HttpRequest,
    q: str = Query(..., max_length=search.MAX_QUERY),
    limit: int = Query(5, ge=1, le=50),
) -> dict[str, Any]:
    """Results grouped by module; each group counts only items the caller may open."""
    groups = search.search(user_of(request), q, limit=limit)
    return {
        "query": " ".join(q.split()),
        "total": sum(g.total for g in groups),
        "capped": any(g.capped for g in groups),
        "groups": [
            {
                "key": g.key,
                "label": str(g.label),
                "total": g.total,
                "capped": g.capped,
                "hits": list(g.hits),
            }
            for g in groups
        ],
    }
