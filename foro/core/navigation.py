"""Navigation entries per module. A module that is not built yet is simply absent.

Entries are shown in groups, in the order of ``GROUPS`` (the department's work by domain,
then data and administration); within a group in the order they were registered (``before``
places an entry ahead of another). A module names its group when it registers its entry."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from foro.core.roles import INTERNAL_ROLES, Role, roles_of

#: the navigation's groups, in the order they are shown
GROUPS: tuple[str, ...] = (
    "home",  # the home page
    "world",  # countries, the network, partners, organisations
    "policy",  # treaties, EU law, trade, development cooperation
    "licensing",  # strategic goods: licences, general licences, screening
    "data",  # reports, reference data
    "admin",  # users, operations
)


@dataclass(frozen=True)
class NavItem:
    label: str | Promise  # a lazy translation, resolved when the page renders
    url_name: str
    roles: frozenset[Role]  # empty: every signed-in user
    group: str = "world"

    def __post_init__(self) -> None:
        if self.group not in GROUPS:
            raise ValueError(f"unknown navigation group {self.group!r}; one of {GROUPS}")


NAV: list[NavItem] = [
    NavItem(_("Home"), "home", frozenset(), group="home"),
    NavItem(_("Countries"), "core:country-list", frozenset(INTERNAL_ROLES)),
    NavItem(_("Organisations"), "core:organisation-list", frozenset(INTERNAL_ROLES)),
    NavItem(_("Operations"), "core:operations", frozenset({Role.ADMIN}), group="admin"),
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
    items: list[dict] = []
    for item in sorted(
        NAV, key=lambda it: GROUPS.index(it.group)
    ):  # stable: keeps the order within a group
        if item.roles and not (item.roles & roles):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        current = path == url if url == "/" else path.startswith(url)
        items.append(
            {
                "label": item.label,
                "url": url,
                "current": current,
                "group": item.group,
            }
        )
    return items
