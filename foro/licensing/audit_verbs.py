"""The audit verbs of licensing, with the sentence each shows on a case timeline."""

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from foro.core.audit import register_verb as v
from foro.licensing.models import Consultation, CriterionAssessment, DecisionProposal


def _label(choices: Any, key: str) -> Any:
    """Words for a stored code: ``payload[key]`` as its choice label (the code if unknown)."""

    def words(payload: dict[str, Any]) -> dict[str, Any]:
        value = payload.get(key, "")
        return {key: str(dict(choices).get(value, value))}

    return words


def _who_decides(payload: dict[str, Any]) -> dict[str, Any]:
    minister = payload.get("ministerDecides")
    return {"who": gettext("the minister") if minister else gettext("the department")}


def _body_and_outcome(payload: dict[str, Any]) -> dict[str, Any]:
    return {
        **_label(Consultation.Body.choices, "body")(payload),
        **_label(Consultation.Outcome.choices, "outcome")(payload),
    }


v("application.created", _("{actor} created application {target}"), ("kind",))
v("application.draft_saved", _("{actor} saved the draft"))
v("application.document_added", _("{actor} added document {name}"), ("document", "kind", "sha256"))
v("application.submit", _("{actor} submitted the application"), ("from", "to"))
v("application.assigned", _("{actor} assigned the case to {officer}"), ("officer",))
v(
    "application.minister_decides",
    _("{actor} recorded that {who} takes the decision"),
    ("ministerDecides",),
    words=_who_decides,
)
v("application.start_assessment", _("{actor} started the assessment"), ("from", "to"))
v(
    "application.request_information",
    _("{actor} asked the applicant for more information"),
    ("from", "to"),
)
v(
    "application.answer_information",
    _("{actor} answered the request for information"),
    ("from", "to"),
)
v(
    "application.start_consultation",
    _("{actor} consulted {body}"),
    ("from", "to", "body"),
    words=_label(Consultation.Body.choices, "body"),
)
v(
    "application.add_consultation",
    _("{actor} also consulted {body}"),
    ("body",),
    words=_label(Consultation.Body.choices, "body"),
)
v(
    "application.consultation_answered",
    _("{actor} recorded the answer of {body}: {outcome}"),
    ("body", "outcome"),
    words=_body_and_outcome,
)
v(
    "application.close_consultation",
    _("{actor} resumed the assessment after the consultation"),
    ("from", "to"),
)
v(
    "application.criterion_assessed",
    _("{actor} assessed criterion {criterion}: {risk}"),
    ("criterion", "risk"),
    words=_label(CriterionAssessment.Risk.choices, "risk"),
)
v(
    "application.propose_decision",
    _("{actor} proposed a decision: {decision}"),
    ("from", "to", "decision"),
    words=_label(DecisionProposal.Decision.choices, "decision"),
)
v(
    "application.countersign_grant",
    _("{actor} countersigned: the licence is granted"),
    ("from", "to", "proposedBy"),
)
v(
    "application.countersign_refuse",
    _("{actor} countersigned: the licence is refused"),
    ("from", "to", "proposedBy"),
)
v(
    "application.send_back",
    _("{actor} sent the proposal back: {comment}"),
    ("from", "to", "comment"),
)
v("application.withdraw", _("{actor} withdrew the application"), ("from", "to"))
v("application.checks_run", _("{actor} ran the automatic checks again"), ("checks",))
v("licence.issued", _("{actor} issued licence {target}"), ("application", "validUntil"))
v("licence.suspend", _("{actor} suspended licence {target}: {reason}"), ("reason",))
v("licence.reinstate", _("{actor} reinstated licence {target}: {reason}"), ("reason",))
v("licence.revoke", _("{actor} revoked licence {target}: {reason}"), ("reason",))
v("licence.expire", _("Licence {target} expired: {reason}"), ("reason",))
v("licence.exhaust", _("Licence {target} is exhausted: {reason}"), ("reason",))
v(
    "licence.export_recorded",
    _("{actor} recorded an export of {quantity} under {target}"),
    ("line", "quantity", "valueEur"),
)
# the verbs of the newer instruments live in their own modules; importing them registers them
from foro.licensing import audit_verbs_amendments  # noqa: E402, F401, I001
from foro.licensing import audit_verbs_instruments  # noqa: E402, F401, I001
from foro.licensing import audit_verbs_global  # noqa: E402, F401, I001
