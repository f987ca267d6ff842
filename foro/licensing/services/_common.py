"""What the licensing services share: gap-free numbers, the row lock, the revision
check, the step check against the transition table, the move itself and the e-mail to
the applicant."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import override

from foro.core import audit
from foro.core.errors import Conflict, NotFound, PermissionDenied, TransitionNotAllowed
from foro.core.models import Country, User
from foro.core.roles import roles_of
from foro.licensing import workflow
from foro.licensing.models import Application, NumberSequence, Status


def next_number(prefix: str, year: int) -> int:
    """The next number of a gap-free sequence, under a row lock (call inside a transaction)."""
    seq, _created = NumberSequence.objects.select_for_update().get_or_create(
        prefix=prefix, year=year
    )
    NumberSequence.objects.filter(pk=seq.pk).update(last=F("last") + 1)
    seq.refresh_from_db(fields=["last"])
    return seq.last


def _lock(application: Application) -> Application:
    """Re-read the application under a row lock; the caller's copy may be stale."""
    try:
        return (
            Application.objects.select_for_update(of=("self",))
            .select_related("organisation", "destination")
            .get(pk=application.pk)
        )
    except Application.DoesNotExist as exc:
        raise NotFound() from exc


def _check_revision(app: Application, revision: int | None) -> None:
    if revision is not None and revision != app.revision:
        raise Conflict(
            _(
                "The application was changed by someone else (revision %(now)d, you had %(had)d). Reload it."
            )
            % {"now": app.revision, "had": revision}
        )


def _step(actor: User, app: Application, action: str) -> workflow.Transition:
    """Check that ``actor`` may take ``action`` on the (locked) application now."""
    t = workflow.application_transition(action)
    if not (t.roles & roles_of(actor)):
        raise PermissionDenied()
    if t.own_organisation and actor.organisation_id != app.organisation_id:
        raise NotFound()  # another organisation's case must look like it does not exist
    if app.status not in t.sources:
        raise TransitionNotAllowed(
            _("“%(step)s” is not possible while the application is “%(state)s”.")
            % {"step": t.label, "state": Status(app.status).label}
        )
    return t


def _move(
    actor: User, app: Application, t: workflow.Transition, payload: dict[str, Any] | None = None
) -> None:
    before = app.status
    app.status = t.target
    _save_change(
        actor, app, f"application.{t.action}", {"from": before, "to": t.target, **(payload or {})}
    )


def _save_change(
    actor: User,
    app: Application,
    verb: str,
    payload: dict[str, Any],
    *,
    update_fields: list[str] | None = None,
) -> None:
    """Save a change to the (locked) application: every change is a new revision, with its
    audit event."""
    app.revision += 1
    app.save(update_fields=update_fields)
    audit.record(actor=actor, verb=verb, target=app, payload=payload)


def _destination(app: Application) -> Country:
    """The destination of a submitted application (it cannot be submitted without one); for
    an import, which has none, the country of origin: the licence's country."""
    if app.destination is None and not app.kind_def.asks_destination:
        from foro.licensing.movement import movement_of

        movement = movement_of(app)
        if movement is not None and movement.origin is not None:
            return movement.origin
    if app.destination is None:  # pragma: no cover - the completeness check requires it
        raise Conflict()
    return app.destination


def _notify_applicant(app: Application, subject: str, body: str) -> None:
    """E-mail the applicant organisation's users once the transaction has committed."""
    recipients = list(
        app.organisation.users.filter(is_active=True)
        .exclude(email="")
        .values_list("email", "preferred_language")
    )

    def send() -> None:
        for email, language in recipients:
            with override(language or "nl"):
                send_mail(
                    f"[foro] {app.reference}: {subject}",
                    body,
                    settings.DEFAULT_FROM_EMAIL,
                    [email],
                    fail_silently=True,
                )

    transaction.on_commit(send)
