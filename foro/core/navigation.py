"""Navigation entries per module. A module that is not built yet is simply absent."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from foro.core.roles import INTERNAL_ROLES, Role, roles_of


@dataclass(frozen=True)
class NavItem:
    label: str | Promise  # a lazy translation, resolved when the page renders
    url_name: str
    roles: frozenset[Role]  # empty: every signed-in user


NAV: list[NavItem] = [
    NavItem(_("Home"), "home", frozenset()),
    NavItem(_("Countries"), "core:country-list", frozenset(INTERNAL_ROLES)),
    NavItem(_("Organisations"), "core:organisation-list", frozenset(INTERNAL_ROLES)),
    NavItem(_("Operations"), "core:operations", frozenset({Role.ADMIN})),
]


def register(item: NavItem, *, before: str | None = None) -> None:
    """Modules add their entry when their app loads."""
    if any(existing.url_name == item.url_name for existing in NAV):
        return
    if before:
        for i, existing in enumerate(NAV):
            if existing.url_name == before:
                NAV.insert(i, item)
                return
    NAV.append(item)


def navigation_for(user, path: str) -> list[dict]:
    if user is None or not user.is_authenticated:
        return []
    roles = roles_of(user)
    items = []
    for item in NAV:
        if item.roles and not (item.roles & roles):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        current = path == url if url == "/" else path.startswith(url)
        items.append({"label": item.label, "url": url, "current": current})
    return items
