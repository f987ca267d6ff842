"""Places on shared pages where modules add their own sections.

A module registers a builder for a slot when its app loads: ``register("country", fn)``.
``fn(request, obj)`` returns ``{"template": ..., "context": {...}}`` or None (nothing to
show, or the user may not see it); each builder applies its own module's visibility rules.

Slots: ``country`` (the country page: everything about a country), ``home`` (the home
page panels of the signed-in user).
"""

from __future__ import annotations

from collections.abc import Callable

Builder = Callable[[object, object], dict | None]

SLOTS: dict[str, list[Builder]] = {}


def register(slot: str, builder: Builder) -> None:
    builders = SLOTS.setdefault(slot, [])
    if builder not in builders:
        builders.append(builder)


def sections(slot: str, request, obj=None) -> list[dict]:
    return [section for builder in SLOTS.get(slot, []) if (section := builder(request, obj))]
