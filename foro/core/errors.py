"""Domain errors. Services raise them; pages turn them into messages and the API into
RFC 9457 problem+json with a stable ``type`` (``urn:problem-type:foro:<slug>``,
after the Belgif REST guide's ``urn:problem-type:belgif:…``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    slug = "badRequest"
    status = 400
    title = _("The request cannot be carried out")

    def __init__(self, detail: str | None = None, *, errors: list[dict] | None = None, **extra):
        self.detail = str(detail) if detail is not None else str(self.title)
        self.errors = errors or []
        self.extra = extra
        super().__init__(self.detail)

    @property
    def type(self) -> str:
        return f"urn:problem-type:foro:{self.slug}"


class PermissionDenied(DomainError):
    slug = "forbidden"
    status = 403
    title = _("You are not allowed to do this")


class NotFound(DomainError):
    slug = "notFound"
    status = 404
    title = _("Not found")


class Conflict(DomainError):
    """The resource changed in between (e.g. two countersignatures): retry or reload."""

    slug = "conflict"
    status = 409
    title = _("This was changed by someone else in the meantime")


class ValidationFailed(DomainError):
    """Input is invalid. ``errors`` lists every problem at once: {field, message}."""

    slug = "invalidInput"
    status = 422
    title = _("The input is not valid")


class InvalidFile(ValidationFailed):
    slug = "invalidFile"
    title = _("The file was refused")


class StorageFull(DomainError):
    """The server could not write a file: its storage is full (or past a size limit).
    Nothing was kept; the same request works once there is space again."""

    slug = "storageFull"
    status = 507
    title = _("The document could not be stored")


class TransitionNotAllowed(DomainError):
    slug = "transitionNotAllowed"
    status = 409
    title = _("This step is not allowed in the current state")


def text_within(
    value: object, limit: int, field: str, problems: list[dict], *, label: str | None = None
) -> str:
    """``value`` as stripped text; when it is longer than ``limit`` a ``too_long`` problem is
    added for ``field``. Text is refused, never cut: a legal document must carry what was sent."""
    text = str(value or "").strip()
    if len(text) > limit:
        from django.utils.translation import gettext

        problems.append(
            {
                "field": field,
                "code": "too_long",
                "message": gettext("At most %(n)d characters.") % {"n": limit},
            }
        )
    return text
