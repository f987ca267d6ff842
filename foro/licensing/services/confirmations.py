"""Confirmations an officer records on a case about reference data that is past its dates:
whether an embargo measure past its end or review date is in force (issue 10)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from foro.core.errors import TransitionNotAllowed, ValidationFailed
from foro.core.models import User
from foro.core.services import require
from foro.licensing import workflow
from foro.licensing.checks import check_embargo, store_outcome
from foro.licensing.models import Application, EmbargoConfirmation
from foro.licensing.services._common import _lock, _save_change


def embargo_confirm(
    *,
    actor: User,
    application: Application,
    embargo: int,
    in_force: bool | None,
    reason: str,
) -> EmbargoConfirmation:
    """Record whether the embargo measure ``embargo`` (a reference row the case's embargo
    check answered "to confirm" for) is in force, with the reason (the act or page checked).
    The embargo check runs again at once. Nothing is pre-chosen: ``in_force`` must be given."""
    require(actor, "licensing.assess")
    reason = (reason or "").replace("\r\n", "\n").strip()
    problems = []
    if in_force is None:
        problems.append(
            {
                "field": "inForce",
                "message": _("Say whether the measure is in force or no longer in force."),
            }
        )
    if not reason:
        problems.append(
            {
                "field": "reason",
                "message": _("Give the reason: the act or page you checked and what it says."),
            }
        )
    elif len(reason) > 4000:
        problems.append({"field": "reason", "message": _("At most 4000 characters.")})
    if problems or in_force is None:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        app = _lock(application)
        if app.status not in workflow.SUBMITTED_OPEN_STATES:
            raise TransitionNotAllowed(
                _("Embargo measures are confirmed on a submitted, open application.")
            )
        outcome = check_embargo(app)
        finding = next(
            (
                f
                for f in outcome.findings
                if f.get("embargo") == embargo and f.get("state") != "in_force"
            ),
            None,
        )
        if finding is None:
            raise ValidationFailed(
                errors=[
                    {
                        "field": "embargo",
                        "message": _(
                            "This measure is not one this case's embargo check asks to confirm."
                        ),
                    }
                ]
            )
        confirmation, _created = EmbargoConfirmation.objects.update_or_create(
            application=app,
            embargo_id=embargo,
            defaults={"in_force": in_force, "reason": reason, "confirmed_by": actor},
        )
        _save_change(
            actor,
            app,
            "application.embargo_confirmed",
            {
                "embargo": embargo,
                "country": finding["country"],
                "issuer": finding["issuer"],
                "inForce": in_force,
                "reason": reason,
                "endDate": finding.get("endDate"),
                "reviewDate": finding.get("reviewDate"),
            },
        )
        store_outcome(app, "embargo", check_embargo(app))
    return confirmation
