"""Permission rules of the core app (django-rules). Checked in services and selectors."""

from __future__ import annotations

import rules

from foro.core.roles import INTERNAL_ROLES, Role, roles_of


def role_predicate(*roles: Role):
    wanted = frozenset(roles)

    @rules.predicate(name=f"has_role({','.join(sorted(wanted))})")
    def _pred(user) -> bool:
        return bool(roles_of(user) & wanted)

    return _pred


is_internal = role_predicate(*INTERNAL_ROLES)
is_applicant = role_predicate(Role.APPLICANT)
is_admin = role_predicate(Role.ADMIN)
is_management = role_predicate(Role.MANAGEMENT)
is_officer = role_predicate(Role.OFFICER, Role.SENIOR)


@rules.predicate
def is_member_of(user, organisation) -> bool:
    return (
        organisation is not None
        and user.is_authenticated
        and user.organisation_id == organisation.pk
    )


# Countries, objectives and reference lists are public knowledge inside the platform.
rules.add_perm("core.view_country", rules.is_authenticated)
# The country page joins internal information (network, cases): staff only.
rules.add_perm("core.view_country_page", is_internal)
rules.add_perm("core.view_objective", rules.is_authenticated)
# Organisations: staff see all; an applicant sees only their own.
rules.add_perm("core.view_organisation", is_internal | is_member_of)
rules.add_perm("core.list_organisations", is_internal)
rules.add_perm("core.change_organisation", is_admin | is_officer)
rules.add_perm("core.add_organisation", is_admin | is_officer)
rules.add_perm("core.manage_users", is_admin)
rules.add_perm("core.view_audit", is_admin | is_management)
rules.add_perm("core.upload_document", rules.is_authenticated)
# Operations: lifting a sign-in lock, seeing stuck and failed background tasks.
rules.add_perm("core.unlock_signin", is_admin)
rules.add_perm("core.view_operations", is_admin)
