"""Who may do what in screening (django-rules), and the hit disposition table.

Screening results are internal: applicants never see them (not even their own
organisation's), and only licensing officers dispose of hits. A machine client is an
account with one of these roles using its API token.
"""

from __future__ import annotations

from dataclasses import dataclass

import rules

from foro.core.roles import Role, roles_of
from foro.core.rules import is_admin, is_management, is_officer

# Lists and their versions: everyone who works with screening, and the administrators who
# manage reference data.
rules.add_perm("screening.view_lists", is_officer | is_management | is_admin)
# Ad-hoc screening (pages, API, machine clients) and the hit queue.
rules.add_perm("screening.screen", is_officer | is_management)
rules.add_perm("screening.view_hits", is_officer | is_management)
# Writes. The command line and background tasks act as "system".
rules.add_perm("screening.dispose_hit", is_officer)
rules.add_perm("screening.register_subject", is_officer | is_admin)
rules.add_perm("screening.import_list", is_admin)
rules.add_perm("screening.rescreen", is_officer | is_admin)


OPEN, CONFIRMED, FALSE_POSITIVE = "open", "confirmed", "false_positive"
OFFICERS = frozenset({Role.OFFICER, Role.SENIOR})


@dataclass(frozen=True)
class HitTransition:
    source: str
    target: str
    roles: frozenset[Role]  # empty: only the system (re-screening)
    note: str = ""


#: Every allowed change of a hit's status. Services, pages and the API read this table;
#: anything not in it is refused.
HIT_TRANSITIONS: tuple[HitTransition, ...] = (
    HitTransition(OPEN, CONFIRMED, OFFICERS),
    HitTransition(OPEN, FALSE_POSITIVE, OFFICERS),
    HitTransition(FALSE_POSITIVE, CONFIRMED, OFFICERS, "a doubt after a false positive"),
    # Clearing a confirmed match is the riskier direction: a senior officer decides.
    HitTransition(CONFIRMED, FALSE_POSITIVE, frozenset({Role.SENIOR})),
    # Re-screening reopens a disposed hit when its list entry changed.
    HitTransition(FALSE_POSITIVE, OPEN, frozenset()),
    HitTransition(CONFIRMED, OPEN, frozenset()),
)


def hit_transition(source: str, target: str) -> HitTransition | None:
    return next((t for t in HIT_TRANSITIONS if (t.source, t.target) == (source, target)), None)


def dispositions_for(user, status: str) -> list[str]:
    """The statuses ``user`` may give a hit that is now ``status`` (for forms)."""
    roles = roles_of(user)
    return [t.target for t in HIT_TRANSITIONS if t.source == status and t.roles & roles]
