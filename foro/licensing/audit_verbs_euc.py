"""The audit verbs of end-user certificates, their verification abroad and International
Import Certificates. Every event's target is the application, so the case's timeline shows
it; none is in the portal's list of verbs an applicant sees."""

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from foro.core.audit import register_verb as v


def _answer(payload: dict[str, Any]) -> dict[str, Any]:
    from foro.licensing.models_euc import EucVerification

    value = payload.get("answer", "")
    labels = dict(EucVerification.Answer.choices)
    return {"answer": str(labels.get(value, value))}


def _review(payload: dict[str, Any]) -> dict[str, Any]:
    accepted = payload.get("review") == "accepted"
    return {"review": gettext("accepted") if accepted else gettext("not acceptable")}


v(
    "application.euc_saved",
    _("{actor} entered end-user certificate {reference} ({country}, {issuedOn})"),
    ("reference", "country", "issuedOn", "noReexport"),
)
v(
    "application.euc_reviewed",
    _("{actor} reviewed the end-user certificate: {review}"),
    ("review",),
    words=_review,
)
v(
    "application.euc_verification_request",
    _("{actor} asked {post} to verify the end-user certificate ({verification})"),
    ("verification", "post", "from", "to"),
)
v(
    "application.euc_verification_answer",
    _("{actor} ({post}) answered verification {verification}: {answer}"),
    ("verification", "post", "from", "to", "answer"),
    words=_answer,
)
v(
    "application.euc_verification_withdraw",
    _("{actor} withdrew verification request {verification}: {reason}"),
    ("verification", "post", "from", "to", "reason"),
)
v(
    "application.iic_propose",
    _(
        "{actor} proposed an International Import Certificate (exporting country {exportingCountry})"
    ),
    ("certificate", "from", "to", "exportingCountry"),
)
v(
    "application.iic_issue",
    _("{actor} countersigned: International Import Certificate {number} is issued"),
    ("certificate", "from", "to", "number", "validUntil"),
)
v(
    "application.iic_send_back",
    _("{actor} sent the import certificate proposal back: {comment}"),
    ("certificate", "from", "to", "comment"),
)
