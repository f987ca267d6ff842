"""Who may see and change EU-law files: policy officers write; every other internal role
reads; applicants and the public see nothing. Steps: workflow.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import rules

from foro.core.roles import INTERNAL_ROLES, Role
from foro.core.rules import role_predicate

is_internal = role_predicate(*INTERNAL_ROLES)
is_policy = role_predicate(Role.POLICY)

#: django-rules has no type hints
add_perm = cast(Callable[[str, Any], None], rules.add_perm)

add_perm("eulaw.view", is_internal)
add_perm("eulaw.change", is_policy)
