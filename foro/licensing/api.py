"""API: everything an applicant or officer does on a page, under /api/v1/licensing/.

Thin: parse, call one service or selector, serialise. Applicants and officers get
different output schemas: an applicant never sees checks, hits, assessments or the
officers' names. Permissions are the services' and selectors' (the same as the pages).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from django.http import HttpRequest
from ninja import File, Form, Query
from ninja.files import UploadedFile
from ninja.responses import Status as Created

from foro.api import ApiRouter, CamelSchema, Page, paginate
from foro.core.audit import sentence
from foro.core.documents import download_response, file_response
from foro.core.errors import NotFound, ValidationFailed
from foro.core.models import User
from foro.core.roles import roles_of
from foro.licensing import clock as clock_mod
from foro.licensing import selectors, services, workflow
from foro.licensing.kinds import kinds
from foro.licensing.models import Application, Consultation, Licence
from foro.licensing.selectors import STAFF

router = ApiRouter(tags=["licensing"])
public_router = ApiRouter(tags=["public"], auth=None)


# ------------------------------------------------------------------ schemas


class GoodsLineIn(CamelSchema):
    description: str = ""
    control_entry: str = ""
    control_entry_text: str = ""
    cn_code: str = ""
    quantity: Decimal | None = None
    unit: str = ""
    value_eur: Decimal | None = None


class PartyIn(CamelSchema):
    role: str
    name: str
    address: str = ""
    country: str
    is_person: bool = False


class DraftIn(CamelSchema):
    destination: str | None = None
    end_use: str | None = None
    applicant_reference: str | None = None
    goods: list[GoodsLineIn] | None = None
    parties: list[PartyIn] | None = None
    revision: int | None = None


class ApplicationIn(DraftIn):
    kind: str


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
    role: str
    name: str
    address: str
    country: str
    is_person: bool

    @staticmethod
    def resolve_country(obj) -> str:
        return obj.country_id


class DocumentOut(CamelSchema):
    id: str
    kind: str
    name: str
    content_type: str
    size: int
    sha256: str

    @staticmethod
    def resolve_id(obj) -> str:
        return str(obj.document_id)

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.document.original_name

    @staticmethod
    def resolve_content_type(obj) -> str:
        return obj.document.content_type

    @staticmethod
    def resolve_size(obj) -> int:
        return obj.document.size

    @staticmethod
    def resolve_sha256(obj) -> str:
        return obj.document.sha256


class InformationRequestOut(CamelSchema):
    id: int
    question: str
    asked_at: str
    due_date: date | None
    answer: str
    answered_at: str | None

    @staticmethod
    def resolve_asked_at(obj) -> str:
        return obj.asked_at.isoformat()

    @staticmethod
    def resolve_answered_at(obj) -> str | None:
        return obj.answered_at.isoformat() if obj.answered_at else None


class ClockOut(CamelSchema):
    state: str
    started: date | None
    deadline: date | None
    paused_days: int
    elapsed_working_days: int
    working_days_left: int | None


class ApplicationOut(CamelSchema):
    """What an applicant sees of an application (and what an officer sees, plus more)."""

    id: int
    reference: str
    kind: str
    status: str
    revision: int
    organisation: str
    destination: str | None
    end_use: str
    applicant_reference: str
    created_at: str
    submitted_at: str | None
    decided_at: str | None
    goods: list[GoodsLineOut]
    parties: list[PartyOut]
    documents: list[DocumentOut]
    information_requests: list[InformationRequestOut]
    clock: ClockOut
    licence_id: int | None
    allowed_actions: list[str]


class CheckOut(CamelSchema):
    check_name: str
    outcome: str
    reason: str
    rule_version: str
    findings: list[dict]
    run_at: str

    @staticmethod
    def resolve_run_at(obj) -> str:
        return obj.run_at.isoformat()


class AssessmentOut(CamelSchema):
    criterion: int
    risk: str
    reasoning: str
    criteria_version: int
    assessed_by: str

    @staticmethod
    def resolve_assessed_by(obj) -> str:
        return obj.assessed_by.get_username()


class ConsultationOut(CamelSchema):
    id: int
    body: str
    body_detail: str
    question: str
    due_date: date
    outcome: str
    answer: str
    answered_at: str | None

    @staticmethod
    def resolve_answered_at(obj) -> str | None:
        return obj.answered_at.isoformat() if obj.answered_at else None


class ProposalOut(CamelSchema):
    id: int
    decision: str
    reasoning: str
    conditions: str
    criteria_cited: list[int]
    proposed_by: str
    review: str
    reviewed_by: str | None
    review_comment: str

    @staticmethod
    def resolve_proposed_by(obj) -> str:
        return obj.proposed_by.get_username()

    @staticmethod
    def resolve_reviewed_by(obj) -> str | None:
        return obj.reviewed_by.get_username() if obj.reviewed_by_id else None


class HitOut(CamelSchema):
    """A screening hit on a party (partyId) or on the applicant itself (partyId null)."""

    id: int
    party_id: int | None
    party: str
    list: str
    entry_id: str
    matched_name: str
    score: float
    explanation: str
    status: str


class CaseOut(ApplicationOut):
    """The officer's view: the application plus checks, hits, assessment and decisions."""

    assigned_officer: str | None
    minister_decides: bool
    checks: list[CheckOut]
    hits: list[HitOut]
    assessments: list[AssessmentOut]
    consultations: list[ConsultationOut]
    proposals: list[ProposalOut]


