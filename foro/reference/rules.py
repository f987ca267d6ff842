import rules

# Reference lists are public knowledge; every signed-in user may read them.
rules.add_perm("reference.view", rules.is_authenticated)
