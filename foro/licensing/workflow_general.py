"""The transition tables of general licences: the prior authorisation of a company and a
company's registration for a general licence.

Services, pages (which buttons to show) and tests read these tables; no other code decides
whether a step is allowed. ``not_proposer`` is the four-eyes rule: the officer who proposed
the decision cannot take it (any other licensing officer or senior officer can).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from foro.licensing.models_general import (
    CertifiedRecipient,
    GeneralLicenceRegistration,
    PriorAuthorisation,
)
from foro.licensing.workflow import APPLICANT, OFFICERS, SENIOR, Transition, available

PA = PriorAuthorisation.Status
REG = GeneralLicenceRegistration.Status
CERT = CertifiedRecipient.Status

PRIOR_AUTHORISATION_TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "start_review",
        (PA.REQUESTED,),
        PA.UNDER_REVIEW,
        OFFICERS,
        _("Start the review"),
    ),
    Transition(
        "propose",
        (PA.UNDER_REVIEW,),
        PA.PROPOSED,
        OFFICERS,
        _("Propose a decision"),
        ("outcome", "reason", "reliability_assessed", "icp_reviewed", "consultations_answered"),
    ),
    Transition(
        "approve",
        (PA.PROPOSED,),
        PA.GRANTED,
        OFFICERS,
        _("Approve: grant"),
        ("not_proposer", "proposal_is_grant"),
    ),
    Transition(
        "confirm_refusal",
        (PA.PROPOSED,),
        PA.REFUSED,
        OFFICERS,
        _("Approve: refuse"),
        ("not_proposer", "proposal_is_refuse"),
    ),
    Transition(
        "send_back",
        (PA.PROPOSED,),
        PA.UNDER_REVIEW,
        OFFICERS,
        _("Send back to the officer"),
        ("not_proposer", "reason"),
    ),
    Transition(
        "withdraw",
        (PA.REQUESTED, PA.UNDER_REVIEW),
        PA.WITHDRAWN,
        APPLICANT,
        _("Withdraw the request"),
        (),
        True,
    ),
    Transition(
        "revoke",
        (PA.GRANTED,),
        PA.REVOKED,
        SENIOR,
        _("Revoke"),
        ("reason",),
    ),
)

#: while a prior authorisation is in one of these states the officers can still consult
#: and record the reliability check and the programme review
REVIEW_STATES: tuple[str, ...] = (PA.UNDER_REVIEW,)

REGISTRATION_TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "suspend",
        (REG.REGISTERED,),
        REG.SUSPENDED,
        OFFICERS,
        _("Suspend the company's use"),
        ("reason",),
    ),
    Transition(
        "reinstate",
        (REG.SUSPENDED,),
        REG.REGISTERED,
        OFFICERS,
        _("Reinstate the company's use"),
        ("reason",),
    ),
)

CERTIFICATE_TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "suspend", (CERT.VALID,), CERT.SUSPENDED, SENIOR, _("Suspend the certificate"), ("reason",)
    ),
    Transition(
        "reinstate",
        (CERT.SUSPENDED,),
        CERT.VALID,
        SENIOR,
        _("Reinstate the certificate"),
        ("reason",),
    ),
    Transition(
        "revoke",
        (CERT.VALID, CERT.SUSPENDED),
        CERT.REVOKED,
        SENIOR,
        _("Revoke the certificate"),
        ("reason",),
    ),
)

_CERT_BY_ACTION = {t.action: t for t in CERTIFICATE_TRANSITIONS}
_PA_BY_ACTION = {t.action: t for t in PRIOR_AUTHORISATION_TRANSITIONS}
_REG_BY_ACTION = {t.action: t for t in REGISTRATION_TRANSITIONS}


def prior_authorisation_transition(action: str) -> Transition:
    return _PA_BY_ACTION[action]


def registration_transition(action: str) -> Transition:
    return _REG_BY_ACTION[action]


def certificate_transition(action: str) -> Transition:
    return _CERT_BY_ACTION[action]


__all__ = [
    "CERTIFICATE_TRANSITIONS",
    "certificate_transition",
    "PRIOR_AUTHORISATION_TRANSITIONS",
    "REGISTRATION_TRANSITIONS",
    "REVIEW_STATES",
    "available",
    "prior_authorisation_transition",
    "registration_transition",
]