class ApplicationSummaryOut(CamelSchema):
    id: int
    reference: str
    kind: str
    status: str
    organisation: str
    destination: str | None
    submitted_at: str | None
    days_open: int | None
    working_days_left: int | None
    assigned_officer: str | None


class TimelineEventOut(CamelSchema):
    seq: int
    at: str
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
    status: str
    holder: str
    destination: str
    application_id: int
    issued_at: str
    valid_from: date
    valid_until: date
    conditions: str
    verification_code: str
    lines: list[LicenceLineOut]
    exports: list[ExportOut]


class PublicLicenceOut(CamelSchema):
    """Only what anyone may know about a licence from its verification code."""

    status: str
    number: str
    kind: str
    holder: str
    destination_country: str
    valid_from: date
    valid_until: date


class KindOut(CamelSchema):
    code: str
    name_nl: str
    name_en: str
    control_list: str
    destination: str
    required_parties: list[str]
    required_documents: list[str]
    decision_days: int
    minister_decision_days: int
    validity_months: int
    validity_confirmed: bool
    decided_by: str


class TransitionOut(CamelSchema):
    action: str
    sources: list[str]
    target: str
    roles: list[str]
    guards: list[str]


class ReasonIn(CamelSchema):
    reason: str = ""


class CommentIn(CamelSchema):
    comment: str = ""


class AssignIn(CamelSchema):
    officer: str | None = None


class QuestionIn(CamelSchema):
    question: str
    due_date: date | None = None


class AnswerIn(CamelSchema):
    answer: str


class ConsultationIn(CamelSchema):
    body: str
    body_detail: str = ""
    question: str
    due_date: date


class ConsultationAnswerIn(CamelSchema):
    outcome: str
    answer: str


class AssessmentIn(CamelSchema):
    risk: str
    reasoning: str


class ProposalIn(CamelSchema):
    decision: str
    reasoning: str
    conditions: str = ""
    criteria_cited: list[int] = []


class ExportIn(CamelSchema):
    line_id: int
    shipped_on: date
    quantity: Decimal
    value_eur: Decimal
    customs_declaration: str


class LicenceStatusIn(CamelSchema):
    action: str
    reason: str


# ------------------------------------------------------------------ serialisers


def _iso(dt) -> str | None:
    return dt.isoformat() if dt else None


def _allowed(user: User, app: Application) -> list[str]:
    roles = roles_of(user)
    steps = workflow.available(workflow.APPLICATION_TRANSITIONS, app.status, roles)
    own = user.organisation_id == app.organisation_id
    return [t.action for t in steps if not t.own_organisation or own]


