"""Who may see and do what in development cooperation. Publication steps come from the
transition table (workflow.py); these rules cover reading and editing.

Development officers write; a second development officer or management approves a
publication (four eyes, checked by the service); management and the other internal roles
read; applicants see nothing."""

from __future__ import annotations

from typing import Any

import rules

from foro.core.roles import Role
from foro.core.rules import is_internal, role_predicate

add_perm: Any = rules.add_perm

is_development_officer = role_predicate(Role.DEVCOOP)
may_approve = role_predicate(Role.DEVCOOP, Role.MANAGEMENT)

add_perm("devcoop.view", is_internal)
add_perm("devcoop.edit", is_development_officer)
add_perm("devcoop.import", is_development_officer)
add_perm("devcoop.approve", may_approve)
add_perm("devcoop.publish_organisation", may_approve)
