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
v(
    "appeal.lodge",
    _("{actor} lodged appeal {target} against the refusal of {application}"),
    ("application",),
)
v("appeal.start_review", _("{actor} started the review of appeal {target}"), ("from", "to"))
v(
    "appeal.propose",
    _("{actor} proposed the outcome of appeal {target}: {outcome}"),
    ("from", "to", "outcome"),
)
v(
    "appeal.countersign_uphold",
    _("{actor} countersigned: appeal {target} is rejected, the refusal stands"),
    ("from", "to", "proposedBy"),
)
v(
    "appeal.countersign_overturn",
    _("{actor} countersigned: the refusal is overturned on appeal {target}, licence {licence}"),
    ("from", "to", "proposedBy", "licence"),
)
v(
    "appeal.send_back",
    _("{actor} sent the proposal of appeal {target} back: {comment}"),
    ("from", "to", "comment"),
)
v("appeal.withdraw", _("{actor} withdrew appeal {target}"), ("from", "to"))
v(
    "application.reminder_sent",
    _("A reminder was sent: {kind}, due {due}"),
    ("kind", "due", "recipients"),
)
v("ruling.ask", _("{actor} asked {target} whether an item needs a licence"), ("kind",))
v("ruling.answer", _("{actor} answered {target}: {answer}"), ("from", "to", "answer"))
v("ruling.withdraw", _("{actor} withdrew question {target}"), ("from", "to"))
