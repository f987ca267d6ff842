"""API of global licences, on the licensing router: a global application's period and
ceilings per consignee (read; they are written with the draft, ``PATCH
/applications/{id}`` with ``periodFrom``, ``periodUntil`` and ``allowances``), a global
licence's usage per consignee, and the holder's record of a shipment to a consignee."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja.responses import Status as Created
from pydantic import Field

from foro.api_base import CamelSchema, InputSchema, max_length, user_of
from foro.core.errors import NotFound
from foro.licensing import selectors
from foro.licensing.api.endpoints import STEP, router
from foro.licensing.global_terms import consignees, terms_of, usage_by_consignee
from foro.licensing.models import ExportRecord, Licence
from foro.licensing.services.usage import usage_record


class GlobalCeilingOut(CamelSchema):
    party: int
    consignee: str | None
    country: str | None
    line: int
    quantity: Decimal
    value_eur: Decimal


class GlobalTermsOut(CamelSchema):
    period_from: date | None
    period_until: date | None
    ceilings: list[GlobalCeilingOut]


class ConsigneeLineUsageOut(CamelSchema):
    line_id: int
    position: int
    description: str
    unit: str
    authorised_quantity: Decimal
    used_quantity: Decimal
    remaining_quantity: Decimal
    authorised_value_eur: Decimal
    used_value_eur: Decimal
    remaining_value_eur: Decimal


class ConsigneeUsageOut(CamelSchema):
    consignee_id: int
    name: str
    country: str
    lines: list[ConsigneeLineUsageOut]


class GlobalUsageIn(InputSchema):
    consignee_id: int = Field(description="a consignee of the licence (``consigneeId`` below)")
    line_id: int = Field(description="a line of the licence (``lineId``)")
    shipped_on: date
    quantity: Decimal
    value_eur: Decimal
    customs_declaration: str = Field(max_length=max_length(ExportRecord, "customs_declaration"))


def _usage(lic: Licence) -> list[dict[str, Any]]:
    return [
        {
            "consignee_id": g["consignee"].pk,
            "name": g["consignee"].name,
            "country": g["consignee"].country_id,
            "lines": [
                {
                    "line_id": c.licence_line_id,
                    "position": c.licence_line.goods_line.position,
                    "description": c.licence_line.goods_line.description,
                    "unit": c.licence_line.goods_line.unit,
                    "authorised_quantity": c.authorised_quantity,
                    "used_quantity": c.used_quantity,
                    "remaining_quantity": c.remaining_quantity,
                    "authorised_value_eur": c.authorised_value_eur,
                    "used_value_eur": c.used_value_eur,
                    "remaining_value_eur": c.remaining_value_eur,
                }
                for c in g["ceilings"]
            ],
        }
        for g in usage_by_consignee(lic)
    ]


@router.get(
    "/applications/{app_id}/global-terms",
    response=GlobalTermsOut,
    summary="A global application's period and ceilings per consignee",
)
def get_global_terms(request: HttpRequest, app_id: int) -> dict[str, Any]:
    app = selectors.application_get(user_of(request), app_id)
    if not app.kind_def.several_consignees:
        raise NotFound()
    terms = terms_of(app)
    positions = dict(consignees(app))
    return {
        "period_from": terms.period_from if terms else None,
        "period_until": terms.period_until if terms else None,
        "ceilings": [
            {
                "party": a.party_position,
                "consignee": positions[a.party_position].name
                if a.party_position in positions
                else None,
                "country": positions[a.party_position].country_id
                if a.party_position in positions
                else None,
                "line": a.line_position,
                "quantity": a.quantity,
                "value_eur": a.value_eur,
            }
            for a in app.allowances.all()
        ],
    }


@router.get(
    "/licences/{licence_id}/consignees",
    response=list[ConsigneeUsageOut],
    summary="A global licence's usage per consignee (used, allowed, remaining)",
)
def get_consignee_usage(request: HttpRequest, licence_id: int) -> list[dict[str, Any]]:
    lic = selectors.licence_get(user_of(request), licence_id)
    if not lic.application.kind_def.several_consignees:
        raise NotFound()
    return _usage(lic)


@router.post(
    "/licences/{licence_id}/usage",
    response={201: list[ConsigneeUsageOut], **STEP},
    summary="Record a shipment made under a global licence to one of its consignees",
)
def record_usage(request: HttpRequest, licence_id: int, payload: GlobalUsageIn) -> Created:
    user = user_of(request)
    lic = selectors.licence_get(user, licence_id)
    usage_record(
        actor=user,
        licence=lic,
        consignee_id=payload.consignee_id,
        line_id=payload.line_id,
        shipped_on=payload.shipped_on,
        quantity=payload.quantity,
        value_eur=payload.value_eur,
        customs_declaration=payload.customs_declaration,
    )
    return Created(201, _usage(selectors.licence_get(user, licence_id)))
