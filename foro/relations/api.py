"""API: partner relations under /api/v1/relations/ (partners, instruments, interactions,
follow-up actions). Thin: parse, call one service or selector, serialise."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest
from ninja.params.functions import Query
from ninja.responses import Status as Created
from pydantic import Field

from foro.api_base import (
    MAX_TEXT,
    ApiRouter,
    CamelSchema,
    DbInt,
    InputSchema,
    Page,
    Problem,
    max_length,
    one_of,
    paginate,
    user_of,
)
from foro.core.services import require
from foro.relations import selectors, services
from foro.relations.models import (
    FollowUpAction,
    Instrument,
    Interaction,
    Partner,
)

router = ApiRouter(tags=["relations"])
STEP = {409: Problem}


class PartnerOut(CamelSchema):
    id: int
    name: str
    acronym: str
    kind: Annotated[str, one_of(Partner.Kind)]
    country: str | None
    website: str
    interactions: int

    @staticmethod
    def resolve_country(obj: Partner) -> str | None:
        return obj.country_id

    @staticmethod
    def resolve_interactions(obj: Partner) -> int:
        return int(getattr(obj, "interaction_count", 0))


class PartnerIn(InputSchema):
    name: str = Field(max_length=max_length(Partner, "name"))
    acronym: str = Field("", max_length=max_length(Partner, "acronym"))
    kind: Annotated[str, one_of(Partner.Kind)] = Field(max_length=20)
    country: str = Field("", max_length=2)
    website: str = Field("", max_length=200)
    notes: str = Field("", max_length=MAX_TEXT)


class FollowUpActionOut(CamelSchema):
    id: int
    description: str
    owner: str
    due_date: date
    status: Annotated[str, one_of(FollowUpAction.Status)]
    interaction: int | None
    instrument: int | None

    @staticmethod
    def resolve_owner(obj: FollowUpAction) -> str:
        return obj.owner.username

    @staticmethod
    def resolve_interaction(obj: FollowUpAction) -> int | None:
        return obj.interaction_id

    @staticmethod
    def resolve_instrument(obj: FollowUpAction) -> int | None:
        return obj.instrument_id


class FollowUpActionIn(InputSchema):
    description: str = Field(max_length=max_length(FollowUpAction, "description"))
    owner: str = Field(max_length=150, description="the owner's user name")
    due_date: date


class InteractionOut(CamelSchema):
    id: int
    kind: Annotated[str, one_of(Interaction.Kind)]
    date: date
    subject: str
    topics: str
    notes: str
    country: str | None
    representation: str
    partners: list[int]
    contacts: list[int]
    objectives: list[int]
    staff: list[str]

    @staticmethod
    def resolve_country(obj: Interaction) -> str | None:
        return obj.country_id

    @staticmethod
    def resolve_representation(obj: Interaction) -> str:
        return obj.representation_code

    @staticmethod
    def resolve_partners(obj: Interaction) -> list[int]:
        return [p.pk for p in obj.partners.all()]

    @staticmethod
    def resolve_contacts(obj: Interaction) -> list[int]:
        return [c.pk for c in obj.contacts.all()]

    @staticmethod
    def resolve_objectives(obj: Interaction) -> list[int]:
        return [o.number for o in obj.objectives.all()]

    @staticmethod
    def resolve_staff(obj: Interaction) -> list[str]:
        return [u.username for u in obj.staff.all()]


class InteractionIn(InputSchema):
    kind: Annotated[str, one_of(Interaction.Kind)] = Field(max_length=20)
    date: date
    subject: str = Field(max_length=max_length(Interaction, "subject"))
    topics: str = Field("", max_length=max_length(Interaction, "topics"))
    notes: str = Field("", max_length=MAX_TEXT)
    country: str = Field("", max_length=2)
    representation: str = Field("", max_length=20)
    partners: list[DbInt] = Field(default_factory=list, max_length=50)
    contacts: list[DbInt] = Field(default_factory=list, max_length=50)
    objectives: list[DbInt] = Field(default_factory=list, max_length=9)
    staff: list[Annotated[str, Field(max_length=150)]] = Field(default_factory=list, max_length=50)


class InstrumentOut(CamelSchema):
    id: int
    kind: Annotated[str, one_of(Instrument.Kind)]
    title: str
    starts_on: date
    ends_on: date | None
    obligations: str
    treaty_reference: str
    partners: list[int]
    objectives: list[int]
    meetings: list[date]

    @staticmethod
    def resolve_partners(obj: Instrument) -> list[int]:
        return [p.pk for p in obj.partners.all()]

    @staticmethod
    def resolve_objectives(obj: Instrument) -> list[int]:
        return [o.number for o in obj.objectives.all()]

    @staticmethod
    def resolve_meetings(obj: Instrument) -> list[date]:
        return [m.date for m in obj.meetings.all()]


class InstrumentIn(InputSchema):
    kind: Annotated[str, one_of(Instrument.Kind)] = Field(max_length=20)
    title: str = Field(max_length=max_length(Instrument, "title"))
    starts_on: date
    ends_on: date | None = None
    obligations: str = Field("", max_length=MAX_TEXT)
    treaty_reference: str = Field("", max_length=max_length(Instrument, "treaty_reference"))
    partners: list[int] = Field(max_length=50)
    objectives: list[int] = Field(default_factory=list, max_length=9)


def _view(request: HttpRequest) -> Any:
    user = user_of(request)
    require(user, "relations.view")
    return user


# ---------------------------------------------------------------- partners


@router.get("/partners", response=Page[PartnerOut], summary="Partners")
def list_partners(
    request: HttpRequest,
    page: int = 1,
    page_size: int = Query(25, alias="pageSize"),
    kind: str = "",
    country: str = "",
    q: str = "",
) -> dict[str, Any]:
    qs = selectors.partners_visible_to(_view(request))
    if kind:
        qs = qs.filter(kind=kind)
    if country:
        qs = qs.filter(country_id=country.upper())
    if q:
        qs = qs.filter(name__icontains=q)
    return paginate(request, qs, page, page_size)


@router.get("/partners/{partner_id}", response=PartnerOut, summary="One partner")
def get_partner(request: HttpRequest, partner_id: int) -> Partner:
    return selectors.get(selectors.partners_visible_to(_view(request)), partner_id)  # type: ignore[no-any-return]


@router.post("/partners", response={201: PartnerOut}, summary="Register a partner")
def create_partner(request: HttpRequest, payload: PartnerIn) -> Created[Any]:
    user = user_of(request)
    partner = services.partner_create(actor=user, data=payload.model_dump())
    return Created(201, selectors.get(selectors.partners_visible_to(user), partner.pk))


# ---------------------------------------------------------------- interactions


@router.get("/interactions", response=Page[InteractionOut], summary="Interactions")
def list_interactions(
    request: HttpRequest,
    page: int = 1,
    page_size: int = Query(25, alias="pageSize"),
    partner: int | None = None,
    objective: int | None = None,
    year: int | None = None,
) -> dict[str, Any]:
    qs = selectors.interactions_visible_to(_view(request))
    if partner:
        qs = qs.filter(partners=partner)
    if objective:
        qs = qs.filter(objectives=objective)
    if year:
        qs = qs.filter(date__year=year)
    return paginate(request, qs, page, page_size)


@router.get("/interactions/{interaction_id}", response=InteractionOut, summary="One interaction")
def get_interaction(request: HttpRequest, interaction_id: int) -> Interaction:
    return selectors.get(selectors.interactions_visible_to(_view(request)), interaction_id)  # type: ignore[no-any-return]


@router.post("/interactions", response={201: InteractionOut}, summary="Record an interaction")
def create_interaction(request: HttpRequest, payload: InteractionIn) -> Created[Any]:
    user = user_of(request)
    data = payload.model_dump()
    data["representation_code"] = data.pop("representation")
    interaction = services.interaction_create(actor=user, data=data)
    return Created(201, selectors.get(selectors.interactions_visible_to(user), interaction.pk))


@router.post(
    "/interactions/{interaction_id}/actions",
    response={201: FollowUpActionOut},
    summary="Add a follow-up action to an interaction",
)
def add_action(
    request: HttpRequest, interaction_id: int, payload: FollowUpActionIn
) -> Created[Any]:
    user = user_of(request)
    interaction = selectors.get(selectors.interactions_visible_to(user), interaction_id)
    action = services.action_create(actor=user, data=payload.model_dump(), interaction=interaction)
    return Created(201, action)


# ---------------------------------------------------------------- actions


@router.get("/actions", response=Page[FollowUpActionOut], summary="Follow-up actions")
def list_actions(
    request: HttpRequest,
    page: int = 1,
    page_size: int = Query(25, alias="pageSize"),
    owner: str = Query("", description="a user name or 'me'"),
    status: str = "",
    overdue: bool = False,
) -> dict[str, Any]:
    user = _view(request)
    qs = selectors.actions_visible_to(user)
    if owner:
        qs = qs.filter(owner=user) if owner == "me" else qs.filter(owner__username=owner)
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = selectors.overdue(qs)
    return paginate(request, qs, page, page_size)


@router.post(
    "/actions/{action_id}/complete",
    response={200: FollowUpActionOut, **STEP},
    summary="Mark a follow-up action done",
)
def complete_action(request: HttpRequest, action_id: int) -> FollowUpAction:
    user = user_of(request)
    action = selectors.get(selectors.actions_visible_to(user), action_id)
    return services.action_complete(actor=user, action=action)


# ---------------------------------------------------------------- instruments


@router.get("/instruments", response=Page[InstrumentOut], summary="Cooperation instruments")
def list_instruments(
    request: HttpRequest,
    page: int = 1,
    page_size: int = Query(25, alias="pageSize"),
    kind: str = "",
    partner: int | None = None,
) -> dict[str, Any]:
    qs = selectors.instruments_visible_to(_view(request))
    if kind:
        qs = qs.filter(kind=kind)
    if partner:
        qs = qs.filter(partners=partner)
    return paginate(request, qs, page, page_size)


@router.get("/instruments/{instrument_id}", response=InstrumentOut, summary="One instrument")
def get_instrument(request: HttpRequest, instrument_id: int) -> Instrument:
    return selectors.get(selectors.instruments_visible_to(_view(request)), instrument_id)  # type: ignore[no-any-return]


@router.post("/instruments", response={201: InstrumentOut}, summary="Register an instrument")
def create_instrument(request: HttpRequest, payload: InstrumentIn) -> Created[Any]:
    user = user_of(request)
    instrument = services.instrument_create(actor=user, data=payload.model_dump())
    return Created(201, selectors.get(selectors.instruments_visible_to(user), instrument.pk))
