"""The publication life cycle of an activity, as one transition table.

Services, pages (which buttons), the API and the tests read it. ``not_requester`` is the
four-eyes rule: whoever asked for publication cannot approve or return it; ``valid``: the
activity passes the XSD, the ruleset and the codelists when publication is asked."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from foro.core.roles import Role
from foro.devcoop.models import Activity

State = Activity.State


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    roles: frozenset[Role]
    label: object
    guards: tuple[str, ...] = ()


OFFICERS = frozenset({Role.DEVCOOP})
APPROVERS = frozenset({Role.DEVCOOP, Role.MANAGEMENT})

TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "submit", (State.DRAFT,), State.SUBMITTED, OFFICERS, _("Ask for publication"), ("valid",)
    ),
    Transition(
        "approve",
        (State.SUBMITTED,),
        State.PUBLISHED,
        APPROVERS,
        _("Approve publication"),
        ("not_requester",),
    ),
    Transition(
        "return",
        (State.SUBMITTED,),
        State.DRAFT,
        APPROVERS,
        _("Return to the officer"),
        ("not_requester", "reason"),
    ),
    Transition("reopen", (State.PUBLISHED,), State.DRAFT, OFFICERS, _("Edit again")),
)

BY_ACTION = {t.action: t for t in TRANSITIONS}


def transition(action: str) -> Transition:
    return BY_ACTION[action]


def available(state: str, roles: frozenset[Role]) -> list[Transition]:
    return [t for t in TRANSITIONS if state in t.sources and t.roles & roles]
