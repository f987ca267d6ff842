"""API of end-user certificates, their verification abroad and International Import
Certificates, on the licensing router. The applicant's view of a certificate has no review
and no verification (``EucApplicantOut``); licensing staff get the whole record
(``EucCaseOut``); representation staff see only the requests sent to their post."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Query
from ninja.responses import Status as Created
from pydantic import Field

from foro.api_base import (
    MAX_TEXT,
    CamelSchema,
    InputSchema,
    Page,
    binary,
    max_length,
    one_of,
    paginate,
    user_of,
)
from foro.core.documents import file_response
from foro.core.errors import NotFound
from foro.core.models import User
from foro.core.roles import roles_of
from foro.licensing import euc, iic, selectors
from foro.licensing.api.endpoints import STEP, router
from foro.licensing.models_euc import EndUserCertificate, EucVerification, ImportCertificate

E, V, C = EndUserCertificate, EucVerification, ImportCertificate


class EucIn(InputSchema):
    issuer: str = Field(max_length=max_length(E, "issuer"), description="authority or organisation")
    issuing_country: str = Field(max_length=2, description="ISO 3166-1 alpha-2")
    issued_on: date
    reference: str = Field(max_length=max_length(E, "reference"))
    stated_end_use: str = Field(max_length=MAX_TEXT)
    no_reexport_clause: bool = Field(
        description="the certificate forbids re-export without consent"
    )
    end_user: int | None = Field(
        None, description="id of the application's end-user party the certificate is for"
    )


class EucApplicantOut(CamelSchema):
    application_id: int
    issuer: str
    issuing_country: str
    issued_on: date
    reference: str
    stated_end_use: str
    no_reexport_clause: bool
    end_user: int | None
    updated_at: datetime


class EucVerificationOut(CamelSchema):
    id: int
    reference: str
    application_id: int
    representation: str = Field(description="the post's code, e.g. FL-IT")
    status: Annotated[str, one_of(V.Status)]
    question: str
    requested_at: datetime
    answer: Annotated[str, one_of(["", *V.Answer.values])]
    answer_note: str
    answered_at: datetime | None
    closed_reason: str
    certificate_issuer: str
    certificate_country: str
    certificate_reference: str
    certificate_issued_on: date
    end_user_name: str
    stated_end_use: str
    no_reexport_clause: bool
    allowed_actions: list[Annotated[str, one_of(["answer", "withdraw"])]]


class EucCaseOut(EucApplicantOut):
    review: Annotated[str, one_of(E.Review)]
    review_note: str
    original_seen_by: str
    original_seen_on: date | None
    reviewed_at: datetime | None
    verifications: list[EucVerificationOut]
    blocking: list[str] = Field(description="why the certificate stops a grant, if it does")


class EucReviewIn(InputSchema):
    review: Annotated[str, one_of(["accepted", "rejected"])] = Field(max_length=10)
    note: str = Field("", max_length=MAX_TEXT)
    original_seen_by: str = Field("", max_length=max_length(E, "original_seen_by"))
    original_seen_on: date | None = None


class EucVerificationIn(InputSchema):
    representation: str = Field(max_length=20, description="the post's code, e.g. FL-IT")
    question: str = Field(max_length=MAX_TEXT)


class EucAnswerIn(InputSchema):
    answer: Annotated[str, one_of(V.Answer)] = Field(max_length=20)
    note: str = Field(max_length=MAX_TEXT)


class EucWithdrawIn(InputSchema):
    reason: str = Field(max_length=MAX_TEXT)


class ImportCertificateIn(InputSchema):
    exporting_country: str = Field(max_length=2, description="ISO 3166-1 alpha-2")


class ImportCertificateCommentIn(InputSchema):
    comment: str = Field(max_length=MAX_TEXT)


class ImportCertificateGoodsOut(CamelSchema):
    description: str
    control_entry: str
    quantity: str
    unit: str


class ImportCertificateOut(CamelSchema):
    id: int
    number: str
    application_id: int
    status: Annotated[str, one_of(C.Status)]
    importer: str
    exporting_country: str
    goods: list[ImportCertificateGoodsOut]
    validity_months: int
    issued_on: date | None
    valid_until: date | None
    rule_version: str
    allowed_actions: list[Annotated[str, one_of(["issue", "send_back"])]]


# ------------------------------------------------------------------ serialising


def _applicant_view(cert: EndUserCertificate) -> dict[str, Any]:
    return {
        "application_id": cert.application_id,
        "issuer": cert.issuer,
        "issuing_country": cert.issuing_country_id,
        "issued_on": cert.issued_on,
        "reference": cert.reference,
        "stated_end_use": cert.stated_end_use,
        "no_reexport_clause": cert.no_reexport_clause,
        "end_user": cert.end_user_id,
        "updated_at": cert.updated_at,
    }


def _verification(user: User, v: EucVerification) -> dict[str, Any]:
    cert = v.certificate
    actions = [t.action for t in euc.verification_steps(v.status, user)]
    if "answer" in actions and user.representation_code != v.representation_code:
        actions.remove("answer")
    return {
        "id": v.pk,
        "reference": v.reference,
        "application_id": cert.application_id,
        "representation": v.representation_code,
        "status": v.status,
        "question": v.question,
        "requested_at": v.requested_at,
        "answer": v.answer,
        "answer_note": v.answer_note,
        "answered_at": v.answered_at,
        "closed_reason": v.closed_reason,
        "certificate_issuer": cert.issuer,
        "certificate_country": cert.issuing_country_id,
        "certificate_reference": cert.reference,
        "certificate_issued_on": cert.issued_on,
        "end_user_name": cert.end_user.name if cert.end_user else "",
        "stated_end_use": cert.stated_end_use,
        "no_reexport_clause": cert.no_reexport_clause,
        "allowed_actions": actions,
    }


def _case_view(user: User, cert: EndUserCertificate) -> dict[str, Any]:
    return {
        **_applicant_view(cert),
        "review": cert.review,
        "review_note": cert.review_note,
        "original_seen_by": cert.original_seen_by,
        "original_seen_on": cert.original_seen_on,
        "reviewed_at": cert.reviewed_at,
        "verifications": [
            _verification(user, v)
            for v in euc.verifications_visible_to(user).filter(certificate=cert)
        ],
        "blocking": [p["message"] for p in euc.euc_grant_problems(cert.application)],
    }


def _is_staff(user: User) -> bool:
    return bool(roles_of(user) & selectors.STAFF)


def _certificate(request: HttpRequest, app_id: int) -> EndUserCertificate:
    app = selectors.application_get(user_of(request), app_id)
    cert = euc.certificate_of(app)
    if cert is None:
        raise NotFound()
    return cert


# ------------------------------------------------------------------ the certificate


@router.get(
    "/applications/{app_id}/end-user-certificate",
    response={200: EucCaseOut | EucApplicantOut},
    summary="The end-user certificate of an application (staff also get review and verifications)",
)
def get_euc(request: HttpRequest, app_id: int) -> dict[str, Any]:
    user = user_of(request)
    cert = _certificate(request, app_id)
    return _case_view(user, cert) if _is_staff(user) else _applicant_view(cert)


@router.put(
    "/applications/{app_id}/end-user-certificate",
    response={200: EucApplicantOut, **STEP},
    summary="Enter or change the end-user certificate (applicant; draft or information requested)",
)
def put_euc(request: HttpRequest, app_id: int, payload: EucIn) -> dict[str, Any]:
    user = user_of(request)
    app = selectors.application_get(user, app_id)
    cert = euc.euc_save(actor=user, application=app, data=payload.model_dump())
    return _applicant_view(cert)


@router.post(
    "/applications/{app_id}/end-user-certificate/review",
    response={200: EucCaseOut, **STEP},
    summary="Review the end-user certificate (officer)",
)
def review_euc(request: HttpRequest, app_id: int, payload: EucReviewIn) -> dict[str, Any]:
    user = user_of(request)
    app = selectors.application_get(user, app_id)
    cert = euc.euc_review(
        actor=user,
        application=app,
        review=payload.review,
        note=payload.note,
        original_seen_by=payload.original_seen_by,
        original_seen_on=payload.original_seen_on,
    )
    return _case_view(user, cert)


@router.post(
    "/applications/{app_id}/end-user-certificate/verifications",
    response={201: EucVerificationOut, **STEP},
    summary="Ask a representation abroad to verify the end-user certificate (officer)",
)
def request_verification(
    request: HttpRequest, app_id: int, payload: EucVerificationIn
) -> Created[dict[str, Any]]:
    user = user_of(request)
    app = selectors.application_get(user, app_id)
    v = euc.euc_verification_request(
        actor=user,
        application=app,
        representation_code=payload.representation,
        question=payload.question,
    )
    return Created(201, _verification(user, euc.verification_get(user, v.pk)))


# ------------------------------------------------------------------ verification requests


@router.get(
    "/euc-verifications",
    response=Page[EucVerificationOut],
    summary="Verification requests visible to you (licensing staff: all; a post: its own)",
)
def list_verifications(
    request: HttpRequest,
    page: int = 1,
    page_size: int = Query(25, alias="pageSize"),
    status: str = "",
) -> dict[str, Any]:
    user = user_of(request)
    qs = euc.verifications_visible_to(user).order_by("requested_at", "pk")
    if status:
        qs = qs.filter(status=status)
    result = paginate(request, qs, page, page_size)
    result["items"] = [_verification(user, v) for v in result["items"]]
    return result


@router.get(
    "/euc-verifications/{verification_id}",
    response=EucVerificationOut,
    summary="One verification request",
)
def get_verification(request: HttpRequest, verification_id: int) -> dict[str, Any]:
    user = user_of(request)
    return _verification(user, euc.verification_get(user, verification_id))


@router.post(
    "/euc-verifications/{verification_id}/answer",
    response={200: EucVerificationOut, **STEP},
    summary="Answer a verification request (staff of the post it was sent to)",
)
def answer_verification(
    request: HttpRequest, verification_id: int, payload: EucAnswerIn
) -> dict[str, Any]:
    user = user_of(request)
    v = euc.verification_get(user, verification_id)
    euc.euc_verification_answer(
        actor=user, verification=v, answer=payload.answer, note=payload.note
    )
    return _verification(user, euc.verification_get(user, v.pk))


@router.post(
    "/euc-verifications/{verification_id}/withdraw",
    response={200: EucVerificationOut, **STEP},
    summary="Withdraw an open verification request (officer)",
)
def withdraw_verification(
    request: HttpRequest, verification_id: int, payload: EucWithdrawIn
) -> dict[str, Any]:
    user = user_of(request)
    v = euc.verification_get(user, verification_id)
    euc.euc_verification_withdraw(actor=user, verification=v, reason=payload.reason)
    return _verification(user, euc.verification_get(user, v.pk))


# ------------------------------------------------------------------ import certificates


def _iic(user: User, c: ImportCertificate) -> dict[str, Any]:
    actions = [t.action for t in iic.steps_for(c, user)]
    if c.proposed_by_id == user.pk:
        actions = []  # four eyes: the proposer neither issues nor sends back
    return {
        "id": c.pk,
        "number": c.number,
        "application_id": c.application_id,
        "status": c.status,
        "importer": c.importer.name,
        "exporting_country": c.exporting_country_id,
        "goods": [
            {
                "description": g.get("description", ""),
                "control_entry": g.get("controlEntry", ""),
                "quantity": g.get("quantity", ""),
                "unit": g.get("unit", ""),
            }
            for g in c.goods
        ],
        "validity_months": c.validity_months,
        "issued_on": c.issued_on,
        "valid_until": c.valid_until,
        "rule_version": c.rule_version,
        "allowed_actions": actions,
    }


@router.post(
    "/applications/{app_id}/import-certificates",
    response={201: ImportCertificateOut, **STEP},
    summary="Propose an International Import Certificate on an import application (officer)",
)
def propose_iic(
    request: HttpRequest, app_id: int, payload: ImportCertificateIn
) -> Created[dict[str, Any]]:
    user = user_of(request)
    app = selectors.application_get(user, app_id)
    c = iic.iic_propose(actor=user, application=app, exporting_country=payload.exporting_country)
    return Created(201, _iic(user, iic.certificate_get(user, c.pk)))


@router.get(
    "/import-certificates",
    response=Page[ImportCertificateOut],
    summary="Import certificates visible to you (an applicant: the issued ones of its own)",
)
def list_iics(
    request: HttpRequest, page: int = 1, page_size: int = Query(25, alias="pageSize")
) -> dict[str, Any]:
    user = user_of(request)
    qs = iic.certificates_visible_to(user).order_by("-proposed_at", "-pk")
    result = paginate(request, qs, page, page_size)
    result["items"] = [_iic(user, c) for c in result["items"]]
    return result


@router.get(
    "/import-certificates/{certificate_id}",
    response=ImportCertificateOut,
    summary="One import certificate",
)
def get_iic(request: HttpRequest, certificate_id: int) -> dict[str, Any]:
    user = user_of(request)
    return _iic(user, iic.certificate_get(user, certificate_id))


@router.post(
    "/import-certificates/{certificate_id}/issue",
    response={200: ImportCertificateOut, **STEP},
    summary="Countersign and issue an import certificate (a senior officer, not the proposer)",
)
def issue_iic(request: HttpRequest, certificate_id: int) -> dict[str, Any]:
    user = user_of(request)
    c = iic.iic_issue(actor=user, certificate=iic.certificate_get(user, certificate_id))
    return _iic(user, iic.certificate_get(user, c.pk))


@router.post(
    "/import-certificates/{certificate_id}/send-back",
    response={200: ImportCertificateOut, **STEP},
    summary="Send an import certificate proposal back (a senior officer, not the proposer)",
)
def send_back_iic(
    request: HttpRequest, certificate_id: int, payload: ImportCertificateCommentIn
) -> dict[str, Any]:
    user = user_of(request)
    c = iic.iic_send_back(
        actor=user,
        certificate=iic.certificate_get(user, certificate_id),
        comment=payload.comment,
    )
    return _iic(user, iic.certificate_get(user, c.pk))


@router.get(
    "/import-certificates/{certificate_id}/pdf",
    summary="The issued import certificate (PDF)",
    openapi_extra=binary("application/pdf"),
)
def iic_pdf(
    request: HttpRequest, certificate_id: int, lang: str = Query("nl", description="nl or en")
) -> HttpResponse:
    c = iic.certificate_get(user_of(request), certificate_id)
    return file_response(
        iic.iic_pdf(c, "en" if lang == "en" else "nl"),
        "application/pdf",
        f"{c.number}.pdf",
        inline=True,
    )
