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
