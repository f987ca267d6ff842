"""Schemas of the licensing API: request bodies (``…In``, unknown fields refused, every
string bounded by its model field) and answers (``…Out``). Applicants and officers get
different answers: an applicant never sees checks, hits, assessments or officers' names."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from pydantic import Field

from foro.api_base import MAX_TEXT, CamelSchema, DbInt, InputSchema, max_length, one_of
from foro.core.models import Country, User
from foro.core.roles import Role
from foro.licensing import workflow
from foro.licensing.kinds import (
    DIRECTIONS,
    EMBARGO_PLACES,
    INSTRUMENTS,
    MOVEMENT_FIELDS,
    ORIGINS,
)
from foro.licensing.models import (
    Application,
    ApplicationDocument,
    CheckResult,
    Consultation,
    CriterionAssessment,
    DecisionProposal,
    ExportRecord,
    GoodsLine,
    Licence,
    Movement,
    Party,
    RoutePoint,
    Status,
    Transport,
)
from foro.screening.models import ScreeningHit

COUNTRY = max_length(Country, "code")
KIND = max_length(Application, "kind")
#: a CN code may be written with spaces or dots (9306 30 90, 9306.30.90)
CN_CODE_INPUT = 20
APPLICATION_ACTIONS = sorted({t.action for t in workflow.APPLICATION_TRANSITIONS})
LICENCE_ACTIONS = [t.action for t in workflow.LICENCE_TRANSITIONS if t.roles]
CLOCK_STATES = ("not_started", "running", "paused", "stopped", "overdue")


# ------------------------------------------------------------------ input


class GoodsLineIn(InputSchema):
    description: str = Field("", max_length=max_length(GoodsLine, "description"))
    control_entry: str = Field(
        "", max_length=max_length(GoodsLine, "control_entry"), description="e.g. ML4.b or 1C350"
    )
    control_entry_text: str = Field("", max_length=max_length(GoodsLine, "control_entry_text"))
    cn_code: str = Field("", max_length=CN_CODE_INPUT, description="8 digits, e.g. 93063090")
    quantity: Decimal | None = None
    unit: str = Field("", max_length=max_length(GoodsLine, "unit"))
    value_eur: Decimal | None = None


class PartyIn(InputSchema):
    role: Annotated[str, one_of(Party.Role)] = Field(max_length=max_length(Party, "role"))
    name: str = Field(max_length=max_length(Party, "name"))
    address: str = Field("", max_length=max_length(Party, "address"))
    country: str = Field(max_length=COUNTRY, description="ISO 3166-1 alpha-2")
    is_person: bool = False


class ConsignorIn(InputSchema):
    name: str = Field("", max_length=max_length(Movement, "consignor_name"))
    address: str = Field("", max_length=max_length(Movement, "consignor_address"))
    country: str = Field("", max_length=COUNTRY, description="ISO 3166-1 alpha-2")


class RoutePointIn(InputSchema):
    country: str = Field(max_length=COUNTRY, description="ISO 3166-1 alpha-2 (BE allowed)")
    place: str = Field("", max_length=max_length(RoutePoint, "place"))


class AllowanceIn(InputSchema):
    """A global application's ceiling for one consignee on one goods line."""

    party: int = Field(
        ge=1, le=1000, description="the consignee's position in ``parties`` (1-based)"
    )
    line: int = Field(ge=1, le=1000, description="the goods line's position in ``goods`` (1-based)")
    quantity: Decimal | None = None
    value_eur: Decimal | None = None


