"""The audit verbs of general licences, prior authorisations and certified recipients."""

from django.utils.translation import gettext_lazy as _

from foro.core.audit import register_verb as v

v(
    "prior_authorisation.requested",
    _("{actor} requested prior authorisation {target}"),
    ("organisation",),
)
v("prior_authorisation.start_review", _("{actor} started the review"), ("from", "to"))
v("prior_authorisation.consulted", _("{actor} consulted {body}"), ("body",))
v(
    "prior_authorisation.consultation_answered",
    _("{actor} recorded the answer of {body}"),
    ("body", "outcome"),
)
v(
    "prior_authorisation.review_recorded",
    _("{actor} recorded the reliability check and the programme review"),
)
v("prior_authorisation.propose", _("{actor} proposed to {outcome}"), ("from", "to", "outcome"))
v("prior_authorisation.approve", _("{actor} approved: granted"), ("from", "to", "validUntil"))
v("prior_authorisation.confirm_refusal", _("{actor} approved: refused"), ("from", "to"))
v("prior_authorisation.send_back", _("{actor} sent the proposal back"), ("from", "to"))
v("prior_authorisation.withdraw", _("{actor} withdrew the request"), ("from", "to"))
v("prior_authorisation.revoke", _("{actor} revoked the prior authorisation"), ("from", "to"))
v(
    "general_licence.registered",
    _("{actor} registered {target} for general licence {licence}"),
    ("licence",),
)
v("general_licence.suspend", _("{actor} suspended the use of {target}"), ("from", "to", "reason"))
v(
    "general_licence.reinstate",
    _("{actor} reinstated the use of {target}"),
    ("from", "to", "reason"),
)
v("general_licence.use_reported", _("{actor} reported use of {target}"), ("destination",))
v("certified_recipient.issued", _("{actor} issued certificate {target}"), ("validUntil",))
v("certified_recipient.audited", _("{actor} recorded an audit of {target}"), ("outcome",))
v(
    "certified_recipient.status_changed",
    _("{actor} changed the status of {target}"),
    ("from", "to", "reason"),
)