def _application_dict(user: User, app: Application) -> dict:
    clk = clock_mod.clock_for(app)
    licence = Licence.objects.filter(application=app).values_list("pk", flat=True).first()
    data = {
        "id": app.pk,
        "reference": app.reference,
        "kind": app.kind,
        "status": app.status,
        "revision": app.revision,
        "organisation": app.organisation.name,
        "destination": app.destination_id,
        "end_use": app.end_use,
        "applicant_reference": app.applicant_reference,
        "created_at": _iso(app.created_at),
        "submitted_at": _iso(app.submitted_at),
        "decided_at": _iso(app.decided_at),
        "goods": list(app.goods.all()),
        "parties": list(app.parties.all()),
        "documents": list(app.documents.select_related("document")),
        "information_requests": list(app.information_requests.all()),
        "clock": {**clk.__dict__, "state": clk.state},
        "licence_id": licence,
        "allowed_actions": _allowed(user, app),
    }
    if roles_of(user) & STAFF:
        from foro.licensing.screening import applicant_hits, hits_by_party

        hits = []
        names = {p.pk: p.name for p in data["parties"]}
        grouped = [(None, applicant_hits(app)), *hits_by_party(app).items()]
        for party_id, party_hits in grouped:
            for h in party_hits:
                hits.append(
                    {
                        "id": h.pk,
                        "party_id": party_id,
                        "party": names.get(party_id, h.subject.name)
                        if party_id
                        else h.subject.name,
                        "list": h.sanctions_list.code,
                        "entry_id": h.entry_id,
                        "matched_name": h.matched_name,
                        "score": h.score,
                        "explanation": h.explanation,
                        "status": h.status,
                    }
                )
        data.update(
            assigned_officer=app.assigned_officer.get_username()
            if app.assigned_officer_id
            else None,
            minister_decides=app.minister_decides,
            checks=list(app.checks.filter(is_current=True)),
            hits=hits,
            assessments=list(app.assessments.select_related("assessed_by")),
            consultations=list(app.consultations.all()),
            proposals=list(app.proposals.select_related("proposed_by", "reviewed_by")),
        )
    return data


def _out(request, app: Application):
    app = selectors.application_get(request.user, app.pk)
    return _application_dict(request.user, app)


def _licence_dict(lic: Licence) -> dict:
    lines = list(lic.lines.select_related("goods_line"))
    from foro.licensing.models import ExportRecord

    exports = ExportRecord.objects.filter(licence_line__licence=lic).order_by("shipped_on", "pk")
    return {
        "id": lic.pk,
        "number": lic.number,
        "kind": lic.kind,
        "status": lic.status,
        "holder": lic.holder.name,
        "destination": lic.destination_id,
        "application_id": lic.application_id,
        "issued_at": _iso(lic.issued_at),
        "valid_from": lic.valid_from,
        "valid_until": lic.valid_until,
        "conditions": lic.conditions,
        "verification_code": lic.verification_code,
        "lines": [
            {
                "id": ln.pk,
                "position": ln.goods_line.position,
                "description": ln.goods_line.description,
                "control_entry": ln.goods_line.control_entry,
                "unit": ln.goods_line.unit,
                "authorised_quantity": ln.authorised_quantity,
                "authorised_value_eur": ln.authorised_value_eur,
                "used_quantity": ln.used_quantity,
                "used_value_eur": ln.used_value_eur,
                "remaining_quantity": ln.remaining_quantity,
                "remaining_value_eur": ln.remaining_value_eur,
            }
            for ln in lines
        ],
        "exports": [
            {
                "id": e.pk,
                "line_id": e.licence_line_id,
                "shipped_on": e.shipped_on,
                "quantity": e.quantity,
                "value_eur": e.value_eur,
                "customs_declaration": e.customs_declaration,
            }
            for e in exports
        ],
    }


def _draft_data(payload: DraftIn) -> dict:
    data = payload.model_dump(exclude={"revision", "kind"}, exclude_unset=True)
    return data


# ------------------------------------------------------------------ reference


@router.get("/kinds", response=list[KindOut], summary="The kinds of application and their rules")
def list_kinds(request: HttpRequest):
    return [k.__dict__ for k in kinds()]


@router.get(
    "/transitions",
    response=list[TransitionOut],
    summary="The application life cycle (transition table)",
)
def list_transitions(request: HttpRequest):
    return [
        {
            "action": t.action,
            "sources": list(t.sources),
            "target": t.target,
            "roles": sorted(r.value for r in t.roles),
            "guards": list(t.guards),
        }
        for t in workflow.APPLICATION_TRANSITIONS
    ]


