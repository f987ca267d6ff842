"""API: general licences (their conditions, as data), a company's registrations, its usage
reports, the suspension of its use, and prior authorisations, on the licensing router.

Thin: the services (``services/general.py``) and selectors (``selectors_general.py``)
decide. An applicant sees its own company's rows only; another company's row answers 404
(never 403, which would say it exists). Staff see every company's."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Query
from ninja.responses import Status as Created
from pydantic import Field

from foro.api_base import MAX_TEXT, CamelSchema, InputSchema, Page, one_of, paginate, user_of
from foro.core.errors import NotFound
from foro.core.models import User
from foro.core.roles import roles_of
from foro.core.services import require
from foro.licensing import selectors_general as sel
from foro.licensing import workflow_general as wf
from foro.licensing.api.endpoints import STEP, router
from foro.licensing.general_licences import (
    DESTINATION_RULES,
    FAMILIES,
    GeneralLicence,
    general_licences,
    general_table,
)
from foro.licensing.models_general import (
    GeneralLicenceRegistration,
    GeneralLicenceReport,
    PriorAuthorisation,
)
from foro.licensing.services import general as svc

# ------------------------------------------------------------------ schemas


class GeneralLicenceOut(CamelSchema):
    code: str
    number: str
    family: Annotated[str, one_of(FAMILIES)]
    name: str
    name_nl: str
    name_en: str
    legal_source: str
    source_url: str
    destinations: Annotated[str, one_of(DESTINATION_RULES)]
    destination_codes: list[str]
    excluded_codes: list[str]
    recipient: str
    goods_prefixes: list[str]
    goods_note: str
    exclusions: list[str]
    prior_authorisation_required: bool
    report_period_months: int
    to_confirm: list[str] = Field(
        description="the fields not yet checked against the official text (show them as such)"
    )
    data_version: int


class GeneralRegistrationIn(InputSchema):
    licence_code: str = Field(max_length=60, description="the code of a general licence")


class GeneralUsageReportIn(InputSchema):
    period_start: date
    period_end: date
    destination: str = Field(max_length=2, description="ISO 3166-1 alpha-2")
    goods_description: str = Field(max_length=300)
    control_entry: str = Field(max_length=20)
    value_eur: Decimal = Field(max_digits=14, decimal_places=2)


class GeneralRegistrationStatusIn(InputSchema):
    reason: str = Field(max_length=MAX_TEXT)


class GeneralRegistrationOut(CamelSchema):
    id: int
    reference: str
    organisation_id: int
    organisation: str
    licence_code: str
    licence_number: str
    status: Annotated[str, one_of(GeneralLicenceRegistration.Status)]
    status_reason: str
    prior_authorisation: str | None
    registered_at: datetime
    report_count: int
    revision: int
    allowed_actions: list[str] = []


class GeneralUsageReportOut(CamelSchema):
    id: int
    registration_id: int
    period_start: date
    period_end: date
    destination: str
    goods_description: str
    control_entry: str
    value_eur: Decimal
    submitted_by: str
    submitted_at: datetime


class PriorAuthorisationOut(CamelSchema):
    id: int
    reference: str
    organisation_id: int
    organisation: str
    status: Annotated[str, one_of(PriorAuthorisation.Status)]
    renewal_of: str | None
    icp_description: str
    status_reason: str
    valid_from: date | None
    valid_until: date | None
    created_at: datetime
    decided_at: datetime | None
    #: the officers' assessment; null for the company
    reliability_assessment: str | None = None
    icp_review: str | None = None
    proposed_outcome: str | None = None
    revision: int


# ------------------------------------------------------------------ answers


def _licence_out(g: GeneralLicence) -> dict[str, Any]:
    return {
        "code": g.code,
        "number": g.number,
        "family": g.family,
        "name": g.name,
        "name_nl": g.name_nl,
        "name_en": g.name_en,
        "legal_source": g.legal_source,
        "source_url": g.source_url,
        "destinations": g.destinations,
        "destination_codes": list(g.destination_codes),
        "excluded_codes": list(g.excluded_codes),
        "recipient": g.recipient,
        "goods_prefixes": list(g.goods_prefixes),
        "goods_note": g.goods_note,
        "exclusions": list(g.exclusions),
        "prior_authorisation_required": g.prior_authorisation_required,
        "report_period_months": g.report_period_months,
        "to_confirm": list(g.to_confirm),
        "data_version": general_table().version,
    }


def _registration_out(user: User, reg: GeneralLicenceRegistration) -> dict[str, Any]:
    licence = general_table().licences.get(reg.licence_code)
    pa = reg.prior_authorisation
    return {
        "id": reg.pk,
        "reference": reg.reference,
        "organisation_id": reg.organisation_id,
        "organisation": reg.organisation.name,
        "licence_code": reg.licence_code,
        "licence_number": licence.number if licence else "",
        "status": reg.status,
        "status_reason": reg.status_reason,
        "prior_authorisation": pa.reference if pa else None,
        "registered_at": reg.registered_at,
        "report_count": getattr(reg, "report_count", 0),  # annotated by the selector
        "revision": reg.revision,
        "allowed_actions": [
            t.action for t in wf.available(wf.REGISTRATION_TRANSITIONS, reg.status, roles_of(user))
        ],
    }


def _report_out(r: GeneralLicenceReport) -> dict[str, Any]:
    return {
        "id": r.pk,
        "registration_id": r.registration_id,
        "period_start": r.period_start,
        "period_end": r.period_end,
        "destination": r.destination_id,
        "goods_description": r.goods_description,
        "control_entry": r.control_entry,
        "value_eur": r.value_eur,
        "submitted_by": r.submitted_by.get_username(),
        "submitted_at": r.submitted_at,
    }


def _pa_out(user: User, pa: PriorAuthorisation) -> dict[str, Any]:
    staff = bool(roles_of(user) & sel.STAFF)
    return {
        "id": pa.pk,
        "reference": pa.reference,
        "organisation_id": pa.organisation_id,
        "organisation": pa.organisation.name,
        "status": pa.status,
        "renewal_of": pa.renewal_of.reference if pa.renewal_of else None,
        "icp_description": pa.icp_description,
        "status_reason": pa.status_reason,
        "valid_from": pa.valid_from,
        "valid_until": pa.valid_until,
        "created_at": pa.created_at,
        "decided_at": pa.decided_at,
        "reliability_assessment": pa.reliability_assessment if staff else None,
        "icp_review": pa.icp_review if staff else None,
        "proposed_outcome": pa.proposed_outcome if staff else None,
        "revision": pa.revision,
    }


def _reader(request: HttpRequest) -> User:
    """Licensing staff, or an applicant of a company: others are refused (403)."""
    user = user_of(request)
    require(user, "licensing.view_general")
    return user


# ------------------------------------------------------------------ general licences


@router.get(
    "/general-licences",
    response=Page[GeneralLicenceOut],
    summary="The general licences and their conditions (from the versioned data)",
)
def list_general_licences(
    request: HttpRequest, page: int = 1, page_size: int = Query(25, alias="pageSize")
) -> dict[str, Any]:
    _reader(request)
    result = paginate(request, general_licences(), page, page_size)
    result["items"] = [_licence_out(g) for g in result["items"]]
    return result


@router.get(
    "/general-licences/{code}",
    response=GeneralLicenceOut,
    summary="One general licence and its conditions",
)
def get_general_licence(request: HttpRequest, code: str) -> dict[str, Any]:
    _reader(request)
    licence = general_table().licences.get(code)
    if licence is None:
        raise NotFound()
    return _licence_out(licence)


# ------------------------------------------------------------------ registrations


@router.get(
    "/general-registrations",
    response=Page[GeneralRegistrationOut],
    summary="Registrations for general licences (an applicant: its own company's)",
)
def list_general_registrations(
    request: HttpRequest,
    page: int = 1,
    page_size: int = Query(25, alias="pageSize"),
    licence: str = Query("", description="a general licence's code"),
    status: str = "",
) -> dict[str, Any]:
    user = _reader(request)
    qs = sel.registrations_visible_to(user)
    if licence:
        qs = qs.filter(licence_code=licence)
    if status:
        qs = qs.filter(status=status)
    result = paginate(request, qs.order_by("-registered_at", "-pk"), page, page_size)
    result["items"] = [_registration_out(user, r) for r in result["items"]]
    return result


@router.get(
    "/general-registrations/{registration_id}",
    response=GeneralRegistrationOut,
    summary="One registration",
)
def get_general_registration(request: HttpRequest, registration_id: int) -> dict[str, Any]:
    user = _reader(request)
    return _registration_out(user, sel.registration_get(user, registration_id))


@router.post(
    "/general-registrations",
    response={201: GeneralRegistrationOut, **STEP},
    summary="Register your company for a general licence before its first use (applicant)",
)
def register_general(request: HttpRequest, payload: GeneralRegistrationIn) -> Created:
    user = user_of(request)
    reg = svc.general_licence_register(actor=user, licence_code=payload.licence_code)
    return Created(201, _registration_out(user, sel.registration_get(user, reg.pk)))


@router.get(
    "/general-registrations/{registration_id}/reports",
    response=Page[GeneralUsageReportOut],
    summary="The usage reports of a registration",
)
def list_general_reports(
    request: HttpRequest,
    registration_id: int,
    page: int = 1,
    page_size: int = Query(25, alias="pageSize"),
) -> dict[str, Any]:
    user = _reader(request)
    reg = sel.registration_get(user, registration_id)
    result = paginate(request, sel.reports_of(reg), page, page_size)
    result["items"] = [_report_out(r) for r in result["items"]]
    return result


@router.post(
    "/general-registrations/{registration_id}/reports",
    response={201: GeneralUsageReportOut, **STEP},
    summary="Report one use of the general licence in a period (the registered company)",
)
def report_general_use(
    request: HttpRequest, registration_id: int, payload: GeneralUsageReportIn
) -> Created:
    user = _reader(request)
    reg = sel.registration_get(user, registration_id)
    report = svc.general_licence_report_use(
        actor=user,
        registration=reg,
        period_start=payload.period_start,
        period_end=payload.period_end,
        destination=payload.destination,
        goods_description=payload.goods_description,
        control_entry=payload.control_entry,
        value_eur=str(payload.value_eur),
    )
    return Created(201, _report_out(report))


def _change_status(
    request: HttpRequest, registration_id: int, action: str, reason: str
) -> dict[str, Any]:
    user = _reader(request)
    reg = sel.registration_get(user, registration_id)
    svc.registration_change_status(actor=user, registration=reg, action=action, reason=reason)
    return _registration_out(user, sel.registration_get(user, reg.pk))


@router.post(
    "/general-registrations/{registration_id}/suspend",
    response={200: GeneralRegistrationOut, **STEP},
    summary="Suspend the company's use of the general licence (officers, with a reason)",
)
def suspend_general_registration(
    request: HttpRequest, registration_id: int, payload: GeneralRegistrationStatusIn
) -> dict[str, Any]:
    return _change_status(request, registration_id, "suspend", payload.reason)


@router.post(
    "/general-registrations/{registration_id}/reinstate",
    response={200: GeneralRegistrationOut, **STEP},
    summary="Lift the suspension: the company may use the general licence again (officers)",
)
def reinstate_general_registration(
    request: HttpRequest, registration_id: int, payload: GeneralRegistrationStatusIn
) -> dict[str, Any]:
    return _change_status(request, registration_id, "reinstate", payload.reason)


# ------------------------------------------------------------------ prior authorisations


@router.get(
    "/prior-authorisations",
    response=Page[PriorAuthorisationOut],
    summary="Prior authorisations of companies (an applicant: its own company's)",
)
def list_prior_authorisations(
    request: HttpRequest,
    page: int = 1,
    page_size: int = Query(25, alias="pageSize"),
    status: str = "",
) -> dict[str, Any]:
    user = _reader(request)
    qs = sel.prior_authorisations_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    result = paginate(request, qs.order_by("-created_at", "-pk"), page, page_size)
    result["items"] = [_pa_out(user, pa) for pa in result["items"]]
    return result


@router.get(
    "/prior-authorisations/{authorisation_id}",
    response=PriorAuthorisationOut,
    summary="One prior authorisation",
)
def get_prior_authorisation(request: HttpRequest, authorisation_id: int) -> dict[str, Any]:
    user = _reader(request)
    return _pa_out(user, sel.prior_authorisation_get(user, authorisation_id))
