"""API: Trade policy (barriers, agreements, figures). Thin: parse, call, serialise; every
list starts from a selector, every write goes through a service."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Query
from ninja.responses import Status as Created
from pydantic import Field

from foro.api_base import (
    MAX_TEXT,
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
from foro.core.errors import NotFound, ValidationFailed
from foro.core.services import require
from foro.trade import selectors, services, workflow
from foro.trade.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Barrier,
    BarrierStatus,
    EscalatedTo,
    FigureFlow,
    Priority,
    ReportedBy,
    SummaryStatus,
    TradeFigure,
)

router = ApiRouter(tags=["trade"])


# ---------------------------------------------------------------- barriers


class BarrierOut(CamelSchema):
    id: int
    reference: str
    title: str
    country: str
    sector: str
    hs_codes: list[str]
    description: str
    value_at_stake_eur: Decimal | None
    priority: Annotated[str, one_of(Priority)]
    status: Annotated[str, one_of(BarrierStatus)]
    reported_by: Annotated[str, one_of(ReportedBy)]
    escalated_to: str
    summary_status: Annotated[str, one_of(SummaryStatus)]
    public_title: str
    public_summary: str
    created_at: datetime.datetime
    #: the steps the caller may take now (from the transition table)
    actions: list[str]


def _barrier_out(user: Any, b: Barrier) -> dict[str, Any]:
    return {
        "id": b.pk,
        "reference": b.reference,
        "title": b.title,
        "country": b.country.code,
        "sector": b.sector,
        "hs_codes": list(b.hs_codes),
        "description": b.description,
        "value_at_stake_eur": b.value_at_stake_eur,
        "priority": b.priority,
        "status": b.status,
        "reported_by": b.reported_by_kind,
        "escalated_to": b.escalated_to,
        "summary_status": b.summary_status,
        "public_title": b.public_title,
        "public_summary": b.public_summary,
        "created_at": b.created_at,
        "actions": [t.action for t in workflow.available(user, b)],
    }


class BarrierIn(InputSchema):
    title: str = Field(max_length=max_length(Barrier, "title"))
    country: str = Field(max_length=2, description="ISO 3166-1 alpha-2")
    sector: str = Field(max_length=max_length(Barrier, "sector"))
    hs_codes: list[Annotated[str, Field(max_length=12)]] = Field(
        default_factory=list, max_length=services.MAX_HS_CODES
    )
    description: str = Field(max_length=MAX_TEXT)
    value_at_stake_eur: Decimal | None = Field(None, ge=0, max_digits=15, decimal_places=2)
    priority: Annotated[str, one_of(Priority)] = Field("medium", max_length=10)


class BarrierActionIn(InputSchema):
    note: str = Field("", max_length=MAX_TEXT)
    priority: Annotated[str, one_of(Priority)] = Field("", max_length=10)
    escalated_to: Annotated[str, one_of(EscalatedTo)] = Field("", max_length=10)
    expected_status: Annotated[str, one_of(BarrierStatus)] | None = Field(None, max_length=20)


class SummaryIn(InputSchema):
    public_title: str = Field(max_length=max_length(Barrier, "public_title"))
    public_summary: str = Field(max_length=MAX_TEXT)


@router.get("/barriers", response=Page[BarrierOut], summary="Market-access barriers visible to you")
def list_barriers(
    request: HttpRequest,
    page: int = 1,
    page_size: int = Query(25, alias="pageSize"),  # type: ignore[type-arg]
    status: str = "",
    country: str = "",
) -> dict[str, Any]:
    user = user_of(request)
    require(user, "trade.list_barriers")
    qs = selectors.barriers_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    if country:
        qs = qs.filter(country__code=country.upper())
    result = paginate(request, qs.order_by("-created_at", "-id"), page, page_size)
    result["items"] = [_barrier_out(user, b) for b in result["items"]]
    return result


@router.get("/barriers/{barrier_id}", response=BarrierOut, summary="One barrier")
def get_barrier(request: HttpRequest, barrier_id: int) -> dict[str, Any]:
    user = user_of(request)
    return _barrier_out(user, selectors.barrier_get(user, barrier_id))


@router.post("/barriers", response={201: BarrierOut}, summary="Report a barrier")
def report_barrier(request: HttpRequest, payload: BarrierIn) -> Created[dict[str, Any]]:
    user = user_of(request)
    data = payload.model_dump()
    barrier = services.barrier_report(actor=user, data=data)
    return Created(201, _barrier_out(user, selectors.barrier_get(user, barrier.pk)))


@router.post(
    "/barriers/{barrier_id}/actions/{action}",
    response={200: BarrierOut, 409: Problem},
    summary="Take a step of the barrier workflow",
)
def act_on_barrier(
    request: HttpRequest, barrier_id: int, action: str, payload: BarrierActionIn
) -> dict[str, Any]:
    user = user_of(request)
    barrier = selectors.barrier_get(user, barrier_id)
    if workflow.transition(action) is None:
        raise NotFound()
    barrier = services.barrier_act(
        actor=user,
        barrier=barrier,
        action=action,
        note=payload.note,
        priority=payload.priority,
        escalated_to=payload.escalated_to,
        expected_status=payload.expected_status,
    )
    return _barrier_out(user, selectors.barrier_get(user, barrier.pk))


@router.post(
    "/barriers/{barrier_id}/summary",
    response={200: BarrierOut, 409: Problem},
    summary="Propose the public summary",
)
def propose_summary(request: HttpRequest, barrier_id: int, payload: SummaryIn) -> dict[str, Any]:
    user = user_of(request)
    barrier = services.barrier_summary_propose(
        actor=user,
        barrier=selectors.barrier_get(user, barrier_id),
        title=payload.public_title,
        summary=payload.public_summary,
    )
    return _barrier_out(user, selectors.barrier_get(user, barrier.pk))


@router.post(
    "/barriers/{barrier_id}/summary/approve",
    response={200: BarrierOut, 409: Problem},
    summary="Approve and publish the public summary (not by its proposer)",
)
def approve_summary(request: HttpRequest, barrier_id: int) -> dict[str, Any]:
    user = user_of(request)
    barrier = services.barrier_summary_approve(
        actor=user, barrier=selectors.barrier_get(user, barrier_id)
    )
    return _barrier_out(user, selectors.barrier_get(user, barrier.pk))


# ---------------------------------------------------------------- agreements


class ChapterSchema(CamelSchema):
    title: str = Field(max_length=200)
    interest: str = Field("", max_length=2000)


class ChapterIn(InputSchema):
    title: str = Field(max_length=200)
    interest: str = Field("", max_length=2000)


class AgreementOut(CamelSchema):
    id: int
    name_nl: str
    name_en: str
    short_name: str
    kind: Annotated[str, one_of(AgreementKind)]
    status: Annotated[str, one_of(AgreementStatus)]
    partners: list[str]
    is_mixed: bool
    treaty_reference: str
    negotiations_opened_on: datetime.date | None
    concluded_on: datetime.date | None
    signed_on: datetime.date | None
    provisional_from: datetime.date | None
    in_force_from: datetime.date | None
    chapters: list[ChapterSchema]

    @staticmethod
    def resolve_partners(obj: Agreement) -> list[str]:
        return sorted(c.code for c in obj.partners.all())


class AgreementIn(InputSchema):
    name_nl: str = Field(max_length=max_length(Agreement, "name_nl"))
    name_en: str = Field(max_length=max_length(Agreement, "name_en"))
    short_name: str = Field("", max_length=max_length(Agreement, "short_name"))
    kind: Annotated[str, one_of(AgreementKind)] = Field(max_length=20)
    status: Annotated[str, one_of(AgreementStatus)] = Field(max_length=20)
    partners: list[Annotated[str, Field(max_length=2)]] = Field(max_length=60)
    is_mixed: bool = False
    treaty_reference: str = Field("", max_length=max_length(Agreement, "treaty_reference"))
    negotiations_opened_on: datetime.date | None = None
    concluded_on: datetime.date | None = None
    signed_on: datetime.date | None = None
    provisional_from: datetime.date | None = None
    in_force_from: datetime.date | None = None
    chapters: list[ChapterIn] = Field(default_factory=list, max_length=50)
    notes: str = Field("", max_length=MAX_TEXT)


@router.get("/agreements", response=Page[AgreementOut], summary="Trade agreements")
def list_agreements(
    request: HttpRequest,
    page: int = 1,
    page_size: int = Query(25, alias="pageSize"),  # type: ignore[type-arg]
    status: str = "",
    country: str = "",
) -> dict[str, Any]:
    user = user_of(request)
    require(user, "trade.view_agreement")
    qs = selectors.agreements_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    if country:
        qs = qs.filter(partners__code=country.upper())
    return paginate(request, qs.order_by("name_en", "id"), page, page_size)


@router.get("/agreements/{agreement_id}", response=AgreementOut, summary="One trade agreement")
def get_agreement(request: HttpRequest, agreement_id: int) -> Agreement:
    return selectors.agreement_get(user_of(request), agreement_id)


@router.post("/agreements", response={201: AgreementOut}, summary="Register a trade agreement")
def create_agreement(request: HttpRequest, payload: AgreementIn) -> Created[Agreement]:
    user = user_of(request)
    agreement = services.agreement_create(actor=user, data=payload.model_dump())
    return Created(201, selectors.agreement_get(user, agreement.pk))


@router.put("/agreements/{agreement_id}", response=AgreementOut, summary="Change a trade agreement")
def update_agreement(request: HttpRequest, agreement_id: int, payload: AgreementIn) -> Agreement:
    user = user_of(request)
    agreement = services.agreement_update(
        actor=user, agreement=selectors.agreement_get(user, agreement_id), data=payload.model_dump()
    )
    return selectors.agreement_get(user, agreement.pk)


# ---------------------------------------------------------------- figures


class FigureOut(CamelSchema):
    partner: str
    reporter: str
    flow: Annotated[str, one_of(FigureFlow)]
    product_code: str
    year: int
    value_eur: Decimal
    flag: str
    source: str
    dataset: str
    last_update: str
    written_from_documentation: bool

    @staticmethod
    def resolve_partner(obj: TradeFigure) -> str:
        return obj.partner.code

    @staticmethod
    def resolve_source(obj: TradeFigure) -> str:
        return obj.source_import.source

    @staticmethod
    def resolve_dataset(obj: TradeFigure) -> str:
        return obj.source_import.dataset

    @staticmethod
    def resolve_last_update(obj: TradeFigure) -> str:
        return obj.source_import.last_update

    @staticmethod
    def resolve_written_from_documentation(obj: TradeFigure) -> bool:
        return obj.source_import.is_fixture


@router.get("/figures", response=Page[FigureOut], summary="Trade figures per partner country")
def list_figures(
    request: HttpRequest,
    page: int = 1,
    page_size: int = Query(25, alias="pageSize"),  # type: ignore[type-arg]
    country: str = "",
    flow: str = "",
    product: str = "",
    year: int | None = None,
) -> dict[str, Any]:
    user = user_of(request)
    require(user, "trade.view_figures")
    qs = selectors.figures_visible_to(user).select_related("source_import")
    if country:
        qs = qs.filter(partner__code=country.upper())
    if flow:
        if flow not in FigureFlow.values:
            raise ValidationFailed(
                errors=[{"field": "flow", "code": "invalid_choice", "message": "export or import"}]
            )
        qs = qs.filter(flow=flow)
    if product:
        qs = qs.filter(product_code=product)
    if year is not None:
        qs = qs.filter(year=year)
    return paginate(
        request, qs.order_by("partner__code", "year", "flow", "product_code", "id"), page, page_size
    )
