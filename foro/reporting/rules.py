"""Who may read reports and publish open data."""

from __future__ import annotations

import rules

from foro.core.roles import Role
from foro.core.rules import role_predicate

is_report_reader = role_predicate(Role.OFFICER, Role.SENIOR, Role.MANAGEMENT)
is_management = role_predicate(Role.MANAGEMENT)

rules.add_perm("reporting.view_reports", is_report_reader)
rules.add_perm("reporting.publish", is_management)
