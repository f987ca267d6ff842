"""API: the treaty register under /api/v1/treaties. Thin: parse, call one service or
selector, serialise. Permissions are the services' and selectors' (as on the pages)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Query
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
from foro.core.errors import PermissionDenied
from foro.treaties import selectors, services, workflow
from foro.treaties.deadlines import today_brussels
from foro.treaties.models import ConsentKind, Domain, Status, Treaty, TreatyParty

router = ApiRouter(tags=["treaties"])
STEP = {409: Problem}


# ------------------------------------------------------------------ schemas


class TreatyNextStepOut(CamelSchema):
    expected: str = Field(description="the step that comes next")
    due: date
    overdue: bool
    to_confirm: bool
    durations_version: str


class TreatySummaryOut(CamelSchema):
    id: int
    title_nl: str
    title_en: str
    short_title: str
    kind: Annotated[str, one_of(Treaty.Kind)]
    competence: Annotated[str, one_of(Treaty.Competence)]
    status: Annotated[str, one_of(Status)]
    status_since: date
    countries: list[str]
    domains: list[str]
    next_step: TreatyNextStepOut | None = Field(description="when the next step is expected")
    revision: int


class TreatyStatementOut(CamelSchema):
    kind: str
    made_on: date | None
    text: str


class TreatyPartyOut(CamelSchema):
    name: str
    country: str | None
    signed_on: date | None
    consent_kind: str
    consent_on: date | None
    in_force_on: date | None
    statements: list[TreatyStatementOut]


class TreatyStepOut(CamelSchema):
    action: str
    from_status: str
    to_status: str
    occurred_on: date
    recorded_by: str
    note: str


class TreatyOut(TreatySummaryOut):
    organisations: str
    depositary: str
    place: str
    concluded_on: date | None
    eli_assent_decree: str
    eli_gazette: str
    objectives: list[int]
    officer: str | None
    source: str
    source_id: str
    steps: list[TreatyStepOut]
    parties: list[TreatyPartyOut]
    actions: list[str] = Field(description="the steps you may take now")


class TreatyTransitionOut(CamelSchema):
    action: str
    sources: list[str]
    target: str
    roles: list[str]
    confirm: bool


def _text(model: type[Any], field: str) -> Any:
    return Field("", max_length=max_length(model, field))


class TreatyIn(InputSchema):
    title_nl: str = Field(max_length=max_length(Treaty, "title_nl"))
    title_en: str = _text(Treaty, "title_en")
    short_title: str = _text(Treaty, "short_title")
    kind: Annotated[str, one_of(Treaty.Kind)] = Field(max_length=20)
    competence: Annotated[str, one_of(Treaty.Competence)] = Field(max_length=20)
    countries: list[str] = Field(
        default_factory=list, max_length=250, description="ISO 3166-1 alpha-2"
    )
    organisations: str = _text(Treaty, "organisations")
    domains: list[Annotated[str, one_of(Domain)]] = Field(default_factory=list, max_length=20)
    objectives: list[DbInt] = Field(default_factory=list, max_length=20)
    depositary: str = _text(Treaty, "depositary")
    place: str = _text(Treaty, "place")
    concluded_on: date | None = None
    eli_assent_decree: str = _text(Treaty, "eli_assent_decree")
    eli_gazette: str = _text(Treaty, "eli_gazette")
    officer: str = Field("", max_length=150, description="a policy officer's user name")
    started_on: date | None = Field(None, description="negotiation started (default: today)")


class TreatyUpdateIn(TreatyIn):
    """Every field of the treaty (the ones left out are emptied), and the revision read."""

    revision: int | None = Field(None, description="the revision you read (409 if it changed)")


class TreatyStepIn(InputSchema):
    action: Annotated[str, one_of([t.action for t in workflow.TRANSITIONS])] = Field(max_length=30)
    occurred_on: date
    note: str = Field("", max_length=MAX_TEXT)
    revision: int | None = Field(None, description="the revision you read (409 if it changed)")


class TreatyPartyIn(InputSchema):
    name: str = _text(TreatyParty, "name")
    country: str = Field("", max_length=2)
    signed_on: date | None = None
    consent_kind: Annotated[str, one_of(["", *ConsentKind.values])] = Field("", max_length=30)
    consent_on: date | None = None
    in_force_on: date | None = None


# ------------------------------------------------------------------ serialise


def _deadline(treaty: Treaty, today: date) -> dict[str, Any] | None:
    d = selectors.deadline_of(treaty)
    if d is None:
        return None
    return {
        "expected": d.duration.next,
        "due": d.due,
        "overdue": d.overdue(today),
        "to_confirm": d.duration.to_confirm,
        "durations_version": d.version,
    }


def _summary(treaty: Treaty, today: date) -> dict[str, Any]:
    return {
        "id": treaty.pk,
        "title_nl": treaty.title_nl,
        "title_en": treaty.title_en,
        "short_title": treaty.short_title,
        "kind": treaty.kind,
        "competence": treaty.competence,
        "status": treaty.status,
        "status_since": treaty.status_since,
        "countries": sorted(c.code for c in treaty.countries.all()),
        "domains": list(treaty.domains),
        "next_step": _deadline(treaty, today),
        "revision": treaty.revision,
    }


def _detail(request: HttpRequest, treaty_id: int) -> dict[str, Any]:
    from foro.core.roles import roles_of

    user = user_of(request)
    treaty = selectors.treaty_get(user, treaty_id)
    parties = treaty.parties.select_related("country").prefetch_related("statements")
    return {
        **_summary(treaty, today_brussels()),
        "organisations": treaty.organisations,
        "depositary": treaty.depositary,
        "place": treaty.place,
        "concluded_on": treaty.concluded_on,
        "eli_assent_decree": treaty.eli_assent_decree,
        "eli_gazette": treaty.eli_gazette,
        "objectives": sorted(o.number for o in treaty.objectives.all()),
        "officer": treaty.officer.username if treaty.officer else None,
        "source": treaty.source,
        "source_id": treaty.source_id,
        "steps": [
            {
                "action": s.action,
                "from_status": s.from_status,
                "to_status": s.to_status,
                "occurred_on": s.occurred_on,
                "recorded_by": s.recorded_by_label,
                "note": s.note,
            }
            for s in treaty.steps.all()
        ],
        "parties": [
            {
                "name": p.name,
                "country": p.country_id,
                "signed_on": p.signed_on,
                "consent_kind": p.consent_kind,
                "consent_on": p.consent_on,
                "in_force_on": p.in_force_on,
                "statements": [
                    {"kind": s.kind, "made_on": s.made_on, "text": s.text}
                    for s in p.statements.all()
                ],
            }
            for p in parties
        ],
        "actions": [t.action for t in workflow.available(treaty.status, roles_of(user))],
    }


# ------------------------------------------------------------------ endpoints


@router.get(
    "/transitions",
    response=list[TreatyTransitionOut],
    summary="The treaty procedure (transition table)",
)
def list_transitions(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "action": t.action,
            "sources": list(t.sources),
            "target": t.target,
            "roles": sorted(r.value for r in t.roles),
            "confirm": t.confirm,
        }
        for t in workflow.TRANSITIONS
    ]


@router.get("", response=Page[TreatySummaryOut], summary="Treaties in the register")
def list_treaties(
    request: HttpRequest,
    page: int = 1,
    page_size: int = Query(25, alias="pageSize"),  # type: ignore[type-arg]
    status: str = Query("", description="a status, or 'pending' (not yet in force)"),  # type: ignore[type-arg]
    kind: str = "",
    competence: str = "",
    domain: str = "",
    country: str = Query("", description="ISO 3166-1 alpha-2 of a counterparty"),  # type: ignore[type-arg]
    q: str = "",
    overdue: bool = Query(False, description="only treaties whose next step is overdue"),  # type: ignore[type-arg]
) -> dict[str, Any]:
    user = user_of(request)
    if not user.has_perm("treaties.view_treaty"):
        raise PermissionDenied()
    filters = selectors.Filters(
        status=status,
        kind=kind,
        competence=competence,
        domain=domain,
        country=country,
        q=q[:200],
        overdue=overdue,
    )
    qs = (
        selectors.register(user, filters)
        .prefetch_related(Prefetch("countries"))
        .order_by("title_nl", "pk")
    )
    result = paginate(request, qs, page, page_size)
    today = today_brussels()
    result["items"] = [_summary(t, today) for t in result["items"]]
    return result


@router.post("", response={201: TreatyOut}, summary="Enter a treaty in the register")
def create_treaty(request: HttpRequest, payload: TreatyIn) -> Created[dict[str, Any]]:
    data = payload.model_dump(exclude={"started_on"})
    treaty = services.treaty_create(
        actor=user_of(request), data=data, started_on=payload.started_on
    )
    return Created(201, _detail(request, treaty.pk))


@router.get("/{treaty_id}", response=TreatyOut, summary="One treaty with its procedure and parties")
def get_treaty(request: HttpRequest, treaty_id: int) -> dict[str, Any]:
    return _detail(request, treaty_id)


@router.put(
    "/{treaty_id}", response={200: TreatyOut, **STEP}, summary="Change a treaty's particulars"
)
def update_treaty(request: HttpRequest, treaty_id: int, payload: TreatyUpdateIn) -> dict[str, Any]:
    user = user_of(request)
    treaty = selectors.treaty_get(user, treaty_id)
    data = payload.model_dump(exclude={"started_on", "revision"})
    services.treaty_update(actor=user, treaty=treaty, data=data, revision=payload.revision)
    return _detail(request, treaty_id)


@router.post(
    "/{treaty_id}/steps",
    response={200: TreatyOut, **STEP},
    summary="Record a step of the procedure",
)
def take_step(request: HttpRequest, treaty_id: int, payload: TreatyStepIn) -> dict[str, Any]:
    user = user_of(request)
    treaty = selectors.treaty_get(user, treaty_id)
    services.treaty_step(
        actor=user,
        treaty=treaty,
        action=payload.action,
        occurred_on=payload.occurred_on,
        note=payload.note,
        revision=payload.revision,
    )
    return _detail(request, treaty_id)


@router.post(
    "/{treaty_id}/parties",
    response={200: TreatyOut, **STEP},
    summary="Record a party of a multilateral treaty",
)
def save_party(request: HttpRequest, treaty_id: int, payload: TreatyPartyIn) -> dict[str, Any]:
    user = user_of(request)
    treaty = selectors.treaty_get(user, treaty_id)
    services.party_save(actor=user, treaty=treaty, **payload.model_dump())
    return _detail(request, treaty_id)
