import rules

from foro.core.rules import is_admin

# Reference lists are public knowledge; every signed-in user may read them.
rules.add_perm("reference.view", rules.is_authenticated)
# Loading a new version of a reference file changes the rules decisions are judged on.
rules.add_perm("reference.load", is_admin)