class DraftIn(InputSchema):
    """A draft's fields; a field left out is left as it is (goods and parties are replaced
    as a whole when given). The movement fields (consignor, origin, transport, route,
    transitPoints) belong to the import and transit kinds only (see ``requiredFields`` of
    GET /licensing/kinds); another kind refuses them."""

    destination: str | None = Field(None, max_length=COUNTRY, description="ISO 3166-1 alpha-2")
    end_use: str | None = Field(None, max_length=MAX_TEXT)
    applicant_reference: str | None = Field(
        None, max_length=max_length(Application, "applicant_reference")
    )
    goods: list[GoodsLineIn] | None = None
    parties: list[PartyIn] | None = None
    consignor: ConsignorIn | None = None
    origin: str | None = Field(
        None, max_length=COUNTRY, description="country of origin, ISO 3166-1 alpha-2"
    )
    transport: Annotated[str, one_of(["", *Transport.values])] | None = Field(
        None, max_length=max_length(Movement, "transport")
    )
    route: str | None = Field(None, max_length=max_length(Movement, "route"))
    transit_points: list[RoutePointIn] | None = Field(
        None, max_length=20, description="replaced as a whole when given"
    )
    period_from: date | None = Field(
        None, description="global kinds: the first day the licence should cover"
    )
    period_until: date | None = Field(None, description="global kinds: the last day")
    allowances: list[AllowanceIn] | None = Field(
        None,
        max_length=200,
        description="global kinds: the ceilings per consignee and goods line; replaced as a whole",
    )
    revision: int | None = Field(None, description="the revision you read (409 if it changed)")


class ApplicationIn(DraftIn):
    kind: str = Field(max_length=KIND, description="see GET /licensing/kinds")


class ReasonIn(InputSchema):
    reason: str = Field("", max_length=MAX_TEXT)


class CommentIn(InputSchema):
    comment: str = Field("", max_length=MAX_TEXT)


class AssignIn(InputSchema):
    officer: str | None = Field(
        None, max_length=max_length(User, "username"), description="a user name; null: nobody"
    )


class QuestionIn(InputSchema):
    question: str = Field(max_length=MAX_TEXT)
    due_date: date | None = None


class AnswerIn(InputSchema):
    answer: str = Field(max_length=MAX_TEXT)


class ConsultationIn(InputSchema):
    body: Annotated[str, one_of(Consultation.Body)] = Field(
        max_length=max_length(Consultation, "body")
    )
    body_detail: str = Field("", max_length=max_length(Consultation, "body_detail"))
    question: str = Field(max_length=MAX_TEXT)
    due_date: date


class ConsultationAnswerIn(InputSchema):
    outcome: Annotated[str, one_of(Consultation.Outcome)] = Field(
        max_length=max_length(Consultation, "outcome")
    )
    answer: str = Field(max_length=MAX_TEXT)


class AssessmentIn(InputSchema):
    risk: Annotated[str, one_of(CriterionAssessment.Risk)] = Field(
        max_length=max_length(CriterionAssessment, "risk")
    )
    reasoning: str = Field(max_length=MAX_TEXT)


class ProposalIn(InputSchema):
    decision: Annotated[str, one_of(DecisionProposal.Decision)] = Field(
        max_length=max_length(DecisionProposal, "decision")
    )
    reasoning: str = Field(max_length=MAX_TEXT)
    conditions: str = Field("", max_length=MAX_TEXT)
    criteria_cited: list[DbInt] = Field(default_factory=list, max_length=8)


class ExportIn(InputSchema):
    line_id: int
    shipped_on: date
    quantity: Decimal
    value_eur: Decimal
    customs_declaration: str = Field(max_length=max_length(ExportRecord, "customs_declaration"))


class LicenceStatusIn(InputSchema):
    action: Annotated[str, one_of(LICENCE_ACTIONS)] = Field(max_length=20)
    reason: str = Field(max_length=MAX_TEXT)


# ------------------------------------------------------------------ output


class GoodsLineOut(CamelSchema):
    id: int
    position: int
    description: str
    control_entry: str
    control_category: str
    control_entry_text: str
    cn_code: str
    quantity: Decimal
    unit: str
    value_eur: Decimal


class PartyOut(CamelSchema):
    id: int
    role: Annotated[str, one_of(Party.Role)]
    name: str
    address: str
    country: str
    is_person: bool

    @staticmethod
    def resolve_country(obj: Party) -> str:
        return obj.country_id


