"""API: everything an applicant or officer does on a page, under /api/v1/licensing/.

Thin: parse, call one service or selector, serialise. Applicants and officers get
different output schemas (``schemas``); permissions are the services' and selectors'
(the same as the pages)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Query
from ninja.files import UploadedFile
from ninja.responses import Status as Created

from foro.api_base import ApiRouter, Page, Problem, binary, max_length, paginate, user_of
from foro.core import reauth
from foro.core.audit import sentence
from foro.core.documents import download_response, file_response
from foro.core.errors import NotFound, ValidationFailed
from foro.core.models import User
from foro.licensing import selectors, services, workflow
from foro.licensing.api import serialise
from foro.licensing.api.schemas import (
    AnswerIn,
    ApplicationIn,
    ApplicationOut,
    ApplicationSummaryOut,
    AssessmentIn,
    AssignIn,
    CaseOut,
    CommentIn,
    ConsultationAnswerIn,
    ConsultationIn,
    DocumentOut,
    DraftIn,
    ExportIn,
    KindOut,
    LicenceOut,
    LicenceStatusIn,
    ProposalIn,
    PublicLicenceOut,
    QuestionIn,
    ReasonIn,
    TimelineEventOut,
    TransitionOut,
)
from foro.licensing.kinds import kinds
from foro.licensing.models import Application, ApplicationDocument, Consultation

router = ApiRouter(tags=["licensing"])
public_router = ApiRouter(tags=["public"], auth=None)

#: a step that the application's state (or someone else's change) does not allow: 409
STEP = {409: Problem}


def _answer(request: HttpRequest, app: Application) -> dict[str, Any]:
    """The application as it is now, in the caller's view."""
    user = user_of(request)
    return serialise.application(user, selectors.application_get(user, app.pk))


def _application(request: HttpRequest, app_id: int) -> Application:
    return selectors.application_get(user_of(request), app_id)


def _draft_data(payload: DraftIn) -> dict[str, Any]:
    return payload.model_dump(exclude={"revision", "kind"}, exclude_unset=True)


# ------------------------------------------------------------------ reference


@router.get("/kinds", response=list[KindOut], summary="The kinds of application and their rules")
def list_kinds(request: HttpRequest) -> list[dict[str, Any]]:
    return [k.__dict__ for k in kinds()]


@router.get(
    "/transitions",
    response=list[TransitionOut],
    summary="The application life cycle (transition table)",
)
def list_transitions(request: HttpRequest) -> list[dict[str, Any]]:
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
) -> dict[str, Any]:
    user = user_of(request)
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
    ).prefetch_related(*serialise.APPLICATION_LIST_PREFETCH)
    result = paginate(request, qs, page, page_size)
    result["items"] = [serialise.application_summary(a) for a in result["items"]]
    return result


@router.post("/applications", response={201: ApplicationOut}, summary="Start a draft application")
def create_application(request: HttpRequest, payload: ApplicationIn) -> Created:
    app = services.application_create(
        actor=user_of(request), kind=payload.kind, data=_draft_data(payload)
    )
    return Created(201, _answer(request, app))


@router.get("/applications/{app_id}", response=CaseOut | ApplicationOut, summary="One application")
def get_application(request: HttpRequest, app_id: int) -> dict[str, Any]:
    user = user_of(request)
    return serialise.application(user, selectors.application_get(user, app_id))


@router.patch(
    "/applications/{app_id}",
    response={200: ApplicationOut, **STEP},
    summary="Save changes to a draft",
)
def update_application(request: HttpRequest, app_id: int, payload: DraftIn) -> dict[str, Any]:
    app = _application(request, app_id)
    services.application_update_draft(
        actor=user_of(request),
        application=app,
        data=_draft_data(payload),
        revision=payload.revision,
    )
    return _answer(request, app)


UPLOAD_FIELDS = {"kind", "file"}


