"""API of the instruments added for issue 10, on the licensing router: an officer's
confirmation of an embargo measure past its end or review date."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from pydantic import Field

from foro.api_base import MAX_TEXT, InputSchema, user_of
from foro.licensing import selectors, services
from foro.licensing.api import serialise
from foro.licensing.api.endpoints import STEP, router
from foro.licensing.api.schemas import CaseOut


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