class DocumentOut(CamelSchema):
    id: UUID
    kind: Annotated[str, one_of(ApplicationDocument.Kind)]
    name: str
    content_type: str
    size: int
    sha256: str

    @staticmethod
    def resolve_id(obj: ApplicationDocument) -> UUID:
        return obj.document_id

    @staticmethod
    def resolve_name(obj: ApplicationDocument) -> str:
        return obj.document.original_name

    @staticmethod
    def resolve_content_type(obj: ApplicationDocument) -> str:
        return obj.document.content_type

    @staticmethod
    def resolve_size(obj: ApplicationDocument) -> int:
        return obj.document.size

    @staticmethod
    def resolve_sha256(obj: ApplicationDocument) -> str:
        return obj.document.sha256


class InformationRequestOut(CamelSchema):
    id: int
    question: str
    asked_at: datetime
    due_date: date | None
    answer: str
    answered_at: datetime | None


class ClockOut(CamelSchema):
    state: Annotated[str, one_of(CLOCK_STATES)]
    started: date | None
    deadline: date | None
    paused_days: int
    elapsed_working_days: int
    working_days_left: int | None


class ConsignorOut(CamelSchema):
    name: str
    address: str
    country: str | None


class RoutePointOut(CamelSchema):
    position: int
    country: str
    place: str

    @staticmethod
    def resolve_country(obj: RoutePoint) -> str:
        return obj.country_id


class MovementOut(CamelSchema):
    """Import and transit: where the goods come from and how they travel."""

    consignor: ConsignorOut
    origin: str | None
    transport: Annotated[str, one_of(["", *Transport.values])]
    route: str
    transit_points: list[RoutePointOut]


class ApplicationOut(CamelSchema):
    """What an applicant sees of an application (and what an officer sees, plus more)."""

    id: int
    reference: str
    kind: str
    status: Annotated[str, one_of(Status)]
    revision: int
    organisation: str
    destination: str | None
    end_use: str
    applicant_reference: str
    created_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None
    goods: list[GoodsLineOut]
    parties: list[PartyOut]
    documents: list[DocumentOut]
    information_requests: list[InformationRequestOut]
    clock: ClockOut
    licence_id: int | None
    allowed_actions: list[Annotated[str, one_of(APPLICATION_ACTIONS)]]
    movement: MovementOut | None = Field(
        None, description="import and transit kinds only: consignor, origin, route, transport"
    )


class CheckOut(CamelSchema):
    check_name: Annotated[str, one_of(CheckResult.Check)]
    outcome: Annotated[str, one_of(CheckResult.Outcome)]
    reason: str
    rule_version: str
    findings: list[dict]
    run_at: datetime


class AssessmentOut(CamelSchema):
    criterion: int
    risk: Annotated[str, one_of(CriterionAssessment.Risk)]
    reasoning: str
    criteria_version: int
    assessed_by: str

    @staticmethod
    def resolve_assessed_by(obj: CriterionAssessment) -> str:
        return obj.assessed_by.get_username()


class ConsultationOut(CamelSchema):
    id: int
    body: Annotated[str, one_of(Consultation.Body)]
    body_detail: str
    question: str
    due_date: date
    outcome: Annotated[str, one_of(["", *Consultation.Outcome.values])] = Field(
        description="empty until the answer is recorded"
    )
    answer: str
    answered_at: datetime | None


class ProposalOut(CamelSchema):
    id: int
    decision: Annotated[str, one_of(DecisionProposal.Decision)]
    reasoning: str
    conditions: str
    criteria_cited: list[int]
    proposed_by: str
    review: Annotated[str, one_of(DecisionProposal.Review)]
    reviewed_by: str | None
    review_comment: str

    @staticmethod
    def resolve_proposed_by(obj: DecisionProposal) -> str:
        return obj.proposed_by.get_username()

    @staticmethod
    def resolve_reviewed_by(obj: DecisionProposal) -> str | None:
        return obj.reviewed_by.get_username() if obj.reviewed_by else None


