import rules

from foro.core.rules import is_internal

rules.add_perm("network.view_representation", is_internal)
