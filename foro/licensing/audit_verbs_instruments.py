"""The audit verbs of the licensing instruments added for issue 10."""

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from foro.core.audit import register_verb as v


def _in_force(payload: dict[str, Any]) -> dict[str, Any]:
    return {
        "finding": gettext("in force") if payload.get("inForce") else gettext("no longer in force")
    }


v(
    "application.embargo_confirmed",
    _("{actor} confirmed that the {issuer} embargo measure on {country} is {finding}: {reason}"),
    ("embargo", "country", "issuer", "inForce", "reason"),
    words=_in_force,
)
