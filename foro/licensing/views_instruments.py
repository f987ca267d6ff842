"""Case-page pieces of the instruments added for issue 10: the embargo measures an officer
must confirm. Thin: the services decide, these only gather and post."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from foro.core.errors import ValidationFailed
from foro.core.models import User
from foro.licensing import services
from foro.licensing.checks import check_embargo, embargo_finding_text
from foro.licensing.models import Application, EmbargoConfirmation


def embargo_rows(app: Application, posted: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The embargo measures of the case past their end or review date (today, not when the
    stored check ran), each with its confirmation if one is recorded, and with what was
    typed in a refused form (``posted``, see ``embargo_posted``) for that measure."""
    if app.status == "draft":
        return []
    confirmations = {
        c.embargo_id: c
        for c in EmbargoConfirmation.objects.filter(application=app).select_related("confirmed_by")
    }
    rows = []
    seen = set()
    for f in check_embargo(app).findings:
        if f.get("state") == "in_force" or f["embargo"] in seen:
            continue
        seen.add(f["embargo"])
        rows.append(
            {
                "finding": f,
                "text": embargo_finding_text(f),
                "confirmation": confirmations.get(f["embargo"]),
                "posted": posted if posted and posted["embargo"] == f["embargo"] else None,
            }
        )
    return rows


def confirm_embargo(request: HttpRequest, user: User, app: Application) -> None:
    """The case page's form: record one confirmation. Raises ``ValidationFailed`` when the
    box is not ticked or the service refuses (the caller shows the form again with what was
    typed, see ``embargo_posted``)."""
    post = request.POST
    if post.get("understood") != "1":
        raise ValidationFailed(
            errors=[
                {
                    "field": "understood",
                    "message": _(
                        "Tick the box to confirm that your finding decides how this measure weighs on the grant."
                    ),
                }
            ]
        )
    choice = post.get("in_force", "")
    services.embargo_confirm(
        actor=user,
        application=app,
        embargo=int(post.get("embargo") or 0),
        in_force={"1": True, "0": False}.get(choice),
        reason=post.get("reason", ""),
    )
    messages.success(request, _("The confirmation was recorded; the embargo check ran again."))


def embargo_posted(request: HttpRequest, exc: ValidationFailed) -> dict[str, Any]:
    """What the officer typed in a refused confirmation form, with the problems, for the
    case page to show again (the consent box is left unticked on purpose)."""
    post = request.POST
    try:
        embargo = int(post.get("embargo") or 0)
    except ValueError:
        embargo = 0
    return {
        "embargo": embargo,
        "in_force": post.get("in_force", ""),
        "reason": post.get("reason", ""),
        "problems": exc.errors or [{"field": "", "message": exc.detail}],
        "summary": exc.detail,
    }