@router.post(
    "/applications/{app_id}/documents",
    # 507: the server's storage is full (nothing was kept; the same upload works later)
    response={201: DocumentOut, **STEP, 507: Problem},
    summary="Attach a document (multipart)",
)
def add_document(
    request: HttpRequest,
    app_id: int,
    kind: Annotated[str, Form(max_length=max_length(ApplicationDocument, "kind"))],
    file: File[UploadedFile],
) -> Created:
    unknown = sorted((set(request.POST) | set(request.FILES)) - UPLOAD_FIELDS)
    if unknown:
        raise ValidationFailed(
            errors=[
                {
                    "field": name,
                    "code": "unknown_field",
                    "message": _("Unknown field: remove it or check its spelling."),
                }
                for name in unknown
            ]
        )
    app = _application(request, app_id)
    link = services.application_attach_document(
        actor=user_of(request),
        application=app,
        kind=kind,
        name=file.name or "",
        content=file.read(),
    )
    return Created(201, link)


@router.get(
    "/applications/{app_id}/documents/{document_id}",
    summary="Download a document of the application",
    openapi_extra=binary("application/octet-stream"),
)
def get_document(request: HttpRequest, app_id: int, document_id: UUID) -> HttpResponse:
    link = selectors.application_document(user_of(request), app_id, document_id)
    return download_response(link.document)


@router.post(
    "/applications/{app_id}/submit",
    response={200: ApplicationOut, **STEP},
    summary="Submit the application",
)
def submit(request: HttpRequest, app_id: int, revision: int | None = Query(None)) -> dict[str, Any]:
    app = _application(request, app_id)
    services.application_submit(actor=user_of(request), application=app, revision=revision)
    return _answer(request, app)


@router.post(
    "/applications/{app_id}/withdraw",
    response={200: ApplicationOut, **STEP},
    summary="Withdraw the application",
)
def withdraw(request: HttpRequest, app_id: int, payload: ReasonIn) -> dict[str, Any]:
    app = _application(request, app_id)
    services.application_withdraw(actor=user_of(request), application=app, reason=payload.reason)
    return _answer(request, app)


@router.post(
    "/applications/{app_id}/assign",
    response={200: CaseOut, **STEP},
    summary="Assign an officer (or nobody)",
)
def assign(request: HttpRequest, app_id: int, payload: AssignIn) -> dict[str, Any]:
    app = _application(request, app_id)
    officer = None
    if payload.officer:
        officer = User.objects.filter(username=payload.officer).first()
        if officer is None:
            raise ValidationFailed(errors=[{"field": "officer", "message": _("Unknown user.")}])
    services.application_assign(actor=user_of(request), application=app, officer=officer)
    return _answer(request, app)


@router.post(
    "/applications/{app_id}/start-assessment",
    response={200: CaseOut, **STEP},
    summary="Start the assessment",
)
def start_assessment(request: HttpRequest, app_id: int) -> dict[str, Any]:
    app = _application(request, app_id)
    services.application_start_assessment(actor=user_of(request), application=app)
    return _answer(request, app)


@router.post(
    "/applications/{app_id}/information-requests",
    response={200: CaseOut, **STEP},
    summary="Ask the applicant for information",
)
def request_information(request: HttpRequest, app_id: int, payload: QuestionIn) -> dict[str, Any]:
    app = _application(request, app_id)
    services.information_request(
        actor=user_of(request),
        application=app,
        question=payload.question,
        due_date=payload.due_date,
    )
    return _answer(request, app)


@router.post(
    "/applications/{app_id}/information-answer",
    response={200: ApplicationOut, **STEP},
    summary="Answer the open request",
)
def answer_information(request: HttpRequest, app_id: int, payload: AnswerIn) -> dict[str, Any]:
    app = _application(request, app_id)
    services.information_answer(actor=user_of(request), application=app, answer=payload.answer)
    return _answer(request, app)


