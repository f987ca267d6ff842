"""The treaty register's audit verbs and their timeline sentences."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from foro.core.audit import register_verb
from foro.treaties.models import Status


def _status_words(payload: dict[str, Any]) -> dict[str, Any]:
    words: dict[str, Any] = {}
    for key in ("from", "to"):
        value = payload.get(key)
        if value in Status.values:
            words[key] = str(Status(value).label)
    on = payload.get("on")
    if isinstance(on, str) and len(on) == 10:
        words["on"] = f"{on[8:10]}/{on[5:7]}/{on[0:4]}"
    return words


register_verb("treaty.created", _("{actor} entered treaty {target} in the register"))
register_verb("treaty.updated", _("{actor} changed treaty {target}"), ("changes",))
register_verb(
    "treaty.step",
    _("{actor} recorded for {target}: {to} (on {on})"),
    ("action", "from", "to", "on"),
    words=_status_words,
)
register_verb("treaty.party_saved", _("{actor} recorded party {party} of {target}"), ("party",))
register_verb(
    "treaty.statement_added",
    _("{actor} recorded a statement of {party} to {target}"),
    ("party", "kind"),
)
register_verb(
    "treaty.imported",
    _("{actor} imported {target} from {source}"),
    ("source", "file", "sha256"),
)
