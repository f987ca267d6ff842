"""API: Development cooperation, under /api/v1/devcoop/.

Thin: parse, call one service or selector, serialise. The two IATI files are public (no
sign-in): IATI publication needs a public URL; they serve the last approved publication."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Query
from ninja.responses import Status as Created
from pydantic import Field

from foro.api_base import (
    ApiRouter,
    CamelSchema,
    DbInt,
    InputSchema,
    Page,
    Problem,
    binary,
    max_length,
    one_of,
    paginate,
    user_of,
)
from foro.core.errors import NotFound
from foro.devcoop import selectors, services
from foro.devcoop.models import Activity, PublishedFile, Transaction

router = ApiRouter(tags=["devcoop"])

XML = "application/xml"


#: IATI codelists (2.03) the API names as enums: ActivityStatus and OrganisationRole
IATI_ACTIVITY_STATUS = ["1", "2", "3", "4", "5", "6"]
IATI_ORGANISATION_ROLE = ["1", "2", "3", "4"]


class ActivitySummaryOut(CamelSchema):
    id: int
    iati_identifier: str
    title_nl: str
    title_en: str
    source: Annotated[str, one_of(Activity.Source)]
    state: Annotated[str, one_of(Activity.State)]
    #: the IATI ActivityStatus code
    status: Annotated[str, one_of(IATI_ACTIVITY_STATUS)]
    recipient_country: str | None
    recipient_region: str
    reporting_org: str
    revision: int
    last_updated: dt.datetime


class SectorOut(CamelSchema):
    vocabulary: str
    code: str
    percentage: Decimal | None


class ParticipantOut(CamelSchema):
    #: the IATI OrganisationRole code
    role: Annotated[str, one_of(IATI_ORGANISATION_ROLE)]
    ref: str
    name: str
    type: str


class TransactionOut(CamelSchema):
    id: int
    type: str
    date: dt.date
    value: Decimal
    currency: str
    value_eur: Decimal | None
    eur_rate: Decimal | None
    eur_rate_date: dt.date | None
    provider_name: str
    receiver_name: str


class BudgetOut(CamelSchema):
    period_start: dt.date
    period_end: dt.date
    value: Decimal
    currency: str


class ActivityOut(ActivitySummaryOut):
    description_nl: str
    description_en: str
    default_currency: str
    planned_start: dt.date | None
    actual_start: dt.date | None
    planned_end: dt.date | None
    actual_end: dt.date | None
    participants: list[ParticipantOut]
    sectors: list[SectorOut]
    budgets: list[BudgetOut]
    transactions: list[TransactionOut]
    objectives: list[int]
    completeness: int
    missing: list[str]


class ParticipantIn(InputSchema):
    role: Annotated[str, one_of(IATI_ORGANISATION_ROLE)] = Field(max_length=1)
    ref: str = Field("", max_length=150)
    name: str = Field("", max_length=300)
    type: str = Field("", max_length=4)


class SectorIn(InputSchema):
    code: str = Field(max_length=20)
    percentage: Decimal = Field(ge=0, le=100)
    vocabulary: str = Field("1", max_length=3)


class LocationIn(InputSchema):
    name: str = Field(max_length=200)
    latitude: Decimal = Field(ge=-90, le=90)
    longitude: Decimal = Field(ge=-180, le=180)


class MarkerIn(InputSchema):
    code: str = Field(max_length=4)
    significance: str = Field(max_length=2)


class ActivityIn(InputSchema):
    identifier: str = Field(max_length=100, description="put after our organisation identifier")
    title_nl: str = Field("", max_length=max_length(Activity, "title_nl"))
    title_en: str = Field("", max_length=max_length(Activity, "title_en"))
    description_nl: str = Field("", max_length=20_000)
    description_en: str = Field("", max_length=20_000)
    status: str = Field("2", max_length=2)
    planned_start: dt.date | None = None
    actual_start: dt.date | None = None
    planned_end: dt.date | None = None
    actual_end: dt.date | None = None
    recipient_country: str = Field("", max_length=2)
    recipient_region: str = Field("", max_length=6)
    default_currency: str = Field("EUR", max_length=3)
    collaboration_type: str = Field("", max_length=2)
    default_flow_type: str = Field("", max_length=4)
    default_finance_type: str = Field("", max_length=4)
    default_aid_type: str = Field("", max_length=4)
    default_tied_status: str = Field("", max_length=2)
    participants: list[ParticipantIn] = Field(default_factory=list, max_length=50)
    sectors: list[SectorIn] = Field(default_factory=list, max_length=50)
    locations: list[LocationIn] = Field(default_factory=list, max_length=100)
    markers: list[MarkerIn] = Field(default_factory=list, max_length=20)
    objectives: list[DbInt] = Field(default_factory=list, max_length=9)


class TransactionIn(InputSchema):
    type: Annotated[str, one_of(Transaction.Type)] = Field(max_length=2)
    date: dt.date
    value: Decimal = Field(max_digits=16, decimal_places=2)
    currency: str = Field(max_length=3)
    description: str = Field("", max_length=500)
    provider_ref: str = Field("", max_length=150)
    provider_name: str = Field("", max_length=300)
    receiver_ref: str = Field("", max_length=150)
    receiver_name: str = Field("", max_length=300)


def _summary(a: Activity) -> dict[str, Any]:
    return {
        "id": a.pk,
        "iati_identifier": a.iati_identifier,
        "title_nl": a.title_nl,
        "title_en": a.title_en,
        "source": a.source,
        "state": a.state,
        "status": a.status,
        "recipient_country": a.recipient_country_id,
        "recipient_region": a.recipient_region,
        "reporting_org": a.reporting_org_ref,
        "revision": a.revision,
        "last_updated": a.last_updated,
    }


def _detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    a = selectors.activity_get(user_of(request), pk)
    c = selectors.completeness(a)
    return {
        **_summary(a),
        "description_nl": a.description_nl,
        "description_en": a.description_en,
        "default_currency": a.default_currency,
        "planned_start": a.planned_start,
        "actual_start": a.actual_start,
        "planned_end": a.planned_end,
        "actual_end": a.actual_end,
        "participants": list(a.participants.values("role", "ref", "name", "type")),
        "sectors": list(a.sectors.values("vocabulary", "code", "percentage")),
        "budgets": list(a.budgets.values("period_start", "period_end", "value", "currency")),
        "transactions": [
            {
                "id": t.pk,
                "type": t.type,
                "date": t.date,
                "value": t.value,
                "currency": t.currency,
                "value_eur": t.value_eur,
                "eur_rate": t.eur_rate,
                "eur_rate_date": t.eur_rate_date,
                "provider_name": t.provider_name,
                "receiver_name": t.receiver_name,
            }
            for t in a.transactions.all()
        ],
        "objectives": list(a.objectives.values_list("pk", flat=True)),
        "completeness": c.score,
        "missing": c.missing,
    }


@router.get("/activities", response=Page[ActivitySummaryOut], summary="The portfolio")
def list_activities(
    request: HttpRequest,
    page: int = 1,
    page_size: int = Query(25, alias="pageSize"),  # type: ignore[type-arg]
    country: str = "",
    state: str = "",
    source: str = "",
    q: str = "",
) -> dict[str, Any]:
    qs = selectors.portfolio(
        user_of(request), country=country, state=state, source=source, q=q[:100]
    )
    result = paginate(request, qs, page, page_size)
    result["items"] = [_summary(a) for a in result["items"]]
    return result


@router.get("/activities/{activity_id}", response=ActivityOut, summary="One activity")
def get_activity(request: HttpRequest, activity_id: int) -> dict[str, Any]:
    return _detail(request, activity_id)


@router.post("/activities", response={201: ActivityOut}, summary="Create a draft activity")
def create_activity(request: HttpRequest, payload: ActivityIn) -> Created:  # type: ignore[type-arg]
    data = payload.model_dump()
    for key in ("participants", "sectors", "locations", "markers"):
        data[key] = [{k: str(v) for k, v in row.items()} for row in data[key]]
    activity = services.activity_create(actor=user_of(request), data=data)
    return Created(201, _detail(request, activity.pk))


@router.post(
    "/activities/{activity_id}/transactions",
    response={201: ActivityOut},
    summary="Record a transaction (its EUR value at the ECB rate of its date)",
)
def add_transaction(request: HttpRequest, activity_id: int, payload: TransactionIn) -> Created:  # type: ignore[type-arg]
    user = user_of(request)
    activity = selectors.activity_get(user, activity_id)
    services.transaction_add(actor=user, activity=activity, data=payload.model_dump())
    return Created(201, _detail(request, activity_id))


@router.post(
    "/activities/{activity_id}/publication-request",
    response=ActivityOut,
    summary="Ask for publication (validated against the XSD, the ruleset and the codelists)",
)
def request_publication(request: HttpRequest, activity_id: int) -> dict[str, Any]:
    user = user_of(request)
    services.publication_request(actor=user, activity=selectors.activity_get(user, activity_id))
    return _detail(request, activity_id)


@router.post(
    "/activities/{activity_id}/approve",
    response=ActivityOut,
    summary="Approve a publication (someone other than who asked)",
)
def approve_publication(request: HttpRequest, activity_id: int) -> dict[str, Any]:
    user = user_of(request)
    services.publication_approve(actor=user, activity=selectors.activity_get(user, activity_id))
    return _detail(request, activity_id)


def _file(kind: str) -> HttpResponse:
    published = selectors.latest_file(kind)
    if published is None:
        raise NotFound()
    response = HttpResponse(published.xml.encode("utf-8"), content_type=f"{XML}; charset=utf-8")
    response["ETag"] = f'"{published.sha256}"'
    response["Last-Modified"] = published.generated_at.strftime("%a, %d %b %Y %H:%M:%S GMT")
    return response


@router.get(
    "/iati/activities.xml",
    auth=None,
    response={200: None, 404: Problem},  # 404 until a file is published
    summary="The published IATI 2.03 activity file (public)",
    openapi_extra=binary(XML),
)
def iati_activities(request: HttpRequest) -> HttpResponse:
    return _file(PublishedFile.Kind.ACTIVITIES)


@router.get(
    "/iati/organisation.xml",
    auth=None,
    response={200: None, 404: Problem},  # 404 until a file is published
    summary="The published IATI 2.03 organisation file (public)",
    openapi_extra=binary(XML),
)
def iati_organisation(request: HttpRequest) -> HttpResponse:
    return _file(PublishedFile.Kind.ORGANISATION)
