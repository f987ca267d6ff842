"""Two transition tables of EU law: the transposition of a directive and the stages of an
infringement case. Services, pages, the API and the tests read them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from foro.core.roles import Role
from foro.eulaw.models import Stage, TranspositionStatus

POLICY = frozenset({Role.POLICY})
T = TranspositionStatus


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    roles: frozenset[Role]
    label: str | Promise
    confirm: bool = False


TRANSPOSITION: tuple[Transition, ...] = (
    Transition("start", (T.NOT_STARTED,), T.IN_PROGRESS, POLICY, _("Start the transposition")),
    Transition("partial", (T.IN_PROGRESS,), T.PARTIALLY, POLICY, _("Record partial transposition")),
    Transition(
        "complete", (T.IN_PROGRESS, T.PARTIALLY), T.FULLY, POLICY, _("Record full transposition")
    ),
    Transition(
        "notify",
        (T.PARTIALLY, T.FULLY),
        T.NOTIFIED,
        POLICY,
        _("Record the notification to the Commission"),
        confirm=True,
    ),
    Transition(
        "reopen",
        (T.PARTIALLY, T.FULLY, T.NOTIFIED),
        T.IN_PROGRESS,
        POLICY,
        _("Reopen (more measures needed)"),
        confirm=True,
    ),
)

#: a case enters the first stage from "" (opened, no letter yet)
_OPEN_258 = ("", Stage.LFN_258, Stage.RO_258, Stage.RF_258)
_OPEN_260 = (Stage.LFN_260, Stage.RO_260, Stage.RF_260, Stage.SANCTION)

STAGES: tuple[Transition, ...] = (
    Transition("lfn_258", ("",), Stage.LFN_258, POLICY, _("Letter of formal notice received")),
    Transition("ro_258", (Stage.LFN_258,), Stage.RO_258, POLICY, _("Reasoned opinion received")),
    Transition(
        "rf_258", (Stage.RO_258,), Stage.RF_258, POLICY, _("Referred to the Court"), confirm=True
    ),
    Transition(
        "lfn_260",
        (Stage.RF_258,),
        Stage.LFN_260,
        POLICY,
        _("Art. 260 letter of formal notice received"),
    ),
    Transition(
        "ro_260", (Stage.LFN_260,), Stage.RO_260, POLICY, _("Art. 260 reasoned opinion received")
    ),
    Transition(
        "rf_260",
        (Stage.LFN_260, Stage.RO_260),
        Stage.RF_260,
        POLICY,
        _("Referred to the Court under Art. 260"),
        confirm=True,
    ),
    Transition(
        "sanction",
        (Stage.RF_258, Stage.RF_260),
        Stage.SANCTION,
        POLICY,
        _("Financial sanction imposed"),
        confirm=True,
    ),
    Transition(
        "close",
        (*_OPEN_258[1:], *_OPEN_260),
        Stage.CLOSED,
        POLICY,
        _("Case closed by the Commission"),
        confirm=True,
    ),
    Transition(
        "withdraw",
        (*_OPEN_258[1:], *_OPEN_260),
        Stage.WITHDRAWN,
        POLICY,
        _("Case withdrawn"),
        confirm=True,
    ),
)

OPEN_STAGES: tuple[str, ...] = (*_OPEN_258, *_OPEN_260)
DONE: tuple[str, ...] = (T.FULLY, T.NOTIFIED)


def find(table: tuple[Transition, ...], action: str) -> Transition | None:
    return next((t for t in table if t.action == action), None)


def available(
    table: tuple[Transition, ...], state: str, roles: frozenset[Role]
) -> list[Transition]:
    return [t for t in table if state in t.sources and t.roles & roles]