@router.post(
    "/applications/{app_id}/consultations",
    response={200: CaseOut, **STEP},
    summary="Consult another body",
)
def consult(request: HttpRequest, app_id: int, payload: ConsultationIn) -> dict[str, Any]:
    app = _application(request, app_id)
    services.consultation_start(
        actor=user_of(request),
        application=app,
        body=payload.body,
        body_detail=payload.body_detail,
        question=payload.question,
        due_date=payload.due_date,
    )
    return _answer(request, app)


@router.post(
    "/consultations/{consultation_id}/answer",
    response={200: CaseOut, **STEP},
    summary="Record a consulted body's answer",
)
def consultation_answer(
    request: HttpRequest, consultation_id: int, payload: ConsultationAnswerIn
) -> dict[str, Any]:
    user = user_of(request)
    consultation = (
        Consultation.objects.filter(
            pk=consultation_id, application__in=selectors.applications_visible_to(user)
        )
        .select_related("application")
        .first()
    )
    if consultation is None:
        raise NotFound()
    services.consultation_answer(
        actor=user,
        consultation=consultation,
        outcome=payload.outcome,
        answer=payload.answer,
    )
    return _answer(request, consultation.application)


@router.post(
    "/applications/{app_id}/close-consultation",
    response={200: CaseOut, **STEP},
    summary="Resume the assessment",
)
def close_consultation(request: HttpRequest, app_id: int) -> dict[str, Any]:
    app = _application(request, app_id)
    services.consultation_close(actor=user_of(request), application=app)
    return _answer(request, app)


@router.put(
    "/applications/{app_id}/assessments/{criterion}",
    response={200: CaseOut, **STEP},
    summary="Assess one of the eight criteria",
)
def assess(
    request: HttpRequest, app_id: int, criterion: int, payload: AssessmentIn
) -> dict[str, Any]:
    app = _application(request, app_id)
    services.assessment_record(
        actor=user_of(request),
        application=app,
        criterion=criterion,
        risk=payload.risk,
        reasoning=payload.reasoning,
    )
    return _answer(request, app)


@router.post(
    "/applications/{app_id}/proposal",
    response={200: CaseOut, **STEP},
    summary="Propose a decision",
)
def propose(request: HttpRequest, app_id: int, payload: ProposalIn) -> dict[str, Any]:
    app = _application(request, app_id)
    services.decision_propose(
        actor=user_of(request),
        application=app,
        decision=payload.decision,
        reasoning=payload.reasoning,
        conditions=payload.conditions,
        criteria_cited=payload.criteria_cited,
    )
    return _answer(request, app)


@router.post(
    "/applications/{app_id}/countersign",
    response={200: CaseOut, **STEP},
    summary="Countersign the proposed decision",
)
def countersign(request: HttpRequest, app_id: int, payload: CommentIn) -> dict[str, Any]:
    app = _application(request, app_id)
    reauth.require_recent(request)  # no API token countersigns (docs/security.md)
    services.decision_countersign(actor=user_of(request), application=app, comment=payload.comment)
    return _answer(request, app)


@router.post(
    "/applications/{app_id}/send-back",
    response={200: CaseOut, **STEP},
    summary="Send the proposal back to the officer",
)
def send_back(request: HttpRequest, app_id: int, payload: CommentIn) -> dict[str, Any]:
    app = _application(request, app_id)
    services.decision_send_back(actor=user_of(request), application=app, comment=payload.comment)
    return _answer(request, app)


@router.post(
    "/applications/{app_id}/checks",
    response={200: CaseOut, **STEP},
    summary="Run the automatic checks again",
)
def rerun_checks(request: HttpRequest, app_id: int) -> dict[str, Any]:
    app = _application(request, app_id)
    services.checks_rerun(actor=user_of(request), application=app)
    return _answer(request, app)