# ------------------------------------------------------------------ applications


@router.get(
    "/applications", response=Page[ApplicationSummaryOut], summary="Applications visible to you"
)
def list_applications(
    request: HttpRequest,
    page: int = 1,
    page_size: int = Query(25, alias="pageSize"),
    status: str = "",
    kind: str = "",
    destination: str = "",
    officer: str = Query("", description="a user name, 'me' or 'none'"),
    q: str = "",
):
    user = request.user
    officer_filter = officer
    if officer and officer not in ("me", "none"):
        officer_filter = str(
            User.objects.filter(username=officer).values_list("pk", flat=True).first() or 0
        )
    qs = selectors.queue(
        user,
        selectors.QueueFilters(
            status=status,
            kind=kind,
            destination=destination,
            officer=officer_filter,
            q=q,
            open_only=False,
        ),
    )
    result = paginate(request, qs, page, page_size)
    result["items"] = [
        {
            "id": a.pk,
            "reference": a.reference,
            "kind": a.kind,
            "status": a.status,
            "organisation": a.organisation.name,
            "destination": a.destination_id,
            "submitted_at": _iso(a.submitted_at),
            "days_open": selectors.days_open(a),
            "working_days_left": clock_mod.clock_for(a).working_days_left,
            "assigned_officer": a.assigned_officer.get_username()
            if a.assigned_officer_id
            else None,
        }
        for a in result["items"]
    ]
    return result


@router.post("/applications", response={201: ApplicationOut}, summary="Start a draft application")
def create_application(request: HttpRequest, payload: ApplicationIn):
    app = services.application_create(
        actor=request.user, kind=payload.kind, data=_draft_data(payload)
    )
    return Created(201, _out(request, app))


@router.get("/applications/{app_id}", response=CaseOut | ApplicationOut, summary="One application")
def get_application(request: HttpRequest, app_id: int):
    app = selectors.application_get(request.user, app_id)
    return _application_dict(request.user, app)


@router.patch("/applications/{app_id}", response=ApplicationOut, summary="Save changes to a draft")
def update_application(request: HttpRequest, app_id: int, payload: DraftIn):
    app = selectors.application_get(request.user, app_id)
    services.application_update_draft(
        actor=request.user, application=app, data=_draft_data(payload), revision=payload.revision
    )
    return _out(request, app)


@router.post(
    "/applications/{app_id}/documents",
    response={201: DocumentOut},
    summary="Attach a document (multipart)",
)
def add_document(request: HttpRequest, app_id: int, kind: Form[str], file: File[UploadedFile]):
    app = selectors.application_get(request.user, app_id)
    link = services.application_attach_document(
        actor=request.user, application=app, kind=kind, name=file.name, content=file.read()
    )
    return Created(201, link)


@router.get(
    "/applications/{app_id}/documents/{document_id}",
    summary="Download a document of the application",
)
def get_document(request: HttpRequest, app_id: int, document_id: UUID):
    link = selectors.application_document(request.user, app_id, document_id)
    return download_response(link.document)


@router.post(
    "/applications/{app_id}/submit", response=ApplicationOut, summary="Submit the application"
)
def submit(request: HttpRequest, app_id: int, revision: int | None = Query(None)):
    app = selectors.application_get(request.user, app_id)
    services.application_submit(actor=request.user, application=app, revision=revision)
    return _out(request, app)


@router.post(
    "/applications/{app_id}/withdraw", response=ApplicationOut, summary="Withdraw the application"
)
def withdraw(request: HttpRequest, app_id: int, payload: ReasonIn):
    app = selectors.application_get(request.user, app_id)
    services.application_withdraw(actor=request.user, application=app, reason=payload.reason)
    return _out(request, app)


@router.post(
    "/applications/{app_id}/assign", response=CaseOut, summary="Assign an officer (or nobody)"
)
def assign(request: HttpRequest, app_id: int, payload: AssignIn):
    app = selectors.application_get(request.user, app_id)
    officer = None
    if payload.officer:
        officer = User.objects.filter(username=payload.officer).first()
        if officer is None:
            raise ValidationFailed(errors=[{"field": "officer", "message": "Unknown user."}])
    services.application_assign(actor=request.user, application=app, officer=officer)
    return _out(request, app)