class CaseHitOut(CamelSchema):
    """A screening hit on a party (partyId) or on the applicant itself (partyId null)."""

    id: int
    party_id: int | None
    party: str
    list: str
    entry_id: str
    matched_name: str
    score: float
    explanation: str
    status: Annotated[str, one_of(ScreeningHit.Status)]


class CaseOut(ApplicationOut):
    """The officer's view: the application plus checks, hits, assessment and decisions."""

    assigned_officer: str | None
    minister_decides: bool
    checks: list[CheckOut]
    hits: list[CaseHitOut]
    assessments: list[AssessmentOut]
    consultations: list[ConsultationOut]
    proposals: list[ProposalOut]


class ApplicationSummaryOut(CamelSchema):
    id: int
    reference: str
    kind: str
    status: Annotated[str, one_of(Status)]
    organisation: str
    destination: str | None
    submitted_at: datetime | None
    days_open: int | None
    working_days_left: int | None
    assigned_officer: str | None


class TimelineEventOut(CamelSchema):
    seq: int
    at: datetime
    actor: str
    verb: str
    text: str


class LicenceLineOut(CamelSchema):
    id: int
    position: int
    description: str
    control_entry: str
    unit: str
    authorised_quantity: Decimal
    authorised_value_eur: Decimal
    used_quantity: Decimal
    used_value_eur: Decimal
    remaining_quantity: Decimal
    remaining_value_eur: Decimal


class ExportOut(CamelSchema):
    id: int
    line_id: int
    shipped_on: date
    quantity: Decimal
    value_eur: Decimal
    customs_declaration: str


class LicenceOut(CamelSchema):
    id: int
    number: str
    kind: str
    status: Annotated[str, one_of(Licence.Status)]
    holder: str
    destination: str
    application_id: int
    issued_at: datetime
    valid_from: date
    valid_until: date
    conditions: str
    verification_code: str
    lines: list[LicenceLineOut]
    exports: list[ExportOut]


class PublicLicenceOut(CamelSchema):
    """Only what anyone may know about a licence from its verification code."""

    status: Annotated[str, one_of(Licence.Status)]
    number: str
    kind: str
    holder: str
    destination_country: str
    valid_from: date
    valid_until: date
    #: the version in force (1 until the licence is amended or renewed)
    version: int


class KindOut(CamelSchema):
    code: str
    name_nl: str
    name_en: str
    control_list: str
    destination: str
    required_parties: list[Annotated[str, one_of(Party.Role)]]
    required_documents: list[Annotated[str, one_of(ApplicationDocument.Kind)]]
    decision_days: int
    minister_decision_days: int
    validity_months: int
    validity_confirmed: bool
    decided_by: str
    direction: Annotated[str, one_of(DIRECTIONS)]
    origin: Annotated[str, one_of(ORIGINS)]
    required_fields: list[Annotated[str, one_of(MOVEMENT_FIELDS)]]
    embargo_places: list[Annotated[str, one_of(EMBARGO_PLACES)]]
    requires_prior_authorisation: bool = Field(
        description="submission is refused without a prior authorisation of the company in force"
    )
    competence_nl: str = Field(description="who is competent, where still to confirm (Dutch)")
    competence_en: str = Field(description="who is competent, where still to confirm (English)")
    source: str
    to_confirm: list[str] = Field(description="the values of this kind still to confirm")
    instrument: Annotated[str, one_of(INSTRUMENTS)] = Field(
        description="individual, global (several consignees over a period) or general"
    )
    period: bool = Field(description="the applicant asks a validity period")
    several_consignees: bool = Field(
        description="several consignees with ceilings each; usage is recorded per consignee"
    )


class TransitionOut(CamelSchema):
    action: Annotated[str, one_of(APPLICATION_ACTIONS)]
    sources: list[Annotated[str, one_of(Status)]]
    target: Annotated[str, one_of(Status)]
    roles: list[Role]
    guards: list[str]
