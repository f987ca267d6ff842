"""The transition table of an appeal of a refusal (issue 10). Like the application's table
(``workflow.py``), services, pages, the API and the tests read it; no other code decides
whether a step is allowed. ``not_proposer`` is the four-eyes rule."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from foro.core.roles import Role
from foro.licensing.models import Appeal
from foro.licensing.workflow import APPLICANT, OFFICERS, SENIOR, Transition

S = Appeal.Status

#: "lodge" has no source state: it creates the appeal (on a refused application)
APPEAL_TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "lodge",
        ("",),
        S.LODGED,
        APPLICANT,
        _("Lodge an appeal"),
        ("refused", "within_time_limit", "no_open_appeal", "grounds"),
        True,
    ),
    Transition("start_review", (S.LODGED,), S.UNDER_REVIEW, OFFICERS, _("Start the review")),
    Transition(
        "propose",
        (S.UNDER_REVIEW,),
        S.PROPOSED,
        OFFICERS,
        _("Propose the outcome"),
        ("outcome", "reasoning"),
    ),
    Transition(
        "countersign_uphold",
        (S.PROPOSED,),
        S.UPHELD,
        SENIOR,
        _("Countersign: uphold the refusal"),
        ("not_proposer", "proposal_is_uphold"),
    ),
    Transition(
        "countersign_overturn",
        (S.PROPOSED,),
        S.OVERTURNED,
        SENIOR,
        _("Countersign: overturn and issue the licence"),
        ("not_proposer", "proposal_is_overturn", "no_blocking_check"),
    ),
    Transition(
        "send_back",
        (S.PROPOSED,),
        S.UNDER_REVIEW,
        SENIOR,
        _("Send back to the officer"),
        ("not_proposer", "comment"),
    ),
    Transition(
        "withdraw",
        (S.LODGED, S.UNDER_REVIEW, S.PROPOSED),
        S.WITHDRAWN,
        APPLICANT,
        _("Withdraw the appeal"),
        (),
        True,
    ),
)

OPEN_APPEAL_STATES: tuple[str, ...] = (S.LODGED, S.UNDER_REVIEW, S.PROPOSED)
_BY_ACTION = {t.action: t for t in APPEAL_TRANSITIONS}


def appeal_transition(action: str) -> Transition:
    return _BY_ACTION[action]


def appeal_steps(state: str, roles: frozenset[Role]) -> list[Transition]:
    return [t for t in APPEAL_TRANSITIONS if state in t.sources and t.roles & roles]
