"""The roles of DESIGN.md §2, kept as Django groups looked up by name (never by id)."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    APPLICANT = "applicant"
    OFFICER = "licensing_officer"
    SENIOR = "senior_licensing_officer"
    POLICY = "policy_officer"
    DEVCOOP = "development_officer"
    POST = "representation_staff"
    MANAGEMENT = "management"
    ADMIN = "administrator"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.APPLICANT: _("Applicant"),
    Role.OFFICER: _("Licensing officer"),
    Role.SENIOR: _("Senior licensing officer"),
    Role.POLICY: _("Policy officer"),
    Role.DEVCOOP: _("Development officer"),
    Role.POST: _("Representation staff"),
    Role.MANAGEMENT: _("Management"),
    Role.ADMIN: _("Administrator"),
}

#: Roles inside the department (everyone but applicants).
INTERNAL_ROLES = frozenset(Role) - {Role.APPLICANT}


def roles_of(user) -> frozenset[Role]:
    """The user's roles, cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_foro_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(r for r in Role if r.value in names)
        user._foro_roles = cached
    return cached


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))
