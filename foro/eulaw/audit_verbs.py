"""EU law's audit verbs."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from foro.core.audit import register_verb
from foro.eulaw.models import Stage, TranspositionStatus


def _words(payload: dict[str, Any]) -> dict[str, Any]:
    """Stored codes as words: the state reached, the stage, a dd/mm/yyyy date."""
    words: dict[str, Any] = {}
    if payload.get("to") in TranspositionStatus.values:
        words["action"] = str(TranspositionStatus(payload["to"]).label)
    if payload.get("stage") in Stage.values:
        words["stage"] = str(Stage(payload["stage"]).label)
    on = payload.get("on")
    if isinstance(on, str) and len(on) == 10:
        words["on"] = f"{on[8:10]}/{on[5:7]}/{on[0:4]}"
    return words


register_verb("directive.created", _("{actor} registered directive {target}"))
register_verb("directive.updated", _("{actor} changed directive {target}"), ("changes",))
register_verb(
    "directive.step",
    _("{actor} recorded for {target}: {action} (on {on})"),
    ("action", "on"),
    words=_words,
)
register_verb("directive.deadline_added", _("{actor} added a deadline to {target}"), ("due_on",))
register_verb("measure.created", _("{actor} recorded transposition measure {target}"))
register_verb(
    "measure.correlation_added",
    _("{actor} added {article} to the correlation table of {target}"),
    ("article",),
)
register_verb("infringement.created", _("{actor} opened infringement case {target}"))
register_verb(
    "infringement.stage",
    _("{actor} recorded {stage} in case {target} (on {on})"),
    ("stage", "on"),
    words=_words,
)
register_verb("infringement.imported", _("{actor} imported case {target} from EUIP"), ("sha256",))
register_verb(
    "deadline.reminded",
    _("foro reminded {recipients} of the deadline of {target} ({threshold} days before)"),
    ("threshold",),
)
