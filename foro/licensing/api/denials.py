"""API: the denials shared between member states, under /api/v1/licensing/denials (and the
consultation recorded on an application). Thin: the services decide."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Query
from ninja.files import UploadedFile
from ninja.responses import Status as Created
from pydantic import Field

from foro.api_base import (
    MAX_TEXT,
    CamelSchema,
    DbInt,
    InputSchema,
    Page,
    Problem,
    binary,
    one_of,
    paginate,
    user_of,
)
from foro.core.documents import file_response
from foro.core.errors import NotFound, ValidationFailed
from foro.core.services import require
from foro.licensing import selectors
from foro.licensing.api.endpoints import router
from foro.licensing.api.schemas import ReasonIn
from foro.licensing.models import Denial
from foro.licensing.models_denials import DenialConsultation, ForeignDenial
from foro.licensing.services import denials as svc

STEP = {409: Problem}


class ForeignDenialIn(InputSchema):
    issuing_state: str = Field(max_length=2)
    issuing_authority: str = Field("", max_length=200)
    reference: str = Field(max_length=60)
    destination: str = Field(max_length=2)
    control_categories: list[Annotated[str, Field(max_length=4)]] = Field(max_length=30)
    goods_description: str = Field("", max_length=2000)
    end_user_name: str = Field(max_length=300)
    end_user_country: str = Field("", max_length=2)
    criteria: list[DbInt] = Field(max_length=8)
    denied_on: date
    reason: str = Field("", max_length=MAX_TEXT)


class RevocationIn(InputSchema):
    revoked_on: date
    reason: str = Field("", max_length=MAX_TEXT)


class DenialConsultationIn(InputSchema):
    denial_id: int
    consulted_on: date
    outcome: Annotated[str, one_of(DenialConsultation.Outcome)] = Field(max_length=20)
    answer: str = Field(max_length=MAX_TEXT)


class ForeignDenialOut(CamelSchema):
    id: int
    issuing_state: str
    issuing_authority: str
    reference: str
    destination: str
    control_categories: list[str]
    goods_description: str
    end_user_name: str
    end_user_country: str
    criteria: list[int]
    reason: str
    denied_on: date
    valid_until: date
    revoked_on: date | None
    in_force: bool
    source: Annotated[str, one_of(ForeignDenial.Source)]


class ImportOut(CamelSchema):
    issuing_state: str
    key_id: str
    sha256: str
    created: int
    updated: int
    unchanged: int
    revoked: int
    unknown_revocations: int


class DenialConsultationOut(CamelSchema):
    id: int
    denial_id: int
    consulted_on: date
    outcome: Annotated[str, one_of(DenialConsultation.Outcome)]
    answer: str


class OwnRevocationOut(CamelSchema):
    reference: str
    revoked_on: date
    reason: str


def _out(d: ForeignDenial) -> dict[str, Any]:
    return {
        "id": d.pk,
        "issuing_state": d.issuing_state_id,
        "issuing_authority": d.issuing_authority,
        "reference": d.reference,
        "destination": d.destination_id,
        "control_categories": d.control_categories,
        "goods_description": d.goods_description,
        "end_user_name": d.end_user_name,
        "end_user_country": d.end_user_country_id,
        "criteria": d.criteria,
        "reason": d.reason,
        "denied_on": d.denied_on,
        "valid_until": d.valid_until,
        "revoked_on": d.revoked_on,
        "in_force": d.in_force(),
        "source": d.source,
    }


def _staff(request: HttpRequest) -> Any:
    user = user_of(request)
    require(user, "licensing.view_internal")
    return user


@router.get(
    "/denials",
    response=Page[ForeignDenialOut],
    summary="Denial notifications received from other member states (staff)",
)
def list_denials(
    request: HttpRequest,
    page: int = 1,
    page_size: int = Query(25, alias="pageSize"),
    in_force: bool = Query(False, alias="inForce"),
) -> dict[str, Any]:
    _staff(request)
    qs = svc.denials_in_force() if in_force else ForeignDenial.objects.all()
    result = paginate(request, qs.order_by("-denied_on", "pk"), page, page_size)
    result["items"] = [_out(d) for d in result["items"]]
    return result


@router.post(
    "/denials",
    response={201: ForeignDenialOut},
    summary="Record by hand a denial notification of another member state (officers)",
)
def record_denial(request: HttpRequest, payload: ForeignDenialIn) -> Created:
    user = _staff(request)
    data = payload.model_dump()
    denial = svc.foreign_denial_record(
        actor=user,
        data={
            "issuingState": data["issuing_state"],
            "issuingAuthority": data["issuing_authority"],
            "reference": data["reference"],
            "destination": data["destination"],
            "controlCategories": data["control_categories"],
            "goodsDescription": data["goods_description"],
            "endUserName": data["end_user_name"],
            "endUserCountry": data["end_user_country"],
            "criteria": data["criteria"],
            "deniedOn": data["denied_on"],
            "reason": data["reason"],
        },
    )
    return Created(201, _out(denial))


@router.post(
    "/denials/{denial_id}/revocation",
    response={200: ForeignDenialOut},
    summary="Record that the issuing state revoked its denial (officers)",
)
def revoke_denial(request: HttpRequest, denial_id: int, payload: RevocationIn) -> dict[str, Any]:
    user = _staff(request)
    denial = ForeignDenial.objects.filter(pk=denial_id).first()
    if denial is None:
        raise NotFound()
    return _out(
        svc.foreign_denial_revoke(
            actor=user, denial=denial, revoked_on=payload.revoked_on, reason=payload.reason
        )
    )


@router.post(
    "/denials/import",
    response={201: ImportOut},
    summary="Verify and import a signed exchange file of another installation (multipart)",
)
def import_denials(request: HttpRequest, file: File[UploadedFile]) -> Created:
    user = _staff(request)
    unknown = sorted((set(request.POST) | set(request.FILES)) - {"file"})
    if unknown:
        raise ValidationFailed(
            errors=[
                {"field": n, "code": "unknown_field", "message": _("Unknown field.")}
                for n in unknown
            ]
        )
    result = svc.exchange_import(actor=user, content=file.read())
    return Created(
        201,
        {
            "issuing_state": result.file.issuing_state_id,
            "key_id": result.file.key_id,
            "sha256": result.file.sha256,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "revoked": result.revoked,
            "unknown_revocations": result.unknown_revocations,
        },
    )


@router.post(
    "/denials/export",
    summary="Our denials and revocations in a file signed with this installation's key "
    "(senior officers)",
    response={200: None, 422: Problem},  # 422: nothing to sign with or export yet
    openapi_extra=binary("application/json"),
)
def export_denials(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    record = svc.exchange_export(actor=user)
    return file_response(
        record.content.encode("ascii"),
        "application/json",
        f"denials-{record.issuing_state_id}-{record.generated_at:%Y%m%d%H%M}.json",
    )


@router.post(
    "/applications/{app_id}/denial-consultations",
    response={201: DenialConsultationOut, **STEP},
    summary="Record the consultation of the state whose denial matches the application",
)
def record_consultation(
    request: HttpRequest, app_id: int, payload: DenialConsultationIn
) -> Created:
    user = _staff(request)
    app = selectors.application_get(user, app_id)
    denial = ForeignDenial.objects.filter(pk=payload.denial_id).first()
    if denial is None:
        raise NotFound()
    c = svc.denial_consultation_record(
        actor=user,
        application=app,
        denial=denial,
        consulted_on=payload.consulted_on,
        outcome=payload.outcome,
        answer=payload.answer,
    )
    return Created(
        201,
        {
            "id": c.pk,
            "denial_id": c.denial_id,
            "consulted_on": c.consulted_on,
            "outcome": c.outcome,
            "answer": c.answer,
        },
    )


@router.post(
    "/own-denials/{denial_id}/revocation",
    response={200: OwnRevocationOut},
    summary="Revoke one of our own denials (senior officers); the next export shares it",
)
def revoke_own_denial(request: HttpRequest, denial_id: int, payload: ReasonIn) -> dict[str, Any]:
    user = _staff(request)
    denial = Denial.objects.filter(pk=denial_id).first()
    if denial is None:
        raise NotFound()
    r = svc.own_denial_revoke(actor=user, denial=denial, reason=payload.reason)
    return {"reference": denial.reference, "revoked_on": r.revoked_on, "reason": r.reason}
