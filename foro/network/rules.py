"""Who may see and do what in the network. A post report's steps come from the transition
table (workflow.py); who may read a report is the selector's rule
(``selectors.reports_visible_to``)."""

import rules

from foro.core.roles import Role
from foro.core.rules import is_admin, is_internal, role_predicate

is_post_staff = role_predicate(Role.POST)
is_writer = role_predicate(Role.POLICY, Role.POST)

rules.add_perm("network.view_representation", is_internal)
rules.add_perm("network.view", is_internal)
rules.add_perm("network.write_report", is_post_staff)
rules.add_perm("network.write_mission", is_writer)
rules.add_perm("network.manage_staff", is_admin)
