"""EU law's audit verbs."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from foro.core.audit import register_verb

register_verb("directive.created", _("{actor} registered directive {target}"))
register_verb("directive.updated", _("{actor} changed directive {target}"), ("changes",))
register_verb(
    "directive.step", _("{actor} recorded for {target}: {action} (on {on})"), ("action", "on")
)
register_verb("directive.deadline_added", _("{actor} added a deadline to {target}"), ("due_on",))
register_verb("measure.created", _("{actor} recorded transposition measure {target}"))
register_verb(
    "measure.correlation_added",
    _("{actor} added {article} to the correlation table of {target}"),
    ("article",),
)
register_verb("infringement.created", _("{actor} opened infringement case {target}"))
register_verb("infringement.stage", _("{actor} recorded {stage} in case {target}"), ("stage", "on"))
register_verb("infringement.imported", _("{actor} imported case {target} from EUIP"), ("sha256",))
register_verb(
    "deadline.reminded",
    _("foro reminded {recipients} of the deadline of {target} ({threshold} days before)"),
    ("threshold",),
)