@router.get(
    "/applications/{app_id}/timeline", response=list[TimelineEventOut], summary="The case's history"
)
def timeline(request: HttpRequest, app_id: int) -> list[dict[str, Any]]:
    app = _application(request, app_id)
    return [
        {
            "seq": e.seq,
            "at": e.occurred_at,
            "actor": e.actor_label,
            "verb": e.verb,
            "text": sentence(e),
        }
        for e in selectors.timeline(app)
    ]


@router.get(
    "/applications/{app_id}/refusal-letter",
    summary="The refusal letter (PDF)",
    openapi_extra=binary("application/pdf"),
)
def refusal_letter(
    request: HttpRequest, app_id: int, lang: str = Query("nl", description="nl or en")
) -> HttpResponse:
    from foro.licensing.pdf import refusal_letter_pdf

    app = _application(request, app_id)
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
) -> dict[str, Any]:
    qs = selectors.licences_visible_to(user_of(request))
    if status:
        qs = qs.filter(status=status)
    qs = qs.order_by("-issued_at", "pk").prefetch_related(*serialise.LICENCE_PREFETCH)
    result = paginate(request, qs, page, page_size)
    result["items"] = [serialise.licence(lic) for lic in result["items"]]
    return result


@router.get("/licences/{licence_id}", response=LicenceOut, summary="One licence")
def get_licence(request: HttpRequest, licence_id: int) -> dict[str, Any]:
    return serialise.licence(selectors.licence_get(user_of(request), licence_id))


@router.get(
    "/licences/{licence_id}/pdf",
    summary="The licence document (PDF)",
    openapi_extra=binary("application/pdf"),
)
def licence_pdf(
    request: HttpRequest, licence_id: int, lang: str = Query("nl", description="nl or en")
) -> HttpResponse:
    from foro.licensing.pdf import licence_pdf as render

    lic = selectors.licence_get(user_of(request), licence_id)
    return file_response(
        render(lic, "en" if lang == "en" else "nl"), "application/pdf", f"{lic.number}.pdf"
    )


@router.post(
    "/licences/{licence_id}/exports",
    response={201: LicenceOut, **STEP},
    summary="Record an export made under the licence",
)
def record_export(request: HttpRequest, licence_id: int, payload: ExportIn) -> Created:
    user = user_of(request)
    lic = selectors.licence_get(user, licence_id)
    services.export_record(
        actor=user,
        licence=lic,
        line_id=payload.line_id,
        shipped_on=payload.shipped_on,
        quantity=payload.quantity,
        value_eur=payload.value_eur,
        customs_declaration=payload.customs_declaration,
    )
    return Created(201, serialise.licence(selectors.licence_get(user, licence_id)))


@router.post(
    "/licences/{licence_id}/status",
    response={200: LicenceOut, **STEP},
    summary="Suspend, reinstate or revoke",
)
def change_status(
    request: HttpRequest, licence_id: int, payload: LicenceStatusIn
) -> dict[str, Any]:
    user = user_of(request)
    lic = selectors.licence_get(user, licence_id)
    services.licence_change_status(
        actor=user, licence=lic, action=payload.action, reason=payload.reason
    )
    return serialise.licence(selectors.licence_get(user, licence_id))


# ------------------------------------------------------------------ public


@public_router.get(
    "/licences/{code}",
    response=PublicLicenceOut,
    summary="Verify a licence by its code (no sign-in)",
)
def verify_licence(request: HttpRequest, code: str) -> dict[str, Any]:
    # read forgivingly as the verification page does: case, spaces, dashes, 0/O, 1/I/L
    from foro.licensing.codes import licence_by_code
    from foro.licensing.services.amendments import version_in_force

    lic = licence_by_code(code)
    if lic is None:
        raise NotFound(_("No licence matches this code. Check the code and try again."))
    return {
        "status": lic.status,
        "number": lic.number,
        "kind": lic.kind,
        "holder": lic.holder.name,
        "destination_country": lic.destination_id,
        "valid_from": lic.valid_from,
        "valid_until": lic.valid_until,
        "version": version_in_force(lic),
    }
