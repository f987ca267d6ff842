"""Who may see and change partner relations: every internal role reads, policy officers and
representation staff write, applicants see nothing."""

from __future__ import annotations

import rules

from foro.core.roles import Role
from foro.core.rules import is_internal, role_predicate

is_relations_writer = role_predicate(Role.POLICY, Role.POST)

rules.add_perm("relations.view", is_internal)  # type: ignore[no-untyped-call]
rules.add_perm("relations.write", is_relations_writer)  # type: ignore[no-untyped-call]