@router.post(
    "/applications/{app_id}/start-assessment", response=CaseOut, summary="Start the assessment"
)
def start_assessment(request: HttpRequest, app_id: int):
    app = selectors.application_get(request.user, app_id)
    services.application_start_assessment(actor=request.user, application=app)
    return _out(request, app)


@router.post(
    "/applications/{app_id}/information-requests",
    response=CaseOut,
    summary="Ask the applicant for information",
)
def request_information(request: HttpRequest, app_id: int, payload: QuestionIn):
    app = selectors.application_get(request.user, app_id)
    services.information_request(
        actor=request.user, application=app, question=payload.question, due_date=payload.due_date
    )
    return _out(request, app)


@router.post(
    "/applications/{app_id}/information-answer",
    response=ApplicationOut,
    summary="Answer the open request",
)
def answer_information(request: HttpRequest, app_id: int, payload: AnswerIn):
    app = selectors.application_get(request.user, app_id)
    services.information_answer(actor=request.user, application=app, answer=payload.answer)
    return _out(request, app)


@router.post(
    "/applications/{app_id}/consultations", response=CaseOut, summary="Consult another body"
)
def consult(request: HttpRequest, app_id: int, payload: ConsultationIn):
    app = selectors.application_get(request.user, app_id)
    services.consultation_start(
        actor=request.user,
        application=app,
        body=payload.body,
        body_detail=payload.body_detail,
        question=payload.question,
        due_date=payload.due_date,
    )
    return _out(request, app)


@router.post(
    "/consultations/{consultation_id}/answer",
    response=CaseOut,
    summary="Record a consulted body's answer",
)
def consultation_answer(request: HttpRequest, consultation_id: int, payload: ConsultationAnswerIn):
    consultation = Consultation.objects.filter(
        pk=consultation_id, application__in=selectors.applications_visible_to(request.user)
    ).first()
    if consultation is None:
        raise NotFound()
    services.consultation_answer(
        actor=request.user,
        consultation=consultation,
        outcome=payload.outcome,
        answer=payload.answer,
    )
    return _out(request, consultation.application)


@router.post(
    "/applications/{app_id}/close-consultation", response=CaseOut, summary="Resume the assessment"
)
def close_consultation(request: HttpRequest, app_id: int):
    app = selectors.application_get(request.user, app_id)
    services.consultation_close(actor=request.user, application=app)
    return _out(request, app)


@router.put(
    "/applications/{app_id}/assessments/{criterion}",
    response=CaseOut,
    summary="Assess one of the eight criteria",
)
def assess(request: HttpRequest, app_id: int, criterion: int, payload: AssessmentIn):
    app = selectors.application_get(request.user, app_id)
    services.assessment_record(
        actor=request.user,
        application=app,
        criterion=criterion,
        risk=payload.risk,
        reasoning=payload.reasoning,
    )
    return _out(request, app)


@router.post("/applications/{app_id}/proposal", response=CaseOut, summary="Propose a decision")
def propose(request: HttpRequest, app_id: int, payload: ProposalIn):
    app = selectors.application_get(request.user, app_id)
    services.decision_propose(
        actor=request.user,
        application=app,
        decision=payload.decision,
        reasoning=payload.reasoning,
        conditions=payload.conditions,
        criteria_cited=payload.criteria_cited,
    )
    return _out(request, app)


@router.post(
    "/applications/{app_id}/countersign",
    response=CaseOut,
    summary="Countersign the proposed decision",
)
def countersign(request: HttpRequest, app_id: int, payload: CommentIn):
    app = selectors.application_get(request.user, app_id)
    services.decision_countersign(actor=request.user, application=app, comment=payload.comment)
    return _out(request, app)


@router.post(
    "/applications/{app_id}/send-back",
    response=CaseOut,
    summary="Send the proposal back to the officer",
)
def send_back(request: HttpRequest, app_id: int, payload: CommentIn):
    app = selectors.application_get(request.user, app_id)
    services.decision_send_back(actor=request.user, application=app, comment=payload.comment)
    return _out(request, app)


