"""API: the diplomatic representations."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
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
    one_of,
    paginate,
    user_of,
)
from foro.core.services import require
from foro.network import selectors, services, workflow
from foro.network.models import (
    Classification,
    Mission,
    PostReport,
    ProgrammeItem,
    ReportComment,
    Representation,
    StaffAssignment,
)
from foro.reference.models import Confidence

router = ApiRouter(tags=["network"])


class RepresentationOut(CamelSchema):
    code: str
    city: str
    host_country_code: str
    jurisdiction: list[str]
    international_organisations: str
    opened: str
    colocated_with_belgian_mission: str
    colocation_detail: str
    partner_agencies: str
    satellite_offices: str
    status_note: str
    confidence: str
    confidence_level: Annotated[str, one_of(Confidence)]
    source: str

    @staticmethod
    def resolve_jurisdiction(obj: Representation) -> list[str]:
        return obj.jurisdiction_codes


@router.get("/representations", response=list[RepresentationOut], summary="The 14 representations")
def list_representations(request: HttpRequest) -> list[Representation]:
    require(request.user, "network.view_representation")
    return list(selectors.representations())


@router.get("/representations/{code}", response=RepresentationOut, summary="One representation")
def get_representation(request: HttpRequest, code: str) -> Representation:
    require(request.user, "network.view_representation")
    return selectors.representation_get(code)


# ---------------------------------------------------------------- staff


class StaffOut(CamelSchema):
    id: int
    representation: str
    name: str
    username: str | None
    function: Annotated[str, one_of(StaffAssignment.Function)]
    accreditation: str
    starts_on: date
    ends_on: date | None
    rotation_due: date

    @staticmethod
    def resolve_representation(obj: StaffAssignment) -> str:
        return obj.representation_code

    @staticmethod
    def resolve_username(obj: StaffAssignment) -> str | None:
        return obj.user.username if obj.user else None


class StaffIn(InputSchema):
    representation: str = Field(max_length=20)
    name: str = Field("", max_length=200)
    username: str = Field("", max_length=150)
    function: Annotated[str, one_of(StaffAssignment.Function)] = Field(max_length=20)
    accreditation: str = Field("", max_length=200)
    starts_on: date
    ends_on: date | None = None


@router.get("/staff", response=Page[StaffOut], summary="Staff of the representations")
def list_staff(
    request: HttpRequest,
    page: int = 1,
    page_size: int = Query(25, alias="pageSize"),
    representation: str = "",
    current: bool = False,
) -> dict[str, Any]:
    user = user_of(request)
    require(user, "network.view")
    qs = selectors.staff_visible_to(user)
    if representation:
        qs = qs.filter(representation_code=representation.upper())
    if current:
        today = timezone.localdate()
        qs = qs.filter(starts_on__lte=today).exclude(ends_on__lt=today)
    return paginate(request, qs, page, page_size)


@router.post("/staff", response={201: StaffOut}, summary="Post a staff member")
def create_staff(request: HttpRequest, payload: StaffIn) -> Created:
    data = payload.model_dump()
    data["representation_code"] = data.pop("representation")
    data["user"] = data.pop("username")
    return Created(201, services.staff_assign(actor=user_of(request), data=data))


# ---------------------------------------------------------------- post reports


class ReportCommentOut(CamelSchema):
    author: str
    text: str
    created_at: datetime

    @staticmethod
    def resolve_author(obj: ReportComment) -> str:
        return obj.author.username


class PostReportOut(CamelSchema):
    id: int
    representation: str
    kind: Annotated[str, one_of(PostReport.Kind)]
    title: str
    body: str
    classification: Annotated[str, one_of(Classification)]
    state: Annotated[str, one_of(PostReport.State)]
    author: str
    readers: list[str]
    countries: list[str]
    partners: list[int]
    objectives: list[int]
    submitted_at: datetime | None
    comments: list[ReportCommentOut]

    @staticmethod
    def resolve_representation(obj: PostReport) -> str:
        return obj.representation_code

    @staticmethod
    def resolve_author(obj: PostReport) -> str:
        return obj.author.username

    @staticmethod
    def resolve_readers(obj: PostReport) -> list[str]:
        return [u.username for u in obj.readers.all()]

    @staticmethod
    def resolve_countries(obj: PostReport) -> list[str]:
        return [c.code for c in obj.countries.all()]

    @staticmethod
    def resolve_partners(obj: PostReport) -> list[int]:
        return [p.pk for p in obj.partners.all()]

    @staticmethod
    def resolve_objectives(obj: PostReport) -> list[int]:
        return [o.number for o in obj.objectives.all()]

    @staticmethod
    def resolve_comments(obj: PostReport) -> list[ReportComment]:
        return list(obj.comments.all())


class PostReportIn(InputSchema):
    kind: Annotated[str, one_of(PostReport.Kind)] = Field(max_length=20)
    title: str = Field(max_length=200)
    body: str = Field(max_length=MAX_TEXT)
    classification: Annotated[str, one_of(Classification)] = Field(max_length=20)
    readers: list[Annotated[str, Field(max_length=150)]] = Field(
        default_factory=list, max_length=20
    )
    countries: list[Annotated[str, Field(max_length=2)]] = Field(
        default_factory=list, max_length=50
    )
    partners: list[DbInt] = Field(default_factory=list, max_length=50)
    objectives: list[DbInt] = Field(default_factory=list, max_length=9)


class ReportTransitionIn(InputSchema):
    action: Annotated[str, one_of([t.action for t in workflow.REPORT_TRANSITIONS])] = Field(
        max_length=20
    )


class ReportCommentIn(InputSchema):
    text: str = Field(max_length=MAX_TEXT)


REPORT_PREFETCH = ("readers", "countries", "partners", "objectives", "comments__author")


@router.get("/reports", response=Page[PostReportOut], summary="Post reports you may read")
def list_reports(
    request: HttpRequest,
    page: int = 1,
    page_size: int = Query(25, alias="pageSize"),
    representation: str = "",
    state: str = "",
    classification: str = "",
    country: str = "",
) -> dict[str, Any]:
    user = user_of(request)
    require(user, "network.view")
    qs = selectors.reports_visible_to(user).prefetch_related(*REPORT_PREFETCH)
    if representation:
        qs = qs.filter(representation_code=representation.upper())
    if state:
        qs = qs.filter(state=state)
    if classification:
        qs = qs.filter(classification=classification)
    if country:
        qs = qs.filter(countries=country.upper())
    return paginate(request, qs, page, page_size)


@router.get("/reports/{report_id}", response=PostReportOut, summary="One post report")
def get_report(request: HttpRequest, report_id: int) -> PostReport:
    return selectors.report_get(user_of(request), report_id)


@router.post("/reports", response={201: PostReportOut}, summary="Draft a post report")
def create_report(request: HttpRequest, payload: PostReportIn) -> Created:
    user = user_of(request)
    report = services.report_create(actor=user, data=payload.model_dump())
    return Created(201, selectors.report_get(user, report.pk))


@router.post(
    "/reports/{report_id}/transitions",
    response={200: PostReportOut, 409: Problem},
    summary="Take a step of the report's life (submit, recall, mark_read, archive)",
)
def transition_report(
    request: HttpRequest, report_id: int, payload: ReportTransitionIn
) -> PostReport:
    user = user_of(request)
    report = selectors.report_get(user, report_id)
    services.report_transition(actor=user, report=report, action=payload.action)
    return selectors.report_get(user, report_id)


@router.post(
    "/reports/{report_id}/comments",
    response={201: PostReportOut, 409: Problem},
    summary="Comment on a submitted report (a named reader)",
)
def comment_report(request: HttpRequest, report_id: int, payload: ReportCommentIn) -> Created:
    user = user_of(request)
    report = selectors.report_get(user, report_id)
    services.report_comment(actor=user, report=report, text=payload.text)
    return Created(201, selectors.report_get(user, report_id))


# ---------------------------------------------------------------- missions


class ProgrammeItemOut(CamelSchema):
    day: date
    time: str
    description: str


class ProgrammeItemIn(InputSchema):
    day: date
    time: str = Field("", max_length=20)
    description: str = Field(max_length=300)


class MissionOut(CamelSchema):
    id: int
    kind: Annotated[str, one_of(Mission.Kind)]
    title: str
    representation: str
    country: str
    starts_on: date
    ends_on: date
    participants: str
    outcomes: str
    partners: list[int]
    objectives: list[int]
    programme: list[ProgrammeItemOut]
    follow_ups: list[int]

    @staticmethod
    def resolve_representation(obj: Mission) -> str:
        return obj.representation_code

    @staticmethod
    def resolve_country(obj: Mission) -> str:
        return obj.country_id

    @staticmethod
    def resolve_partners(obj: Mission) -> list[int]:
        return [p.pk for p in obj.partners.all()]

    @staticmethod
    def resolve_objectives(obj: Mission) -> list[int]:
        return [o.number for o in obj.objectives.all()]

    @staticmethod
    def resolve_programme(obj: Mission) -> list[ProgrammeItem]:
        return list(obj.programme.all())

    @staticmethod
    def resolve_follow_ups(obj: Mission) -> list[int]:
        return [a.pk for a in obj.follow_ups.all()]


class MissionIn(InputSchema):
    kind: Annotated[str, one_of(Mission.Kind)] = Field(max_length=20)
    title: str = Field(max_length=200)
    representation: str = Field("", max_length=20)
    country: str = Field(max_length=2)
    starts_on: date
    ends_on: date
    participants: str = Field("", max_length=MAX_TEXT)
    outcomes: str = Field("", max_length=MAX_TEXT)
    partners: list[int] = Field(default_factory=list, max_length=50)
    objectives: list[int] = Field(default_factory=list, max_length=9)
    programme: list[ProgrammeItemIn] = Field(default_factory=list, max_length=100)


MISSION_PREFETCH = ("partners", "objectives", "programme", "follow_ups")


@router.get("/missions", response=Page[MissionOut], summary="Missions and visits")
def list_missions(
    request: HttpRequest,
    page: int = 1,
    page_size: int = Query(25, alias="pageSize"),
    representation: str = "",
    country: str = "",
    year: int | None = None,
) -> dict[str, Any]:
    user = user_of(request)
    require(user, "network.view")
    qs = selectors.missions_visible_to(user).prefetch_related(*MISSION_PREFETCH)
    if representation:
        qs = qs.filter(representation_code=representation.upper())
    if country:
        qs = qs.filter(country_id=country.upper())
    if year:
        qs = qs.filter(starts_on__year=year)
    return paginate(request, qs, page, page_size)


@router.get("/missions/{mission_id}", response=MissionOut, summary="One mission")
def get_mission(request: HttpRequest, mission_id: int) -> Mission:
    return selectors.mission_get(user_of(request), mission_id)


@router.post("/missions", response={201: MissionOut}, summary="Register a mission or visit")
def create_mission(request: HttpRequest, payload: MissionIn) -> Created:
    user = user_of(request)
    data = payload.model_dump()
    data["representation_code"] = data.pop("representation")
    mission = services.mission_create(actor=user, data=data)
    return Created(201, selectors.mission_get(user, mission.pk))
