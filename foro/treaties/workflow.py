"""The treaty procedure as one transition table (from, to, who, guard).

Services, pages (which buttons), the API and the tests read this table; no other code
decides whether a step is allowed. Every step records the date it happened on (which may be
earlier than the day it is recorded) and who recorded it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from foro.core.roles import Role
from foro.treaties.models import Status


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    roles: frozenset[Role]
    label: str | Promise
    #: a consequential step: the page asks for confirmation, saying what changes
    confirm: bool = False
    #: names of the rules the service checks (documentation and tests)
    guards: tuple[str, ...] = ("date_not_before_previous_step", "date_not_in_future")


POLICY = frozenset({Role.POLICY})
S = Status

TRANSITIONS: tuple[Transition, ...] = (
    Transition("initial", (S.NEGOTIATION,), S.INITIALLED, POLICY, _("Record the initialling")),
    Transition("sign", (S.NEGOTIATION, S.INITIALLED), S.SIGNED, POLICY, _("Record the signature")),
    Transition(
        "submit_assent",
        (S.SIGNED,),
        S.ASSENT_SUBMITTED,
        POLICY,
        _("Record the submission of the assent decree to the Flemish Parliament"),
    ),
    Transition(
        "adopt_assent",
        (S.ASSENT_SUBMITTED,),
        S.ASSENT_ADOPTED,
        POLICY,
        _("Record the adoption of the assent decree"),
    ),
    Transition(
        "express_consent",
        (S.ASSENT_ADOPTED,),
        S.CONSENT_EXPRESSED,
        POLICY,
        _("Record the consent (instrument deposited)"),
        confirm=True,
    ),
    Transition(
        "enter_into_force",
        (S.CONSENT_EXPRESSED,),
        S.IN_FORCE,
        POLICY,
        _("Record the entry into force"),
        confirm=True,
    ),
    Transition("suspend", (S.IN_FORCE,), S.SUSPENDED, POLICY, _("Suspend"), confirm=True),
    Transition("resume", (S.SUSPENDED,), S.IN_FORCE, POLICY, _("Resume application")),
    Transition(
        "denounce", (S.IN_FORCE, S.SUSPENDED), S.DENOUNCED, POLICY, _("Denounce"), confirm=True
    ),
    Transition(
        "terminate",
        (S.IN_FORCE, S.SUSPENDED, S.DENOUNCED),
        S.TERMINATED,
        POLICY,
        _("Record the termination"),
        confirm=True,
    ),
)

_BY_ACTION = {t.action: t for t in TRANSITIONS}

#: states in which the procedure still waits for a step of the department
PENDING_STATES: tuple[str, ...] = (
    S.NEGOTIATION,
    S.INITIALLED,
    S.SIGNED,
    S.ASSENT_SUBMITTED,
    S.ASSENT_ADOPTED,
    S.CONSENT_EXPRESSED,
)
IN_FORCE_STATES: tuple[str, ...] = (S.IN_FORCE, S.SUSPENDED)


def transition(action: str) -> Transition | None:
    return _BY_ACTION.get(action)


def available(state: str, roles: frozenset[Role]) -> list[Transition]:
    """The steps a person with ``roles`` may take from ``state``."""
    return [t for t in TRANSITIONS if state in t.sources and t.roles & roles]