@router.post(
    "/applications/{app_id}/checks", response=CaseOut, summary="Run the automatic checks again"
)
def rerun_checks(request: HttpRequest, app_id: int):
    app = selectors.application_get(request.user, app_id)
    services.checks_rerun(actor=request.user, application=app)
    return _out(request, app)


@router.get(
    "/applications/{app_id}/timeline", response=list[TimelineEventOut], summary="The case's history"
)
def timeline(request: HttpRequest, app_id: int):
    app = selectors.application_get(request.user, app_id)
    return [
        {
            "seq": e.seq,
            "at": e.occurred_at.isoformat(),
            "actor": e.actor_label,
            "verb": e.verb,
            "text": sentence(e),
        }
        for e in selectors.timeline(app)
    ]


@router.get("/applications/{app_id}/refusal-letter", summary="The refusal letter (PDF)")
def refusal_letter(request: HttpRequest, app_id: int, lang: str = "nl"):
    from foro.licensing.pdf import refusal_letter_pdf

    app = selectors.application_get(request.user, app_id)
    if app.status != "refused":
        raise NotFound()
    return file_response(
        refusal_letter_pdf(app, "en" if lang == "en" else "nl"),
        "application/pdf",
        f"refusal-{app.reference}.pdf",
    )


# ------------------------------------------------------------------ licences


@router.get("/licences", response=Page[LicenceOut], summary="Licences visible to you")
def list_licences(
    request: HttpRequest,
    page: int = 1,
    page_size: int = Query(25, alias="pageSize"),
    status: str = "",
):
    qs = selectors.licences_visible_to(request.user)
    if status:
        qs = qs.filter(status=status)
    result = paginate(request, qs.order_by("-issued_at", "pk"), page, page_size)
    result["items"] = [_licence_dict(lic) for lic in result["items"]]
    return result


@router.get("/licences/{licence_id}", response=LicenceOut, summary="One licence")
def get_licence(request: HttpRequest, licence_id: int):
    return _licence_dict(selectors.licence_get(request.user, licence_id))


@router.get("/licences/{licence_id}/pdf", summary="The licence document (PDF)")
def licence_pdf(request: HttpRequest, licence_id: int, lang: str = "nl"):
    from foro.licensing.pdf import licence_pdf as render

    lic = selectors.licence_get(request.user, licence_id)
    return file_response(
        render(lic, "en" if lang == "en" else "nl"), "application/pdf", f"{lic.number}.pdf"
    )


@router.post(
    "/licences/{licence_id}/exports",
    response={201: LicenceOut},
    summary="Record an export made under the licence",
)
def record_export(request: HttpRequest, licence_id: int, payload: ExportIn):
    lic = selectors.licence_get(request.user, licence_id)
    services.export_record(
        actor=request.user,
        licence=lic,
        line_id=payload.line_id,
        shipped_on=payload.shipped_on,
        quantity=payload.quantity,
        value_eur=payload.value_eur,
        customs_declaration=payload.customs_declaration,
    )
    return Created(201, _licence_dict(selectors.licence_get(request.user, licence_id)))


@router.post(
    "/licences/{licence_id}/status", response=LicenceOut, summary="Suspend, reinstate or revoke"
)
def change_status(request: HttpRequest, licence_id: int, payload: LicenceStatusIn):
    lic = selectors.licence_get(request.user, licence_id)
    services.licence_change_status(
        actor=request.user, licence=lic, action=payload.action, reason=payload.reason
    )
    return _licence_dict(selectors.licence_get(request.user, licence_id))


# ------------------------------------------------------------------ public


@public_router.get(
    "/licences/{code}",
    response=PublicLicenceOut,
    summary="Verify a licence by its code (no sign-in)",
)
def verify_licence(request: HttpRequest, code: str):
    lic = selectors.licence_by_code(code)
    if lic is None:
        raise NotFound()
    return {
        "status": lic.status,
        "number": lic.number,
        "kind": lic.kind,
        "holder": lic.holder.name,
        "destination_country": lic.destination_id,
        "valid_from": lic.valid_from,
        "valid_until": lic.valid_until,
    }
