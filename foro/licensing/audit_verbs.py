"""The audit verbs of licensing, with the sentence each shows on a case timeline."""

from django.utils.translation import gettext_lazy as _

from foro.core.audit import register_verb as v

v("application.created", _("{actor} created application {target}"), ("kind",))
v("application.draft_saved", _("{actor} saved the draft"))
v("application.document_added", _("{actor} added document {name}"), ("document", "kind", "sha256"))
v("application.submit", _("{actor} submitted the application"), ("from", "to"))
v("application.assigned", _("{actor} assigned the case to {officer}"), ("officer",))
v(
    "application.minister_decides",
    _("{actor} changed who decides: the minister decides = {ministerDecides}"),
    ("ministerDecides",),
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
v("application.start_consultation", _("{actor} consulted {body}"), ("from", "to", "body"))
v("application.add_consultation", _("{actor} also consulted {body}"), ("body",))
v(
    "application.consultation_answered",
    _("{actor} recorded the answer of {body}: {outcome}"),
    ("body", "outcome"),
)
v(
    "application.close_consultation",
    _("{actor} resumed the assessment after the consultation"),
    ("from", "to"),
)
v(
    "application.criterion_assessed",
    _("{actor} assessed criterion {criterion}: risk {risk}"),
    ("criterion", "risk"),
)
v("application.propose_decision", _("{actor} proposed to {decision}"), ("from", "to", "decision"))
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
