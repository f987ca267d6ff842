"""The barrier workflow as one transition table (from, to, who, guard).

reported → assessed → escalated (to the federal level or the European Commission's
market-access database) → resolved | partly resolved | closed. Services, pages (which
buttons to show), the API and the tests read this table; nothing else decides whether a
step is allowed. A guard names a rule the service checks next to the step.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from foro.core.roles import Role, roles_of
from foro.trade.models import Barrier, BarrierStatus

S = BarrierStatus

#: who works barriers: the department's trade policy officers
POLICY = frozenset({Role.POLICY})


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    roles: frozenset[Role]
    label: str | Promise
    #: rules the service checks (documentation and tests)
    guards: tuple[str, ...] = ()


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "assess",
        (S.REPORTED,),
        S.ASSESSED,
        POLICY,
        _("Record the assessment"),
        ("note", "priority"),
    ),
    Transition(
        "escalate",
        (S.ASSESSED,),
        S.ESCALATED,
        POLICY,
        _("Escalate"),
        ("note", "escalated_to"),
    ),
    Transition(
        "resolve", (S.ASSESSED, S.ESCALATED), S.RESOLVED, POLICY, _("Mark resolved"), ("note",)
    ),
    Transition(
        "partly_resolve",
        (S.ASSESSED, S.ESCALATED),
        S.PARTLY_RESOLVED,
        POLICY,
        _("Mark partly resolved"),
        ("note",),
    ),
    Transition(
        "close",
        (S.REPORTED, S.ASSESSED, S.ESCALATED, S.PARTLY_RESOLVED),
        S.CLOSED,
        POLICY,
        _("Close without resolution"),
        ("note",),
    ),
    Transition(
        "reopen",
        (S.PARTLY_RESOLVED,),
        S.ASSESSED,
        POLICY,
        _("Reopen (work on what remains)"),
        ("note",),
    ),
)

BY_ACTION = {t.action: t for t in TRANSITIONS}


def transition(action: str) -> Transition | None:
    return BY_ACTION.get(action)


def allowed(user: object, barrier: Barrier, action: str) -> bool:
    step = BY_ACTION.get(action)
    return step is not None and barrier.status in step.sources and bool(roles_of(user) & step.roles)


def available(user: object, barrier: Barrier) -> list[Transition]:
    """The steps ``user`` may take on ``barrier`` now (the buttons a page shows)."""
    return [t for t in TRANSITIONS if allowed(user, barrier, t.action)]
