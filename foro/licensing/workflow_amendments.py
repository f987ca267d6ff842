"""The transition table of a licence version (amendment or renewal): an officer proposes,
a different senior officer countersigns (the new version comes into force) or sends it back,
the proposer may withdraw it. Services, pages, the API and the tests read this table, as
they read ``workflow.py``'s (ADR 0007). ``"new"`` is the state before a proposal exists.

Guards (checked in ``services/amendments.py``):
- ``licence_valid``: only a valid licence is amended or renewed, when proposed and when
  countersigned;
- ``one_proposal``: one proposal at a time per licence;
- ``renewal_rule``: the renewal rule of ``data/amendment_rules.toml`` (kinds, how often);
- ``within_limits``: quantities and values not below what was exported, validity within
  the kind's maximum;
- ``not_proposer``: the four-eyes rule; ``is_proposer``: only the proposer withdraws;
- ``denial_consulted``: a changed end user essentially identical to another member state's
  valid denial needs that state's consultation first (``services/denials.py``);
- ``base_in_force``: the version the proposal was made on is still the one in force.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from foro.licensing.models_amendments import LicenceVersion
from foro.licensing.workflow import OFFICERS, SENIOR, Transition

NEW = "new"
State = LicenceVersion.State

AMENDMENT_TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "propose",
        (NEW,),
        State.PROPOSED,
        OFFICERS,
        _("Propose a new version"),
        ("licence_valid", "one_proposal", "renewal_rule", "within_limits", "reason"),
    ),
    Transition(
        "countersign",
        (State.PROPOSED,),
        State.IN_FORCE,
        SENIOR,
        _("Countersign: the new version comes into force"),
        ("not_proposer", "licence_valid", "base_in_force", "denial_consulted"),
    ),
    Transition(
        "send_back",
        (State.PROPOSED,),
        State.SENT_BACK,
        SENIOR,
        _("Send the proposal back"),
        ("not_proposer", "comment"),
    ),
    Transition(
        "withdraw",
        (State.PROPOSED,),
        State.WITHDRAWN,
        OFFICERS,
        _("Withdraw the proposal"),
        ("is_proposer",),
    ),
)

_BY_ACTION = {t.action: t for t in AMENDMENT_TRANSITIONS}


def amendment_transition(action: str) -> Transition:
    return _BY_ACTION[action]
