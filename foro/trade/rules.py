"""Who may see and do what in trade. Barrier steps come from the transition table
(workflow.py); these rules cover visibility and the other writes.

- Barriers: policy officers, management and representation staff see every barrier; a
  company (applicant) sees only the barriers its own organisation reported; anyone else
  inside the department sees none (the published summaries are public for everyone).
- Agreements and trade figures: everyone inside the department (and the public summaries
  of barriers: everyone, signed in or not).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import rules

from foro.core.roles import Role, roles_of
from foro.core.rules import is_applicant, is_internal, role_predicate

#: django-rules has no type hints: typed aliases of the two functions used here
_predicate: Callable[[Callable[..., bool]], Any] = rules.predicate
_add_perm: Callable[[str, Any], None] = rules.add_perm

is_policy = role_predicate(Role.POLICY)
is_barrier_reader = role_predicate(Role.POLICY, Role.MANAGEMENT, Role.POST)
is_barrier_reporter = role_predicate(Role.POLICY, Role.POST)
is_summary_approver = role_predicate(Role.POLICY, Role.MANAGEMENT)


@_predicate
def has_organisation(user: Any) -> bool:
    return bool(user.is_authenticated and user.organisation_id)


@_predicate
def reported_by_own_organisation(user: Any, barrier: Any) -> bool:
    return (
        barrier is not None
        and Role.APPLICANT in roles_of(user)
        and user.organisation_id is not None
        and barrier.organisation_id == user.organisation_id
    )


_add_perm("trade.view_barrier", is_barrier_reader | reported_by_own_organisation)
_add_perm("trade.list_barriers", is_barrier_reader | (is_applicant & has_organisation))
_add_perm("trade.report_barrier", is_barrier_reporter | (is_applicant & has_organisation))
_add_perm("trade.propose_summary", is_policy)
_add_perm("trade.approve_summary", is_summary_approver)
_add_perm("trade.view_agreement", is_internal)
_add_perm("trade.manage_agreement", is_policy)
_add_perm("trade.view_figures", is_internal)
_add_perm("trade.import_figures", is_policy)
