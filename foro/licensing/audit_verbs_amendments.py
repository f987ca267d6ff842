"""The audit verbs of licence versions (amendments, renewals) and shared denials."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from foro.core.audit import register_verb as v
from foro.licensing.models_amendments import LicenceVersion


def _kind(payload: dict[str, Any]) -> dict[str, Any]:
    value = str(payload.get("kind", ""))
    return {"kind": str(dict(LicenceVersion.Kind.choices).get(value, value)).lower()}


v(
    "licence.version_proposed",
    _("{actor} proposed a new version of licence {target} ({kind})"),
    ("version", "kind", "changes"),
    words=_kind,
)
v(
    "licence.version_in_force",
    _("{actor} countersigned: version {version} of licence {target} is in force ({kind})"),
    ("version", "kind", "proposedBy", "changes"),
    words=_kind,
)
v(
    "licence.version_sent_back",
    _("{actor} sent the proposed version of licence {target} back: {comment}"),
    ("version", "comment"),
)
v(
    "licence.version_withdrawn",
    _("{actor} withdrew the proposed version of licence {target}"),
    ("version",),
)
v(
    "denial.foreign_recorded",
    _("{actor} recorded denial {reference} of {state}"),
    ("state", "reference", "source"),
)
v("denial.foreign_revoked", _("{actor} recorded the revocation of denial {target}"), ("revokedOn",))
v(
    "application.denial_consulted",
    _("{actor} recorded the consultation of {state} about its denial {denial}"),
    ("state", "denial", "outcome"),
)
v("denial.revoked", _("{actor} revoked denial {reference}"), ("reference", "reason"))
v(
    "denial.exchange_exported",
    _("{actor} exported {denials} denials and {revocations} revocations, signed"),
    ("denials", "revocations", "sha256", "keyId"),
)
v(
    "denial.exchange_imported",
    _("{actor} imported the denials of {state} ({created} new, {revoked} revoked)"),
    ("state", "keyId", "sha256", "created", "updated", "revoked"),
)
