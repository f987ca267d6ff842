"""The two transition tables of licensing: one for applications, one for licences.

Services, pages (which buttons to show), the API and the tests all read these tables;
no other code decides whether a step is allowed. A guard names a rule that must hold
(its check lives in services.py next to the step); ``not_proposer`` is the four-eyes rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from foro.core.roles import Role
from foro.licensing.models import Licence, Status


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    roles: frozenset[Role]
    label: object
    #: names of the rules checked by the service (documentation and tests)
    guards: tuple[str, ...] = ()
    #: True when an applicant may only do it on their own organisation's application
    own_organisation: bool = False


APPLICANT = frozenset({Role.APPLICANT})
OFFICERS = frozenset({Role.OFFICER, Role.SENIOR})
SENIOR = frozenset({Role.SENIOR})

#: every step of an application but withdrawal, which follows from them (below)
_STEPS: tuple[Transition, ...] = (
    Transition(
        "submit", (Status.DRAFT,), Status.SUBMITTED, APPLICANT, _("Submit"), ("complete",), True
    ),
    Transition(
        "start_assessment",
        (Status.SUBMITTED,),
        Status.UNDER_ASSESSMENT,
        OFFICERS,
        _("Start the assessment"),
    ),
    Transition(
        "request_information",
        (Status.UNDER_ASSESSMENT,),
        Status.INFORMATION_REQUESTED,
        OFFICERS,
        _("Request information"),
        ("question",),
    ),
    Transition(
        "answer_information",
        (Status.INFORMATION_REQUESTED,),
        Status.UNDER_ASSESSMENT,
        APPLICANT,
        _("Answer the request"),
        ("answer",),
        True,
    ),
    Transition(
        "start_consultation",
        (Status.UNDER_ASSESSMENT,),
        Status.CONSULTATION,
        OFFICERS,
        _("Consult another body"),
        ("question", "due_date"),
    ),
    Transition(
        "add_consultation",
        (Status.CONSULTATION,),
        Status.CONSULTATION,
        OFFICERS,
        _("Consult another body"),
        ("question", "due_date"),
    ),
    Transition(
        "close_consultation",
        (Status.CONSULTATION,),
        Status.UNDER_ASSESSMENT,
        OFFICERS,
        _("Resume the assessment"),
        ("consultations_answered",),
    ),
    Transition(
        "propose_decision",
        (Status.UNDER_ASSESSMENT,),
        Status.DECISION_PROPOSED,
        OFFICERS,
        _("Propose a decision"),
        ("all_criteria_assessed", "hits_disposed", "no_blocking_check", "refusal_cites_criterion"),
    ),
    Transition(
        "countersign_grant",
        (Status.DECISION_PROPOSED,),
        Status.GRANTED,
        SENIOR,
        _("Countersign: grant"),
        ("not_proposer", "proposal_is_grant"),
    ),
    Transition(
        "countersign_refuse",
        (Status.DECISION_PROPOSED,),
        Status.REFUSED,
        SENIOR,
        _("Countersign: refuse"),
        ("not_proposer", "proposal_is_refuse"),
    ),
    Transition(
        "send_back",
        (Status.DECISION_PROPOSED,),
        Status.UNDER_ASSESSMENT,
        SENIOR,
        _("Send back to the officer"),
        ("not_proposer", "comment"),
    ),
)

#: an application is open while a step leads on from its state; once granted, refused or
#: withdrawn it is closed
OPEN_STATES: tuple[str, ...] = tuple(
    state for state in Status.values if any(state in t.sources for t in _STEPS)
)
#: open and submitted: the officers' cases (a draft is still the applicant's own)
SUBMITTED_OPEN_STATES: tuple[str, ...] = tuple(s for s in OPEN_STATES if s != Status.DRAFT)

APPLICATION_TRANSITIONS: tuple[Transition, ...] = (
    *_STEPS,
    Transition(
        "withdraw",
        OPEN_STATES,
        Status.WITHDRAWN,
        APPLICANT,
        _("Withdraw the application"),
        (),
        True,
    ),
)

LICENCE_TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "suspend",
        (Licence.Status.VALID,),
        Licence.Status.SUSPENDED,
        SENIOR,
        _("Suspend"),
        ("reason",),
    ),
    Transition(
        "reinstate",
        (Licence.Status.SUSPENDED,),
        Licence.Status.VALID,
        SENIOR,
        _("Reinstate"),
        ("reason",),
    ),
    Transition(
        "revoke",
        (Licence.Status.VALID, Licence.Status.SUSPENDED),
        Licence.Status.REVOKED,
        SENIOR,
        _("Revoke"),
        ("reason",),
    ),
    # made by the system (daily task, export records), never by a person
    Transition(
        "expire",
        (Licence.Status.VALID, Licence.Status.SUSPENDED),
        Licence.Status.EXPIRED,
        frozenset(),
        _("Expire"),
    ),
    Transition(
        "exhaust",
        (Licence.Status.VALID,),
        Licence.Status.EXHAUSTED,
        frozenset(),
        _("Mark as exhausted"),
    ),
)

_BY_ACTION = {t.action: t for t in APPLICATION_TRANSITIONS}
_LICENCE_BY_ACTION = {t.action: t for t in LICENCE_TRANSITIONS}


def application_transition(action: str) -> Transition:
    return _BY_ACTION[action]


def licence_transition(action: str) -> Transition:
    return _LICENCE_BY_ACTION[action]


def available(
    table: tuple[Transition, ...], state: str, roles: frozenset[Role]
) -> list[Transition]:
    """The steps a person with ``roles`` may take from ``state`` (before guards)."""
    return [t for t in table if state in t.sources and t.roles & roles]
