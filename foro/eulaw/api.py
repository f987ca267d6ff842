"""API: EU law under /api/v1/eu (directives, measures, infringements). Thin: parse, call
one service or selector, serialise; permissions are the services' and selectors'."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import Count
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
from foro.core.dates import parse_date
from foro.core.errors import PermissionDenied
from foro.core.roles import roles_of
from foro.eulaw import selectors, services, workflow
from foro.eulaw.models import (
    Correlation,
    Directive,
    Domain,
    InfringementCase,
    Measure,
    Stage,
    TranspositionStatus,
)

router = ApiRouter(tags=["eulaw"])
STEP = {409: Problem}


class DirectiveDeadlineOut(CamelSchema):
    due_on: date
    label: str


class DirectiveOut(CamelSchema):
    id: int
    celex: str
    number: str
    title: str
    adopted_on: date | None
    domain: Annotated[str, one_of(Domain)]
    competence: Annotated[str, one_of(Directive.Competence)]
    officer: str | None
    status: Annotated[str, one_of(TranspositionStatus)]
    status_since: date
    deadlines: list[DirectiveDeadlineOut]
    measures: int
    infringements: int
    actions: list[str] = Field(description="the steps you may take now")
    revision: int


class CorrelationRowOut(CamelSchema):
    directive_article: str
    provision: str


class TranspositionMeasureOut(CamelSchema):
    id: int
    directive: str = Field(description="CELEX")
    title: str
    eli: str
    adopted_on: date | None
    notified_on: date | None
    articles_covered: str
    correlations: list[CorrelationRowOut]


class InfringementDecisionOut(CamelSchema):
    stage: Annotated[str, one_of(Stage)]
    decided_on: date
    sanction_eur: Decimal | None
    note: str


class InfringementOut(CamelSchema):
    id: int
    number: str
    kind: Annotated[str, one_of(InfringementCase.Kind)]
    celex: str
    directive_id: int | None
    department: str
    member_state: str
    stage: str
    stage_on: date | None
    opened_on: date | None
    decisions: list[InfringementDecisionOut]
    actions: list[str]


class DirectiveDeadlineIn(InputSchema):
    due_on: date
    label: str = Field("", max_length=200)


class DirectiveIn(InputSchema):
    celex: str = Field(max_length=max_length(Directive, "celex"), description="e.g. 32019L0790")
    title: str = Field(max_length=max_length(Directive, "title"))
    adopted_on: date | None = None
    domain: Annotated[str, one_of(Domain)] = Field(max_length=30)
    competence: Annotated[str, one_of(Directive.Competence)] = Field(max_length=20)
    officer: str = Field("", max_length=150)
    deadlines: list[DirectiveDeadlineIn] = Field(default_factory=list, max_length=20)
    objectives: list[int] = Field(default_factory=list, max_length=20)


class DirectiveStepIn(InputSchema):
    action: Annotated[str, one_of([t.action for t in workflow.TRANSPOSITION])] = Field(
        max_length=20
    )
    occurred_on: date
    revision: int | None = None


class TranspositionMeasureIn(InputSchema):
    title: str = Field(max_length=max_length(Measure, "title"))
    eli: str = Field("", max_length=max_length(Measure, "eli"))
    adopted_on: date | None = None
    notified_on: date | None = None
    articles_covered: str = Field("", max_length=max_length(Measure, "articles_covered"))


class CorrelationRowIn(InputSchema):
    directive_article: str = Field(max_length=max_length(Correlation, "directive_article"))
    provision: str = Field(max_length=max_length(Correlation, "provision"))


class InfringementIn(InputSchema):
    number: str = Field(
        max_length=max_length(InfringementCase, "number"), description="e.g. 2024/0123"
    )
    kind: Annotated[str, one_of(InfringementCase.Kind)] = Field(max_length=20)
    celex: str = Field("", max_length=20)
    department: str = Field("", max_length=200)


class InfringementStageIn(InputSchema):
    action: Annotated[str, one_of([t.action for t in workflow.STAGES])] = Field(max_length=20)
    decided_on: date
    sanction_eur: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    note: str = Field("", max_length=MAX_TEXT)


# ------------------------------------------------------------------ serialise


def _directive(d: Directive, roles: frozenset[Any]) -> dict[str, Any]:
    return {
        "id": d.pk,
        "celex": d.celex,
        "number": d.number,
        "title": d.title,
        "adopted_on": d.adopted_on,
        "domain": d.domain,
        "competence": d.competence,
        "officer": d.officer.username if d.officer else None,
        "status": d.status,
        "status_since": d.status_since,
        "deadlines": [{"due_on": x.due_on, "label": x.label} for x in d.deadlines.all()],
        "measures": getattr(d, "n_measures", None)
        if hasattr(d, "n_measures")
        else d.measures.count(),
        "infringements": getattr(d, "n_cases", None)
        if hasattr(d, "n_cases")
        else d.infringements.count(),
        "actions": [t.action for t in workflow.available(workflow.TRANSPOSITION, d.status, roles)],
        "revision": d.revision,
    }


def _measure(m: Measure) -> dict[str, Any]:
    return {
        "id": m.pk,
        "directive": m.directive.celex,
        "title": m.title,
        "eli": m.eli,
        "adopted_on": m.adopted_on,
        "notified_on": m.notified_on,
        "articles_covered": m.articles_covered,
        "correlations": [
            {"directive_article": c.directive_article, "provision": c.provision}
            for c in m.correlations.all()
        ],
    }


def _case(c: InfringementCase, roles: frozenset[Any]) -> dict[str, Any]:
    return {
        "id": c.pk,
        "number": c.number,
        "kind": c.kind,
        "celex": c.celex,
        "directive_id": c.directive_id,
        "department": c.department,
        "member_state": c.member_state,
        "stage": c.stage,
        "stage_on": c.stage_on,
        "opened_on": c.opened_on,
        "decisions": [
            {
                "stage": x.stage,
                "decided_on": x.decided_on,
                "sanction_eur": x.sanction_eur,
                "note": x.note,
            }
            for x in c.decisions.all()
        ],
        "actions": [t.action for t in workflow.available(workflow.STAGES, c.stage, roles)],
    }


def _require_view(request: HttpRequest) -> Any:
    user = user_of(request)
    if not user.has_perm("eulaw.view"):
        raise PermissionDenied()
    return user


def _directive_answer(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = user_of(request)
    return _directive(selectors.directive_get(user, pk), roles_of(user))


def _case_answer(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = user_of(request)
    return _case(selectors.case_get(user, pk), roles_of(user))


# ------------------------------------------------------------------ directives


@router.get(
    "/directives", response=Page[DirectiveOut], summary="Directives and their transposition"
)
def list_directives(
    request: HttpRequest,
    page: int = 1,
    page_size: int = Query(25, alias="pageSize"),  # type: ignore[type-arg]
    status: str = "",
    domain: str = "",
    competence: str = "",
    officer: str = Query("", description="a user name"),  # type: ignore[type-arg]
    q: str = "",
    window: str = Query("", description="'overdue' or '90' (a deadline within 90 days)"),  # type: ignore[type-arg]
    due_from: str = Query("", alias="dueFrom", description="yyyy-mm-dd"),  # type: ignore[type-arg]
    due_to: str = Query("", alias="dueTo", description="yyyy-mm-dd"),  # type: ignore[type-arg]
) -> dict[str, Any]:
    user = _require_view(request)
    filters = selectors.DirectiveFilters(
        status=status,
        domain=domain,
        competence=competence,
        officer=officer,
        q=q[:200],
        window=window,
        due_from=parse_date(due_from, "dueFrom", optional=True),
        due_to=parse_date(due_to, "dueTo", optional=True),
    )
    qs = (
        selectors.directives(user, filters)
        .select_related("officer")
        .prefetch_related("deadlines")
        .annotate(
            n_measures=Count("measures", distinct=True),
            n_cases=Count("infringements", distinct=True),
        )
        .order_by("celex")
    )
    result = paginate(request, qs, page, page_size)
    roles = roles_of(user)
    result["items"] = [_directive(d, roles) for d in result["items"]]
    return result


@router.post("/directives", response={201: DirectiveOut}, summary="Register a directive")
def create_directive(request: HttpRequest, payload: DirectiveIn) -> Created[dict[str, Any]]:
    data = payload.model_dump()
    d = services.directive_create(actor=user_of(request), data=data)
    return Created(201, _directive_answer(request, d.pk))


@router.get("/directives/{directive_id}", response=DirectiveOut, summary="One directive")
def get_directive(request: HttpRequest, directive_id: int) -> dict[str, Any]:
    return _directive_answer(request, directive_id)


@router.post(
    "/directives/{directive_id}/steps",
    response={200: DirectiveOut, **STEP},
    summary="Record a step of the transposition",
)
def directive_step(
    request: HttpRequest, directive_id: int, payload: DirectiveStepIn
) -> dict[str, Any]:
    user = user_of(request)
    d = selectors.directive_get(user, directive_id)
    services.directive_step(
        actor=user,
        directive=d,
        action=payload.action,
        occurred_on=payload.occurred_on,
        revision=payload.revision,
    )
    return _directive_answer(request, directive_id)


@router.post(
    "/directives/{directive_id}/measures",
    response={201: TranspositionMeasureOut},
    summary="Record a transposition measure",
)
def create_measure(
    request: HttpRequest, directive_id: int, payload: TranspositionMeasureIn
) -> Created[dict[str, Any]]:
    user = user_of(request)
    d = selectors.directive_get(user, directive_id)
    m = services.measure_create(actor=user, directive=d, data=payload.model_dump())
    return Created(201, _measure(m))


# ------------------------------------------------------------------ measures


@router.get("/measures", response=Page[TranspositionMeasureOut], summary="Transposition measures")
def list_measures(
    request: HttpRequest,
    page: int = 1,
    page_size: int = Query(25, alias="pageSize"),  # type: ignore[type-arg]
    celex: str = "",
    notified: bool | None = None,
) -> dict[str, Any]:
    user = _require_view(request)
    qs = (
        selectors.measures_visible_to(user)
        .select_related("directive")
        .prefetch_related("correlations")
    )
    if celex:
        qs = qs.filter(directive__celex=celex.upper())
    if notified is not None:
        qs = qs.filter(notified_on__isnull=not notified)
    result = paginate(request, qs.order_by("pk"), page, page_size)
    result["items"] = [_measure(m) for m in result["items"]]
    return result


@router.post(
    "/measures/{measure_id}/correlations",
    response={201: TranspositionMeasureOut},
    summary="Add a row to a correlation table",
)
def add_correlation(
    request: HttpRequest, measure_id: int, payload: CorrelationRowIn
) -> Created[dict[str, Any]]:
    from foro.core.errors import NotFound

    user = user_of(request)
    measure = (
        selectors.measures_visible_to(user)
        .select_related("directive")
        .filter(pk=measure_id)
        .first()
    )
    if measure is None:
        raise NotFound()
    services.correlation_add(actor=user, measure=measure, **payload.model_dump())
    return Created(201, _measure(measure))


# ------------------------------------------------------------------ infringements


@router.get("/infringements", response=Page[InfringementOut], summary="Infringement cases")
def list_infringements(
    request: HttpRequest,
    page: int = 1,
    page_size: int = Query(25, alias="pageSize"),  # type: ignore[type-arg]
    stage: str = "",
    kind: str = "",
    open: bool = False,
    member_state: str = Query("", alias="memberState"),  # type: ignore[type-arg]
    celex: str = "",
    year: int | None = None,
    q: str = "",
) -> dict[str, Any]:
    user = _require_view(request)
    filters = selectors.CaseFilters(
        stage=stage,
        kind=kind,
        open_only=open,
        member_state=member_state,
        celex=celex,
        year=year,
        q=q[:200],
    )
    qs = (
        selectors.infringements(user, filters)
        .prefetch_related("decisions")
        .order_by("-opened_on", "number")
    )
    result = paginate(request, qs, page, page_size)
    roles = roles_of(user)
    result["items"] = [_case(c, roles) for c in result["items"]]
    return result


@router.post(
    "/infringements", response={201: InfringementOut}, summary="Register an infringement case"
)
def create_infringement(request: HttpRequest, payload: InfringementIn) -> Created[dict[str, Any]]:
    case = services.infringement_create(actor=user_of(request), data=payload.model_dump())
    return Created(201, _case_answer(request, case.pk))


@router.get("/infringements/{case_id}", response=InfringementOut, summary="One infringement case")
def get_infringement(request: HttpRequest, case_id: int) -> dict[str, Any]:
    return _case_answer(request, case_id)


@router.post(
    "/infringements/{case_id}/stages",
    response={200: InfringementOut, **STEP},
    summary="Record the next stage of a case",
)
def record_stage(
    request: HttpRequest, case_id: int, payload: InfringementStageIn
) -> dict[str, Any]:
    user = user_of(request)
    case = selectors.case_get(user, case_id)
    services.infringement_stage(
        actor=user,
        case=case,
        action=payload.action,
        decided_on=payload.decided_on,
        sanction_eur=payload.sanction_eur,
        note=payload.note,
    )
    return _case_answer(request, case_id)
