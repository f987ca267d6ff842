"""API of the instruments added for issue 10, on the licensing router: an officer's
confirmation of an embargo measure past its end or review date."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Query
from ninja.responses import Status as Created
from pydantic import Field

from foro.api_base import MAX_TEXT, CamelSchema, InputSchema, Page, one_of, paginate, user_of
from foro.core import reauth
from foro.core.roles import roles_of
from foro.licensing import selectors, services
from foro.licensing.api import serialise
from foro.licensing.api.endpoints import STEP, router
from foro.licensing.api.schemas import CaseOut, CommentIn
from foro.licensing.appeals_selectors import appeal_get, appeals_visible_to
from foro.licensing.appeals_workflow import APPEAL_TRANSITIONS, appeal_steps
from foro.licensing.models import Appeal


class EmbargoConfirmationIn(InputSchema):
    embargo: int = Field(
        description="the id of the embargo row (``embargo`` of a finding of the embargo check)"
    )
    in_force: bool = Field(description="your finding: true in force, false no longer in force")
    reason: str = Field(max_length=MAX_TEXT, description="the act or page checked, what it says")


@router.post(
    "/applications/{app_id}/embargo-confirmations",
    response={200: CaseOut, **STEP},
    summary="Confirm whether an embargo measure past its end or review date is in force",
)
def confirm_embargo(
    request: HttpRequest, app_id: int, payload: EmbargoConfirmationIn
) -> dict[str, Any]:
    user = user_of(request)
    app = selectors.application_get(user, app_id)
    services.embargo_confirm(
        actor=user,
        application=app,
        embargo=payload.embargo,
        in_force=payload.in_force,
        reason=payload.reason,
    )
    return serialise.application(user, selectors.application_get(user, app.pk))


# ------------------------------------------------------------------ appeals


APPEAL_ACTIONS = [t.action for t in APPEAL_TRANSITIONS]


class AppealIn(InputSchema):
    grounds: str = Field(max_length=10000, description="why the refusal should be overturned")


class AppealProposalIn(InputSchema):
    outcome: Annotated[str, one_of(Appeal.Outcome)] = Field(max_length=10)
    reasoning: str = Field(max_length=MAX_TEXT)
    conditions: str = Field("", max_length=MAX_TEXT)


class AppealOut(CamelSchema):
    id: int
    reference: str
    application_id: int
    application: str
    status: Annotated[str, one_of(Appeal.Status)]
    grounds: str
    lodged_at: datetime
    deadline: date
    proposed_outcome: Annotated[str, one_of(["", *Appeal.Outcome.values])]
    reasoning: str
    conditions: str
    decided_at: datetime | None
    licence_id: int | None = Field(description="the licence issued on appeal, if overturned")
    allowed_actions: list[Annotated[str, one_of(APPEAL_ACTIONS)]]


def _appeal_answer(request: HttpRequest, appeal: Appeal) -> dict[str, Any]:
    """The appeal as it is now, with the steps the caller may take."""
    return _appeal_row(request, appeal_get(user_of(request), appeal.pk))


@router.get("/appeals", response=Page[AppealOut], summary="Appeals visible to you")
def list_appeals(
    request: HttpRequest,
    page: int = 1,
    page_size: int = Query(25, alias="pageSize"),
    status: str = "",
) -> dict[str, Any]:
    qs = appeals_visible_to(user_of(request)).order_by("deadline", "pk")
    if status:
        qs = qs.filter(status=status)
    result = paginate(request, qs, page, page_size)
    result["items"] = [_appeal_row(request, a) for a in result["items"]]
    return result


def _appeal_row(request: HttpRequest, a: Appeal) -> dict[str, Any]:
    user = user_of(request)
    own = user.organisation_id == a.application.organisation_id
    actions = [
        t.action for t in appeal_steps(a.status, roles_of(user)) if not t.own_organisation or own
    ]
    if a.status == Appeal.Status.PROPOSED:
        # one of the two countersign rows applies: the one of the proposed outcome
        other = "countersign_uphold" if a.proposed_outcome == "overturn" else "countersign_overturn"
        actions = [x for x in actions if x != other]
    return {
        "id": a.pk,
        "reference": a.reference,
        "application_id": a.application_id,
        "application": a.application.reference,
        "status": a.status,
        "grounds": a.grounds,
        "lodged_at": a.lodged_at,
        "deadline": a.deadline,
        "proposed_outcome": a.proposed_outcome,
        "reasoning": a.reasoning,
        "conditions": a.conditions,
        "decided_at": a.decided_at,
        "licence_id": a.licence_id,
        "allowed_actions": actions,
    }


@router.get("/appeals/{appeal_id}", response=AppealOut, summary="One appeal")
def get_appeal(request: HttpRequest, appeal_id: int) -> dict[str, Any]:
    return _appeal_answer(request, appeal_get(user_of(request), appeal_id))


@router.post(
    "/applications/{app_id}/appeals",
    response={201: AppealOut, **STEP},
    summary="Appeal a refusal (the applicant)",
)
def lodge_appeal(request: HttpRequest, app_id: int, payload: AppealIn) -> Created:
    user = user_of(request)
    app = selectors.application_get(user, app_id)
    appeal = services.appeal_lodge(actor=user, application=app, grounds=payload.grounds)
    return Created(201, _appeal_answer(request, appeal))


@router.post(
    "/appeals/{appeal_id}/start-review",
    response={200: AppealOut, **STEP},
    summary="Start the review",
)
def start_appeal_review(request: HttpRequest, appeal_id: int) -> dict[str, Any]:
    user = user_of(request)
    appeal = services.appeal_start_review(actor=user, appeal=appeal_get(user, appeal_id))
    return _appeal_answer(request, appeal)


@router.post(
    "/appeals/{appeal_id}/proposal",
    response={200: AppealOut, **STEP},
    summary="Propose the outcome (uphold or overturn)",
)
def propose_appeal(
    request: HttpRequest, appeal_id: int, payload: AppealProposalIn
) -> dict[str, Any]:
    user = user_of(request)
    appeal = services.appeal_propose(
        actor=user,
        appeal=appeal_get(user, appeal_id),
        outcome=payload.outcome,
        reasoning=payload.reasoning,
        conditions=payload.conditions,
    )
    return _appeal_answer(request, appeal)


@router.post(
    "/appeals/{appeal_id}/countersign",
    response={200: AppealOut, **STEP},
    summary="Countersign the proposed outcome (a second senior officer)",
)
def countersign_appeal(request: HttpRequest, appeal_id: int, payload: CommentIn) -> dict[str, Any]:
    user = user_of(request)
    found = appeal_get(user, appeal_id)
    reauth.require_recent(request)  # no API token countersigns (docs/security.md)
    appeal = services.appeal_countersign(actor=user, appeal=found, comment=payload.comment)
    return _appeal_answer(request, appeal)


@router.post(
    "/appeals/{appeal_id}/send-back",
    response={200: AppealOut, **STEP},
    summary="Send the proposal back to the officer",
)
def send_back_appeal(request: HttpRequest, appeal_id: int, payload: CommentIn) -> dict[str, Any]:
    user = user_of(request)
    appeal = services.appeal_send_back(
        actor=user, appeal=appeal_get(user, appeal_id), comment=payload.comment
    )
    return _appeal_answer(request, appeal)


@router.post(
    "/appeals/{appeal_id}/withdraw",
    response={200: AppealOut, **STEP},
    summary="Withdraw the appeal",
)
def withdraw_appeal(request: HttpRequest, appeal_id: int) -> dict[str, Any]:
    user = user_of(request)
    appeal = services.appeal_withdraw(actor=user, appeal=appeal_get(user, appeal_id))
    return _appeal_answer(request, appeal)
