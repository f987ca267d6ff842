"""API: the versions of a licence (amendments and renewals), under
/api/v1/licensing/licences/{id}/versions. Thin: the services and selectors decide."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja.responses import Status as Created
from pydantic import Field

from foro.api_base import MAX_TEXT, CamelSchema, InputSchema, Problem, max_length, one_of, user_of
from foro.core import reauth
from foro.core.errors import NotFound
from foro.core.roles import roles_of
from foro.licensing import selectors
from foro.licensing.api.endpoints import router
from foro.licensing.api.schemas import CommentIn
from foro.licensing.models import Party
from foro.licensing.models_amendments import LicenceVersion
from foro.licensing.services import amendments
from foro.licensing.workflow import available
from foro.licensing.workflow_amendments import AMENDMENT_TRANSITIONS

STEP = {409: Problem}


class LicenceVersionLineIn(InputSchema):
    line: int
    quantity: Decimal | None = None
    value_eur: Decimal | None = None


class LicenceVersionPartyIn(InputSchema):
    party: int
    name: str | None = Field(None, max_length=max_length(Party, "name"))
    address: str | None = Field(None, max_length=max_length(Party, "address"))


class LicenceVersionIn(InputSchema):
    kind: Annotated[str, one_of(["amendment", "renewal"])] = Field(max_length=12)
    reason: str = Field(max_length=MAX_TEXT)
    valid_until: date | None = None
    conditions: str | None = Field(None, max_length=MAX_TEXT)
    lines: list[LicenceVersionLineIn] = Field(default_factory=list, max_length=200)
    parties: list[LicenceVersionPartyIn] = Field(default_factory=list, max_length=50)


class LicenceVersionOut(CamelSchema):
    id: int | None
    number: int | None
    kind: Annotated[str, one_of(LicenceVersion.Kind)]
    state: Annotated[str, one_of(LicenceVersion.State)]
    valid_until: date
    changes: list[dict[str, Any]]
    reason: str | None = None
    proposed_by: str | None = None
    proposed_at: datetime
    reviewed_by: str | None = None
    in_force_from: datetime | None = None
    allowed_actions: list[str] = []


def _version_out(user: Any, v: LicenceVersion) -> dict[str, Any]:
    staff = user.has_perm("licensing.view_internal")
    return {
        "id": v.pk,
        "number": v.number,
        "kind": v.kind,
        "state": v.state,
        "valid_until": date.fromisoformat(v.content["validUntil"]),
        "changes": v.changes,
        "reason": v.reason if staff else None,
        "proposed_by": v.proposed_by.get_username() if staff and v.proposed_by else None,
        "proposed_at": v.proposed_at,
        "reviewed_by": v.reviewed_by.get_username() if staff and v.reviewed_by else None,
        "in_force_from": v.in_force_from,
        "allowed_actions": [
            t.action for t in available(AMENDMENT_TRANSITIONS, v.state, roles_of(user))
        ]
        if staff
        else [],
    }


def _get(request: HttpRequest, licence_id: int, version_id: int) -> LicenceVersion:
    lic = selectors.licence_get(user_of(request), licence_id)
    v = LicenceVersion.objects.filter(licence=lic, pk=version_id).first()
    if v is None:
        raise NotFound()
    return v


@router.get(
    "/licences/{licence_id}/versions",
    response=list[LicenceVersionOut],
    summary="The versions of a licence (the holder sees those that came into force)",
)
def list_versions(request: HttpRequest, licence_id: int) -> list[dict[str, Any]]:
    user = user_of(request)
    lic = selectors.licence_get(user, licence_id)
    return [_version_out(user, v) for v in amendments.versions_of(user, lic)]


@router.post(
    "/licences/{licence_id}/versions",
    response={201: LicenceVersionOut, **STEP},
    summary="Propose a new version: an amendment or a renewal (officers)",
)
def propose_version(request: HttpRequest, licence_id: int, payload: LicenceVersionIn) -> Created:
    user = user_of(request)
    lic = selectors.licence_get(user, licence_id)
    v = amendments.amendment_propose(
        actor=user,
        licence=lic,
        kind=payload.kind,
        reason=payload.reason,
        valid_until=payload.valid_until,
        conditions=payload.conditions,
        lines=[
            {"line": ln.line, "quantity": ln.quantity, "valueEur": ln.value_eur}
            for ln in payload.lines
        ]
        or None,
        parties=[p.model_dump() for p in payload.parties] or None,
    )
    return Created(201, _version_out(user, v))


@router.post(
    "/licences/{licence_id}/versions/{version_id}/countersign",
    response={200: LicenceVersionOut, **STEP},
    summary="Countersign a proposed version: it comes into force (another senior officer)",
)
def countersign_version(
    request: HttpRequest, licence_id: int, version_id: int, payload: CommentIn
) -> dict[str, Any]:
    user = user_of(request)
    version = _get(request, licence_id, version_id)
    reauth.require_recent(request)  # no API token countersigns (docs/security.md)
    v = amendments.amendment_countersign(actor=user, version=version, comment=payload.comment)
    return _version_out(user, v)


@router.post(
    "/licences/{licence_id}/versions/{version_id}/send-back",
    response={200: LicenceVersionOut, **STEP},
    summary="Send a proposed version back (another senior officer, with a comment)",
)
def send_back_version(
    request: HttpRequest, licence_id: int, version_id: int, payload: CommentIn
) -> dict[str, Any]:
    user = user_of(request)
    v = amendments.amendment_send_back(
        actor=user, version=_get(request, licence_id, version_id), comment=payload.comment
    )
    return _version_out(user, v)


@router.post(
    "/licences/{licence_id}/versions/{version_id}/withdraw",
    response={200: LicenceVersionOut, **STEP},
    summary="Withdraw a proposed version (its proposer)",
)
def withdraw_version(request: HttpRequest, licence_id: int, version_id: int) -> dict[str, Any]:
    user = user_of(request)
    v = amendments.amendment_withdraw(actor=user, version=_get(request, licence_id, version_id))
    return _version_out(user, v)
